// POST /NMSXML: the MultiSendRequest document (docs/protocols/smartfocus.md §Notification).
//
//   <MultiSendRequest><sendrequest><email/><encrypt/><random/><senddate/><uidkey/><synchrotype/>
//     <dyn><entry><key/><value/></entry>…</dyn><content><entry><key/><value/></entry>…</content>
//   </sendrequest>…</MultiSendRequest>
//
// The PHP client writes the elements in its own order with entity-escaped text; the vendor's
// sample puts dyn/content first and uses CDATA. Any order is accepted, element names compare
// case-insensitively, unknown elements (the client passes any additional parameter through) are
// ignored. Entities are decoded once: `&amp;pound;` arrives as the text `&pound;`, which is what
// the client meant (an HTML entity inside the content block).
import { isXmlElement, parseRequestXml, requestXmlParser, requestXmlProblem, type XmlElement } from '../common/request-xml.js';
import type { SendRequest } from './send-request.js';

const parser = requestXmlParser();

type Node = XmlElement;
const isNode = isXmlElement;

function asArray(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The children named `name` (case-insensitive), in document order per spelling. */
function children(node: Node, name: string): unknown[] {
  const lower = name.toLowerCase();
  return Object.keys(node).filter((k) => k.toLowerCase() === lower).flatMap((k) => asArray(node[k]));
}

/** Text of a leaf element (text, CDATA or both); '' for an empty element; null for one with child elements. */
function leafText(v: unknown): string | null {
  if (v === undefined || v === '') return '';
  if (typeof v === 'string') return v;
  if (isNode(v) && Object.keys(v).every((k) => k === '#text')) return String(v['#text'] ?? '');
  return null;
}

function text(node: Node, name: string): string {
  const first = children(node, name)[0];
  return leafText(first)?.trim() ?? '';
}

/** `<entry><key>k</key><value>v</value></entry>` pairs; a missing value is ''. Entries without a key are skipped. */
function entries(node: Node, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const container of children(node, name)) {
    if (!isNode(container)) continue;
    for (const entry of children(container, 'entry')) {
      if (!isNode(entry)) continue;
      const key = leafText(children(entry, 'key')[0])?.trim() ?? '';
      const value = leafText(children(entry, 'value')[0]) ?? '';
      if (key === '') continue;
      // defineProperty: a key such as `__proto__` is data, not the object's prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function toSendRequest(node: Node): SendRequest {
  return {
    random: text(node, 'random'),
    encrypt: text(node, 'encrypt'),
    email: text(node, 'email'),
    senddate: text(node, 'senddate'),
    uidkey: text(node, 'uidkey'),
    stype: text(node, 'synchrotype'),
    dyn: entries(node, 'dyn'),
    content: entries(node, 'content'),
  };
}

export type MultiSendParse = { ok: true; requests: SendRequest[] } | { ok: false; description: string; fields: string };

/** Most send requests one document may carry; each becomes a message. */
export const MAX_SEND_REQUESTS = 1000;

/** Reads the document: a MultiSendRequest root (a lone <sendrequest> root is accepted too). */
export function parseMultiSendRequest(body: unknown): MultiSendParse {
  if (typeof body !== 'string' || body.trim() === '') return { ok: false, description: 'The request body must be a MultiSendRequest XML document.', fields: 'MultiSendRequest' };
  const parsed = parseRequestXml(parser, body);
  if (!parsed.ok) return { ok: false, description: requestXmlProblem(parsed), fields: 'MultiSendRequest' };
  const doc = parsed.doc;
  if (!isNode(doc)) return { ok: false, description: 'The request body must be a MultiSendRequest XML document.', fields: 'MultiSendRequest' };
  const root = children(doc, 'MultiSendRequest')[0];
  const nodes = root !== undefined ? (isNode(root) ? children(root, 'sendrequest') : []) : children(doc, 'sendrequest');
  // An empty <sendrequest/> is a request missing everything: it gets the vendor's parameter error.
  const requests = nodes.map((n) => toSendRequest(isNode(n) ? n : {}));
  if (requests.length === 0) return { ok: false, description: 'The MultiSendRequest must contain at least one sendrequest.', fields: 'sendrequest' };
  if (requests.length > MAX_SEND_REQUESTS) return { ok: false, description: `A MultiSendRequest may contain at most ${MAX_SEND_REQUESTS} sendrequest elements.`, fields: 'sendrequest' };
  return { ok: true, requests };
}
