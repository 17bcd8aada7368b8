/**
 * IPv4 prefix math for the emulator, written here on purpose: `local/arm` must not share CIDR code (or
 * `ipaddr.js`) with `src/`, so a bug on one side is not mirrored on the other.
 */

/** A parsed IPv4 prefix: first address and length, both as numbers. */
export interface Ipv4Prefix {
  /** The prefix as written (`10.1.0.0/16`). */
  text: string;
  /** First address as an unsigned 32-bit number. */
  start: number;
  /** Last address as an unsigned 32-bit number. */
  end: number;
  length: number;
}

const octet = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted IPv4 address into an unsigned 32-bit number, or `undefined` when malformed. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => octet.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Formats an unsigned 32-bit number as a dotted IPv4 address. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Parses `a.b.c.d/n`. Returns `undefined` for malformed text and for a prefix whose address has host bits
 * set (`10.1.1.0/16`), which Azure refuses as well.
 */
export function parsePrefix(text: string): Ipv4Prefix | undefined {
  const [address, lengthText, extra] = text.split('/');
  if (address === undefined || lengthText === undefined || extra !== undefined || !/^\d{1,2}$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  const start = parseIpv4(address);
  if (start === undefined || length > 32) return undefined;
  const size = 2 ** (32 - length);
  if (start % size !== 0) return undefined;
  return { text, start, end: start + size - 1, length };
}

/** Whether two prefixes share at least one address. */
export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Whether `inner` lies entirely inside `outer`. */
export function prefixContains(outer: Ipv4Prefix, inner: Ipv4Prefix): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Whether the address lies inside the prefix. */
export function prefixContainsAddress(prefix: Ipv4Prefix, address: number): boolean {
  return prefix.start <= address && address <= prefix.end;
}

/** Parses a list of prefixes that were validated on the way in (throws on a malformed one: a bug). */
export function parsePrefixes(texts: readonly string[]): Ipv4Prefix[] {
  return texts.map((text) => {
    const prefix = parsePrefix(text);
    if (!prefix) throw new Error(`cidr: stored prefix '${text}' is malformed`);
    return prefix;
  });
}

/** The prefixes of `a` that overlap any prefix of `b`, as text (for ARM's "Overlapping address prefixes" list). */
export function overlappingPrefixes(a: readonly string[], b: readonly string[]): string[] {
  const right = parsePrefixes(b);
  return parsePrefixes(a)
    .filter((left) => right.some((r) => prefixesOverlap(left, r)))
    .map((p) => p.text);
}

/** Whether two prefix lists hold the same prefixes, in any order. */
export function samePrefixes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((p) => set.has(p));
}
