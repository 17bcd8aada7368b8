/**
 * Text and attribute escaping for the report's SVG and HTML. Everything in a report that came from Azure or
 * from a topology file (VNet names, groups, peering names, messages quoting them) is user input: it must
 * never become markup. The output is valid in HTML and in XML (the SVG stands alone too), so characters XML
 * 1.0 forbids (control characters, lone surrogates) are dropped rather than passed on.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// XML 1.0 Char production, minus what we escape: tab, LF, CR and everything from U+0020 but lone surrogates, U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `value` as text or as a double- or single-quoted attribute value. */
export function escapeXml(value: string | number | boolean): string {
  return String(value)
    .replace(NOT_XML_CHAR, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
