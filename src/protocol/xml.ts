/**
 * A minimal XML writer for the STS Query protocol's responses. Hand-written rather than a
 * dependency: STS answers are a handful of fixed, flat elements with text content, and the only
 * thing to get right is escaping (XML 1.0 §2.4: `&` and `<` must be escaped in character data; `>`
 * is escaped too so `]]>` can never appear). Characters XML 1.0 cannot carry at all (C0 controls
 * but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF) are replaced by U+FFFD, never emitted raw.
 */

/** A tree: an element name and either text or child elements; `undefined` children are left out. */
export type XmlNode = readonly [name: string, content: string | readonly (XmlNode | undefined)[]];

const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes character data (also safe inside a double-quoted attribute). */
export function escapeXml(text: string): string {
  return text.replace(notXmlChar, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function render(node: XmlNode, xmlns?: string): string {
  const [name, content] = node;
  const open = xmlns === undefined ? `<${name}>` : `<${name} xmlns="${escapeXml(xmlns)}">`;
  const inner = typeof content === 'string'
    ? escapeXml(content)
    : content.map((child) => (child === undefined ? '' : render(child))).join('');
  return `${open}${inner}</${name}>`;
}

/** The document: its root element carries `xmlns`. No XML declaration, as STS sends none. */
export function xmlDocument(root: XmlNode, xmlns: string): string {
  return render(root, xmlns);
}
