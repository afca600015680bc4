// Where each element of a domain definition sits in the text libvirt printed, so an edit can change one
// element and leave every other byte alone. saxes (a conformant, position-tracking XML parser) finds the
// elements; the edits splice the original text (domain-edit.ts). A DOM round trip would re-serialize the
// whole document (quotes, empty elements, whitespace) and the diff would no longer prove anything.
import { SaxesParser } from 'saxes';
import { parseDomainXml } from '../probe/domain-xml';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** offset of the "<" of the start tag */
  start: number;
  /** offset just after the ">" of the start tag */
  openEnd: number;
  /** offset just after the ">" of the end tag (= openEnd for an empty-element tag) */
  end: number;
  selfClosing: boolean;
  children: XmlElement[];
  text: string;
}

/**
 * The element tree of a domain definition with source offsets. The document first passes the probe's
 * domain XML policy (bounded size and counts, no DOCTYPE, well-formed): it comes from a host we only
 * half trust. Throws an Error that says what is wrong.
 */
export function parseXmlTree(xml: string): XmlElement {
  parseDomainXml(xml);
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const tagEnd = () => {
    const at = parser.position;
    if (xml[at - 1] !== '>') throw new Error(`domain XML: cannot locate a tag ending at offset ${at}`);
    return at;
  };
  parser.on('opentag', (tag) => {
    const openEnd = tagEnd();
    const start = xml.lastIndexOf('<', openEnd - 1);
    const element: XmlElement = {
      name: tag.name,
      attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)])),
      start,
      openEnd,
      end: openEnd,
      selfClosing: tag.isSelfClosing,
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    if (!root) root = element;
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    const element = stack.pop();
    if (element) element.end = tagEnd();
  });
  parser.write(xml).close();
  if (!root) throw new Error('domain XML: no root element');
  return root;
}

/** The first child element named `name`, or undefined. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** The whitespace that starts the line `offset` is on (the element's indentation). */
export function indentAt(xml: string, offset: number): string {
  const lineStart = xml.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(xml.slice(lineStart, offset))?.[0] ?? '';
}
