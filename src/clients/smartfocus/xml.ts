/**
 * Reading SmartFocus response XML with fast-xml-parser: text kept exactly (a `<result>` log file's
 * whitespace and line ends matter; `007` is text, not 7), attributes kept (`xsi:type` says a
 * member value's type), elements that repeat always read as arrays, entities decoded once.
 */
import { XMLParser, type EntityDecoderOptions } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;

/**
 * XML's five named entities and numeric references (the log file's `&#13;` is a CR) in one pass,
 * so `&amp;pound;` is the text `&pound;`. DOCTYPE entities are ignored (no expansion attacks).
 */
const entityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (text) =>
    text.includes('&')
      ? text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
          if (name !== undefined) return NAMED[name]!;
          const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
          return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
        })
      : text,
};

/** Elements that may repeat in some response: always arrays, so one item reads like many. */
const REPEATED = new Set(['member', 'entry', 'list', 'lastUploads', 'flatUploadSummaryEntity', 'element']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  entityDecoder,
  isArray: (name) => REPEATED.has(name),
});

export function parseXml(text: string): XmlNode | null {
  try {
    const doc: unknown = parser.parse(text, true);
    return isNode(doc) ? doc : null;
  } catch {
    return null;
  }
}

export function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first child element `name` as a node ('' and text-only elements become nodes too). */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  const v = node[name];
  const first = Array.isArray(v) ? (v[0] as unknown) : v;
  if (first === undefined) return undefined;
  if (isNode(first)) return first;
  return { '#text': String(first) };
}

/** Every child element `name`, as nodes. */
export function children(node: XmlNode, name: string): XmlNode[] {
  const v = node[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((item: unknown) => (isNode(item) ? item : { '#text': String(item) }));
}

/** The text of an element node ('' when empty). */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  const t = node['#text'];
  return t === undefined ? '' : String(t);
}

/** The text of child `name`, or null when there is no such child. */
export function childText(node: XmlNode, name: string): string | null {
  const c = child(node, name);
  return c === undefined ? null : textOf(c);
}

export function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@${name}`];
  return v === undefined ? undefined : String(v);
}
