import { XMLParser, type EntityDecoderOptions } from 'fast-xml-parser';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;

/**
 * XML's five named entities and numeric references (`&#163;`), decoded in one pass so `&amp;pound;`
 * becomes the text `&pound;` and nothing more. HTML names (`&pound;`) are not XML and stay as
 * written; entities a DOCTYPE declares are ignored (no expansion attacks).
 */
function xmlEntityDecoder(): EntityDecoderOptions {
  return {
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: (text) =>
      text.includes('&')
        ? text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
            if (name !== undefined) return XML_ENTITIES[name]!;
            const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
          })
        : text,
  };
}

/**
 * The parser for XML the SmartFocus clients send (synchroMember, MultiSendRequest): values stay
 * text exactly as sent (`007` is a postcode, not 7; spaces kept), attributes and declarations are
 * ignored, entities decoded once.
 */
export function requestXmlParser(isArray?: (name: string) => boolean): XMLParser {
  return new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues: false,
    entityDecoder: xmlEntityDecoder(),
    ...(isArray ? { isArray } : {}),
  });
}

/** An element with children, as the parser returns it. */
export type XmlElement = Record<string, unknown>;

export function isXmlElement(v: unknown): v is XmlElement {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
