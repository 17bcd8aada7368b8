/**
 * CIDR math for address spaces, on `ipaddr.js`.
 *
 * Prefixes travel as strings (they are JSON and go through orchestration history); functions here parse
 * them on demand through a small cache, since drift classification compares tens of thousands of them.
 * IPv4 and IPv6 are both handled; an IPv4 prefix never overlaps an IPv6 one.
 */
import ipaddr from 'ipaddr.js';

/** IP version of a prefix or address. */
export type IpVersion = 'ipv4' | 'ipv6';

/** A parsed prefix, as plain data. */
export interface ParsedCidr {
  /** The text as given. */
  readonly input: string;
  /** Network address + length: `10.1.0.1/16` → `10.1.0.0/16`; IPv6 in RFC 5952 form. */
  readonly canonical: string;
  readonly version: IpVersion;
  readonly prefixLength: number;
  /** Whether `input` already is the canonical form (host bits zero, no odd spelling). */
  readonly isCanonical: boolean;
}

/** Thrown for text that is not an IPv4/IPv6 prefix; `code` is ARM's code for the same refusal. */
export class CidrError extends Error {
  override readonly name = 'CidrError';
  readonly code = 'InvalidAddressPrefixFormat';
  constructor(readonly input: string) {
    super(`'${input}' is not a valid address prefix: expected CIDR notation such as 10.1.0.0/16 or fd00:1::/64`);
  }
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

interface Prefix {
  readonly parsed: ParsedCidr;
  readonly network: Address;
}

const CACHE_LIMIT = 100_000;
const cache = new Map<string, Prefix | null>();

function bitsOf(address: Address): number {
  return address.kind() === 'ipv4' ? 32 : 128;
}

function parseUncached(text: string): Prefix | null {
  const input = text.trim();
  // Four-part decimal only: ipaddr.js also accepts `10.1/16` and hex octets, which ARM rejects.
  const v4 = ipaddr.IPv4.isValidCIDRFourPartDecimal(input);
  const v6 = !v4 && !input.includes('%') && ipaddr.IPv6.isValidCIDR(input);
  if (!v4 && !v6) return null;
  const lengthText = input.slice(input.indexOf('/') + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(lengthText)) return null;
  const [address, prefixLength] = ipaddr.parseCIDR(input);
  const network = ipaddr.fromByteArray(maskBytes(address.toByteArray(), prefixLength));
  const canonical = `${network.toString()}/${prefixLength}`;
  const version: IpVersion = network.kind();
  return { parsed: { input: text, canonical, version, prefixLength, isCanonical: canonical === text }, network };
}

function maskBytes(bytes: number[], prefixLength: number): number[] {
  return bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, prefixLength - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
}

function lookup(text: string): Prefix | null {
  let entry = cache.get(text);
  if (entry === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    entry = parseUncached(text);
    cache.set(text, entry);
  }
  return entry;
}

function prefixOf(text: string): Prefix {
  const entry = lookup(text);
  if (!entry) throw new CidrError(text);
  return entry;
}

/** Parses a prefix; throws {@link CidrError} when `text` is not CIDR notation. Non-canonical input is accepted and flagged. */
export function parseCidr(text: string): ParsedCidr {
  return prefixOf(text).parsed;
}

/** Parses a prefix, or returns `undefined` when `text` is not CIDR notation. */
export function tryParseCidr(text: string): ParsedCidr | undefined {
  return lookup(text)?.parsed;
}

/** The canonical form of a prefix (`10.1.0.1/16` → `10.1.0.0/16`). Throws {@link CidrError}. */
export function canonicalCidr(text: string): string {
  return prefixOf(text).parsed.canonical;
}

/** Whether `address` is a plain IPv4 (four-part decimal) or IPv6 address. */
export function isIpAddress(address: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(address) || ipaddr.IPv6.isValid(address);
}

function sameFamily(a: Address, b: Address): boolean {
  return a.kind() === b.kind();
}

function addressOrPrefix(text: string): Prefix {
  if (text.includes('/')) return prefixOf(text);
  if (!isIpAddress(text)) throw new CidrError(text);
  const network = ipaddr.parse(text);
  const length = bitsOf(network);
  return prefixOf(`${network.toString()}/${length}`);
}

/**
 * Whether prefix `outer` contains `inner`, which may be a prefix or a single address.
 * A prefix contains itself. Throws {@link CidrError} on malformed input.
 */
export function cidrContains(outer: string, inner: string): boolean {
  const o = prefixOf(outer);
  const i = addressOrPrefix(inner);
  if (!sameFamily(o.network, i.network)) return false;
  if (o.parsed.prefixLength > i.parsed.prefixLength) return false;
  return i.network.match(o.network, o.parsed.prefixLength);
}

/** Whether two prefixes share at least one address. Throws {@link CidrError} on malformed input. */
export function cidrsOverlap(a: string, b: string): boolean {
  const pa = prefixOf(a);
  const pb = prefixOf(b);
  if (!sameFamily(pa.network, pb.network)) return false;
  const bits = Math.min(pa.parsed.prefixLength, pb.parsed.prefixLength);
  return pa.network.match(pb.network, bits);
}

/** One overlapping pair of prefixes, `a` from the first list and `b` from the second, in canonical form. */
export interface PrefixOverlap {
  readonly a: string;
  readonly b: string;
}

/**
 * Every overlapping pair between two prefix lists, in the order of `a` then `b`. Empty when the spaces
 * are disjoint. Throws {@link CidrError} on malformed input.
 */
export function findOverlaps(a: readonly string[], b: readonly string[]): PrefixOverlap[] {
  const overlaps: PrefixOverlap[] = [];
  for (const left of a) {
    for (const right of b) {
      if (cidrsOverlap(left, right)) overlaps.push({ a: canonicalCidr(left), b: canonicalCidr(right) });
    }
  }
  return overlaps;
}

/** Overlapping pairs inside one list (each unordered pair once), e.g. a VNet whose own prefixes collide. */
export function findSelfOverlaps(prefixes: readonly string[]): PrefixOverlap[] {
  const overlaps: PrefixOverlap[] = [];
  prefixes.forEach((left, i) => {
    for (const right of prefixes.slice(i + 1)) {
      if (cidrsOverlap(left, right)) overlaps.push({ a: canonicalCidr(left), b: canonicalCidr(right) });
    }
  });
  return overlaps;
}

/** Prefixes added and removed between two address spaces, compared canonically, each sorted. */
export interface AddressSpaceDiff {
  readonly added: string[];
  readonly removed: string[];
}

/** Canonical, de-duplicated, sorted form of a prefix list. Throws {@link CidrError}. */
export function normalizeAddressSpace(prefixes: readonly string[]): string[] {
  return [...new Set(prefixes.map(canonicalCidr))].sort(comparePrefixes);
}

/** What changed from `before` to `after` (`10.1.0.1/16` and `10.1.0.0/16` count as the same prefix). */
export function diffAddressSpace(before: readonly string[], after: readonly string[]): AddressSpaceDiff {
  const was = new Set(normalizeAddressSpace(before));
  const now = new Set(normalizeAddressSpace(after));
  return {
    added: [...now].filter((p) => !was.has(p)),
    removed: [...was].filter((p) => !now.has(p)),
  };
}

/** Whether two address spaces hold the same prefixes, ignoring order, duplicates and spelling. */
export function sameAddressSpace(a: readonly string[], b: readonly string[]): boolean {
  const diff = diffAddressSpace(a, b);
  return diff.added.length === 0 && diff.removed.length === 0;
}

/**
 * The prefix of `prefixes` that holds `address` (the most specific one when several do), or `undefined`.
 * Malformed entries in `prefixes` are skipped; a malformed `address` throws {@link CidrError}.
 */
export function prefixContaining(address: string, prefixes: readonly string[]): string | undefined {
  addressOrPrefix(address);
  let best: ParsedCidr | undefined;
  for (const candidate of prefixes) {
    const parsed = tryParseCidr(candidate);
    if (!parsed || !cidrContains(candidate, address)) continue;
    if (!best || parsed.prefixLength > best.prefixLength) best = parsed;
  }
  return best?.canonical;
}

/** Orders prefixes IPv4 before IPv6, then by network address, then by length (stable output for plans). */
export function comparePrefixes(a: string, b: string): number {
  const pa = prefixOf(a);
  const pb = prefixOf(b);
  if (pa.parsed.version !== pb.parsed.version) return pa.parsed.version === 'ipv4' ? -1 : 1;
  const ba = pa.network.toByteArray();
  const bb = pb.network.toByteArray();
  for (let i = 0; i < ba.length; i++) {
    const d = (ba[i] ?? 0) - (bb[i] ?? 0);
    if (d !== 0) return d;
  }
  return pa.parsed.prefixLength - pb.parsed.prefixLength;
}
