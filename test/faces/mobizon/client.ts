/**
 * Requests exactly as the official Mobizon clients put them on the wire (docs/protocols/mobizon.md §Request):
 * mobizon-php (lower-cased path, `api=v1&apiKey=KEY&output=json`, its three headers on every
 * request, params as an RFC 1738 http_build_query POST body, a GET without body when there are
 * none) and mobizon-node (axios + qs: `output=json&api=v1&apiKey=KEY`, RFC 3986 bodies with indexed
 * arrays, sendSms as a GET with the params first in the query).
 */
import assert from 'node:assert/strict';
import qs from 'qs';
import { httpBuildQuery, type PhpArray } from '../../support/php-api-call.js';

export interface WireResponse {
  status: number;
  contentType: string;
  /** The body exactly as received. */
  text: string;
  body: { code: number; data: unknown; message: string };
}

export async function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<WireResponse> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : new Uint8Array(init.body);
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: WireResponse['body'];
  try {
    parsed = JSON.parse(text) as WireResponse['body'];
  } catch {
    parsed = { code: -1, data: null, message: text };
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: parsed };
}

export const PHP_HEADERS = { 'User-Agent': 'Mobizon-PHP/1.0.0', Accept: '*/*', 'Content-type': 'application/x-www-form-urlencoded' };
export const NODE_HEADERS = { 'User-Agent': 'axios/0.27.2', Accept: 'application/json, text/plain, */*', 'Content-Type': 'application/x-www-form-urlencoded' };

/** mobizon-php `MobizonApi::call($module, $method, $params)`. */
export function phpCall(baseUrl: string, apiKey: string, module: string, method: string, params: PhpArray = {}): Promise<WireResponse> {
  const url = `${baseUrl}/service/${module.toLowerCase()}/${method.toLowerCase()}?api=v1&apiKey=${encodeURIComponent(apiKey)}&output=json`;
  const body = httpBuildQuery(params);
  return body === '' ? rawRequest(url, { headers: PHP_HEADERS }) : rawRequest(url, { method: 'POST', headers: PHP_HEADERS, body });
}

/** mobizon-node's POST methods: `axios.post(url + '?' + qs.stringify({output, api, apiKey}), qs.stringify(params))`. */
export function nodeCall(baseUrl: string, apiKey: string, module: string, method: string, params: Record<string, unknown> = {}): Promise<WireResponse> {
  const url = `${baseUrl}/service/${module}/${method}?${qs.stringify({ output: 'json', api: 'v1', apiKey })}`;
  return rawRequest(url, { method: 'POST', headers: NODE_HEADERS, body: qs.stringify(params) });
}

/** mobizon-node `sendSms`: a GET with the method params first in the query. */
export function nodeSendSms(baseUrl: string, apiKey: string, params: Record<string, unknown>): Promise<WireResponse> {
  const url = `${baseUrl}/service/message/sendsmsmessage?${qs.stringify(params)}&${qs.stringify({ output: 'json', api: 'v1', apiKey })}`;
  return rawRequest(url, { headers: { 'User-Agent': NODE_HEADERS['User-Agent'], Accept: NODE_HEADERS.Accept } });
}

/** Asserts an HTTP 200 envelope with exactly these bytes. */
export function expectBody(res: WireResponse, text: string): void {
  assert.equal(res.status, 200, res.text);
  assert.match(res.contentType, /^application\/json/);
  assert.equal(res.text, text);
}

export function expectCode(res: WireResponse, code: number): void {
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.code, code, res.text);
  assert.deepEqual(Object.keys(res.body), ['code', 'data', 'message']);
}
