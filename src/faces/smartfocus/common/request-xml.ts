import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';

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
export function requestXmlParser(isArray?: (name: string) => boolean, trimValues = false): XMLParser {
  return new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues,
    entityDecoder: xmlEntityDecoder(),
    ...(isArray ? { isArray } : {}),
  });
}

/**
 * Whether the document has a DOCTYPE outside CDATA sections and comments (an HTML template in a
 * CDATA section may well start with `<!DOCTYPE html>`). One linear pass: a regular expression
 * over unclosed sections would be quadratic on a hostile body.
 */
export function declaresDoctype(xml: string): boolean {
  let at = xml.indexOf('<!');
  while (at >= 0) {
    if (xml.startsWith('<![CDATA[', at)) at = xml.indexOf(']]>', at + 9);
    else if (xml.startsWith('<!--', at)) at = xml.indexOf('-->', at + 4);
    else if (xml.slice(at + 2, at + 9).toUpperCase() === 'DOCTYPE') return true;
    else at += 2;
    if (at < 0) return false;
    at = xml.indexOf('<!', at);
  }
  return false;
}

export type RequestXml = { ok: true; doc: unknown } | { ok: false; reason: 'doctype' | 'malformed'; detail: string };

/**
 * Reads a request body. No client of these services sends a DOCTYPE, and one is how external
 * entities (file or network reads) and entity expansion bombs get in, so any DOCTYPE is refused
 * before the parser sees it; what the parser still rejects is malformed, never an exception.
 */
export function parseRequestXml(parser: XMLParser, xml: string): RequestXml {
  if (declaresDoctype(xml)) return { ok: false, reason: 'doctype', detail: 'a DOCTYPE declaration is not accepted' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: 'malformed', detail: valid.err.msg };
  try {
    return { ok: true, doc: parser.parse(xml) as unknown };
  } catch (err) {
    return { ok: false, reason: 'malformed', detail: err instanceof Error ? err.message : 'unreadable XML' };
  }
}

/** The description a face answers for a body parseRequestXml refused. */
export function requestXmlProblem(failure: { reason: 'doctype' | 'malformed' }): string {
  return failure.reason === 'doctype' ? 'The request body must not declare a DOCTYPE.' : 'The request body is not well-formed XML.';
}

/** An element with children, as the parser returns it. */
export type XmlElement = Record<string, unknown>;

export function isXmlElement(v: unknown): v is XmlElement {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
