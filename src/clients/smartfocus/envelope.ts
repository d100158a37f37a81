/**
 * The SmartFocus response envelope (docs/protocols/smartfocus.md §Envelope):
 *   success: `<response responseStatus="success">…<result xsi:type="…">value</result>…</response>`
 *   failure: `<response responseStatus="failed"><description/><fields/><status/></response>` (HTTP 500)
 * Unlike the PHP RestResponseParser (which only looks for `<result>`), responseStatus decides, and a
 * failure becomes a SmartFocusError; a body that is not such a document is one too (INVALID_RESPONSE).
 */
import type { HttpResponse } from '../transport.js';
import { INVALID_RESPONSE, SmartFocusError } from './errors.js';
import { attr, child, childText, parseXml, type XmlNode } from './xml.js';

export interface Envelope {
  /** The `<response>` element. */
  response: XmlNode;
  /** The body as received. */
  raw: string;
  httpStatus: number;
}

/** Checks the envelope; throws SmartFocusError for a failure or an unreadable body. */
export function readEnvelope(res: HttpResponse): Envelope {
  const raw = res.body.toString('utf8');
  const doc = parseXml(raw);
  const response = doc === null ? undefined : child(doc, 'response');
  if (response === undefined) {
    const what = res.status >= 400 ? `HTTP ${res.status} without a SmartFocus response` : 'not a SmartFocus XML response';
    throw new SmartFocusError(INVALID_RESPONSE, `${what}: ${raw.slice(0, 200)}`, '', res.status, raw);
  }
  const status = attr(response, 'responseStatus');
  const failed = status === 'failed' || (status === undefined && response.result === undefined && response.description !== undefined);
  if (failed) {
    throw new SmartFocusError(childText(response, 'status') ?? '', childText(response, 'description') ?? '', childText(response, 'fields') ?? '', res.status, raw);
  }
  return { response, raw, httpStatus: res.status };
}

/** The text of `<result>`; a success without one is not what the method answers. */
export function resultText(env: Envelope): string {
  const text = childText(env.response, 'result');
  if (text === null) throw new SmartFocusError(INVALID_RESPONSE, `no <result> in the response: ${env.raw.slice(0, 200)}`, '', env.httpStatus, env.raw);
  return text;
}

/** A required child of `<response>`, or INVALID_RESPONSE. */
export function requiredChild(env: Envelope, name: string): XmlNode {
  const c = child(env.response, name);
  if (c === undefined) throw new SmartFocusError(INVALID_RESPONSE, `no <${name}> in the response: ${env.raw.slice(0, 200)}`, '', env.httpStatus, env.raw);
  return c;
}

/** An integer the service sends as text (ids, counts); INVALID_RESPONSE otherwise. */
export function integer(env: Envelope, text: string | null, what: string): number {
  const t = (text ?? '').trim();
  if (!/^-?\d+$/.test(t)) throw new SmartFocusError(INVALID_RESPONSE, `${what} is not a number: ${JSON.stringify(text)}`, '', env.httpStatus, env.raw);
  return Number(t);
}
