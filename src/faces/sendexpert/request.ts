/**
 * The two request encodings of `/api/transapi.php` (docs/protocols/sendexpert.md §Request), read from the raw body:
 *  - JSON: `{"user_id":"1","action":"…","data":{…},"sign":"…"}`, sign = md5(key . json_encode(data));
 *  - form (urlencoded or multipart): `user_id, sign, request, action`, where `request` is the JSON
 *    text of the parameters and sign = md5(key . request).
 * The vendor library's transport is unknown (docs/protocols/sendexpert.md §Herald's choices), so the body decides, not the
 * Content-Type: any body that is a JSON object is the JSON encoding, anything else is a form.
 */
import { parsePhpForm } from '../../wire/php-form.js';
import type { SignInput } from '../../wire/sendexpert-signature.js';
import { boundaryOf, FormDataError, parseFormData } from './form-data.js';
import { TransError } from './envelope.js';

export interface TransRequest {
  /** As sent ("1" or 1 → "1"). */
  userId: string;
  action: string;
  /** The decoded parameters (`data`, or the decoded `request` text). */
  data: unknown;
  /** What the sign is checked against, short of the account key. */
  sign: DistributiveOmit<SignInput, 'key'>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const badRequest = (why: string): TransError => new TransError('BAD_REQUEST', why);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** user_id travels as a string in the documented body, as an int from some clients. */
function scalarText(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw badRequest(`${field} is missing or not a string`);
}

function decodeJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(`${field} is not valid JSON`);
  }
}

function fromJsonBody(body: Record<string, unknown>, raw: Buffer): TransRequest {
  const userId = scalarText(own(body, 'user_id'), 'user_id');
  const action = scalarText(own(body, 'action'), 'action');
  const sign = own(body, 'sign');
  const data = own(body, 'data');
  // A client that JSON-encodes the parameters twice signs the inner text, like the form variant.
  if (typeof data === 'string') return { userId, action, data: decodeJson(data, 'data'), sign: { sign, request: data } };
  if (data !== undefined) return { userId, action, data, sign: { sign, rawBody: raw, data } };
  // The form variant's fields sent as JSON.
  const request = own(body, 'request');
  if (typeof request === 'string') return { userId, action, data: decodeJson(request, 'request'), sign: { sign, request } };
  throw badRequest('data is missing');
}

function fromForm(fields: Record<string, unknown>): TransRequest {
  const userId = scalarText(own(fields, 'user_id'), 'user_id');
  const action = scalarText(own(fields, 'action'), 'action');
  const request = own(fields, 'request');
  if (typeof request !== 'string') throw badRequest('request is missing');
  return { userId, action, data: decodeJson(request, 'request'), sign: { sign: own(fields, 'sign'), request } };
}

/** Reads a request body of either encoding; throws TransError('BAD_REQUEST') for anything else. */
export function readTransRequest(contentType: string | undefined, raw: Buffer): TransRequest {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'multipart/form-data') {
    const boundary = boundaryOf(contentType ?? '');
    if (boundary === null) throw badRequest('multipart body without a boundary');
    try {
      return fromForm(parseFormData(raw, boundary));
    } catch (err) {
      if (err instanceof FormDataError) throw badRequest(`multipart body: ${err.message}`);
      throw err;
    }
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw badRequest('body is not UTF-8');
  }
  if (text.trim() === '') throw badRequest('empty body');
  if (text.trimStart().startsWith('{')) {
    const body = decodeJson(text, 'body');
    if (!isRecord(body)) throw badRequest('body is not a JSON object');
    return fromJsonBody(body, raw);
  }
  let fields: Record<string, unknown>;
  try {
    fields = parsePhpForm(text);
  } catch {
    throw badRequest('body is neither JSON nor a form');
  }
  return fromForm(fields);
}

/**
 * The parameters as a PHP array would be read: an object's members, a list's items by index; any
 * other value (a PHP client's empty array arrives as `[]`) has none.
 */
export function paramsOf(data: unknown): Record<string, unknown> {
  if (Array.isArray(data)) return Object.fromEntries(data.map((v, i) => [String(i), v as unknown]));
  return isRecord(data) ? data : {};
}
