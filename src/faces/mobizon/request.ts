/**
 * One Mobizon call read off the wire (docs/protocols/mobizon.md §Request): the raw query string and the body are
 * parsed the way PHP fills `$_GET` and `$_POST`, then merged into `$_REQUEST`, so mobizon-php
 * (RFC 1738 form bodies, brackets `%5B%5D`), mobizon-node (RFC 3986, indexed arrays, sendSms as a
 * GET with everything in the query) and hand-written calls all arrive as the same parameters.
 *
 * Bodies, like PHP: urlencoded and multipart/form-data fill `$_POST` on POST only; anything else
 * (and a body that cannot be read) leaves it empty. JSON bodies are tolerated although PHP ignores
 * them: a JSON object is taken as the form http_build_query would have made of it (true → "1",
 * false → "0", numbers as written, null dropped).
 *
 * The transport parameters `apiKey`, `api` and `output` are read from the query first (where both
 * clients put them) and from the body when the query lacks them; handlers never see them.
 */
import { ParamMap } from './params.js';
import { MAX_VARS, mergeRequest, parsePhpQuery, registerVariable, TooManyVariablesError } from './php-vars.js';
import { multipartBoundary, parseMultipart, type UploadedFile } from './multipart.js';

export interface MobizonRequest {
  /** Path segments as sent (routing lower-cases them). */
  module: string;
  method: string;
  /** Raw transport parameters; null when absent (or not a string). */
  apiKey: string | null;
  api: string | null;
  output: string | null;
  /** `$_REQUEST` minus the transport parameters. */
  params: ParamMap;
  files: UploadedFile[];
}

export const TRANSPORT_PARAMS = ['apiKey', 'api', 'output'] as const;

/** `/service/user/getownbalance?x=1` → `x=1` (PHP's QUERY_STRING). */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash < 0 ? undefined : hash);
}

/**
 * A byte string (latin1: one char per byte) with the bytes ≥ 0x80 written as `%XX`, so raw UTF-8
 * in a body or a URL decodes like escaped UTF-8 (PHP sees bytes either way).
 */
export function escapeHighBytes(bytes: string): string {
  return bytes.replace(/[\u0080-\u00ff]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
}

/** `$_POST` and `$_FILES` for a body; `TooManyVariablesError` passes through, other failures give an empty body. */
export function parseBody(contentType: string | undefined, body: Buffer): { fields: ParamMap; files: UploadedFile[] } {
  const fields = new ParamMap();
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (body.length === 0) return { fields, files: [] };
  try {
    if (type === 'application/x-www-form-urlencoded') {
      parsePhpQuery(escapeHighBytes(body.toString('latin1')), fields);
      return { fields, files: [] };
    }
    if (type === 'multipart/form-data') {
      const boundary = multipartBoundary(contentType ?? '');
      if (boundary === null) return { fields, files: [] };
      const files = parseMultipart(body, boundary, fields);
      return { fields, files };
    }
    if (type === 'application/json' || type.endsWith('+json')) {
      return { fields: jsonFields(body.toString('utf8')), files: [] };
    }
  } catch (err) {
    if (err instanceof TooManyVariablesError) throw err;
    // PHP reads what it can and never fails a request over a body: the method then reports what is missing.
    return { fields: new ParamMap(), files: [] };
  }
  return { fields, files: [] };
}

/** A JSON object body as the equivalent form fields; any other JSON (or none) → no fields. */
export function jsonFields(text: string): ParamMap {
  const fields = new ParamMap();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return fields;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fields;
  let budget = MAX_VARS;
  const add = (name: string, v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object') {
      const entries: [string, unknown][] = Array.isArray(v) ? v.map((item, i) => [String(i), item]) : Object.entries(v);
      for (const [k, item] of entries) add(`${name}[${k}]`, item);
      return;
    }
    if (--budget < 0) throw new TooManyVariablesError();
    registerVariable(fields, name, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  };
  for (const [k, v] of Object.entries(value)) add(k, v);
  return fields;
}

function transport(query: ParamMap, body: ParamMap, name: string): string | null {
  const fromQuery = query.get(name);
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const fromBody = body.get(name);
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  return typeof fromQuery === 'string' ? fromQuery : null;
}

export function readMobizonRequest(input: { module: string; method: string; url: string; httpMethod: string; contentType: string | undefined; body: Buffer | null }): MobizonRequest {
  const query = parsePhpQuery(escapeHighBytes(rawQuery(input.url)));
  const { fields, files } = input.httpMethod === 'POST' && input.body !== null ? parseBody(input.contentType, input.body) : { fields: new ParamMap(), files: [] };
  const params = mergeRequest(query, fields);
  const values: Record<(typeof TRANSPORT_PARAMS)[number], string | null> = { apiKey: null, api: null, output: null };
  for (const name of TRANSPORT_PARAMS) {
    values[name] = transport(query, fields, name);
    params.delete(name);
  }
  return { module: input.module, method: input.method, ...values, params, files };
}
