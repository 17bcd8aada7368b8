/**
 * A strict little XML parser for the report's tests: the SVG and the HTML page are generated as well-formed
 * XML, so a tree parsed here is the structure a browser builds, and anything ill-formed (an unescaped `<` or
 * `&` from a VNet name, an unclosed tag, a duplicate or unquoted attribute) throws with its offset.
 *
 * Covers what the report emits: elements, attributes, text, the five predefined entities and numeric
 * references, comments, a leading `<!DOCTYPE …>` / `<?xml …?>`. No DTDs, CDATA or namespaces logic.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

export class XmlError extends Error {}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITY: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string, offset: number) => {
    if (!whole.endsWith(';')) throw new XmlError(`bare '&' at ${at + offset}`);
    const named = ENTITY[ref];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (!numeric) throw new XmlError(`unknown entity &${ref}; at ${at + offset}`);
    return String.fromCodePoint(numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]));
  });
}

/** Parses a document with one root element; throws {@link XmlError} when it is not well-formed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) throw new XmlError(`name expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const expect = (s: string) => {
    if (!text.startsWith(s, i)) throw new XmlError(`'${s}' expected at ${i}, found '${text.slice(i, i + 12)}'`);
    i += s.length;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) throw new XmlError(`unclosed comment at ${i}`);
        i = end + 3;
      } else if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) throw new XmlError(`unclosed processing instruction at ${i}`);
        i = end + 2;
      } else if (/^<!DOCTYPE\s/i.test(text.slice(i, i + 10))) {
        const end = text.indexOf('>', i);
        i = end + 1;
      } else return;
    }
  };

  const element = (): XmlElement => {
    expect('<');
    const tag = name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name: tag, attrs, children: [] };
      }
      if (text[i] === '>') {
        i += 1;
        break;
      }
      if (i === before) throw new XmlError(`space expected before an attribute at ${i} in <${tag}>`);
      const attr = name();
      if (attr in attrs) throw new XmlError(`duplicate attribute ${attr} at ${i} in <${tag}>`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") throw new XmlError(`quoted value expected at ${i} for ${attr} in <${tag}>`);
      const end = text.indexOf(quote, i + 1);
      if (end < 0) throw new XmlError(`unclosed attribute value at ${i}`);
      const raw = text.slice(i + 1, end);
      if (raw.includes('<')) throw new XmlError(`'<' in the value of ${attr} at ${i} in <${tag}>`);
      attrs[attr] = decode(raw, i + 1);
      i = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (i >= text.length) throw new XmlError(`<${tag}> not closed`);
      if (text.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== tag) throw new XmlError(`</${closing}> closes <${tag}> at ${i}`);
        skipSpace();
        expect('>');
        return { name: tag, attrs, children };
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) throw new XmlError(`unclosed comment at ${i}`);
        i = end + 3;
        continue;
      }
      if (text[i] === '<') {
        children.push(element());
        continue;
      }
      const next = text.indexOf('<', i);
      const end = next < 0 ? text.length : next;
      children.push(decode(text.slice(i, end), i));
      i = end;
    }
  };

  skipMisc();
  const root = element();
  skipMisc();
  if (i !== text.length) throw new XmlError(`content after the root element at ${i}`);
  return root;
}

/** Every element under (and including) `root` that `match` accepts, in document order. */
export function findAll(root: XmlElement, match: (e: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (match(e)) found.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return found;
}

/** The text content of an element (its descendants' text, concatenated). */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
