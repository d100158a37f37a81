/**
 * What a PHP SendExpert client sends to /api/transapi.php, built byte for byte: the JSON body as
 * `json_encode(['user_id'=>…, 'action'=>…, 'data'=>$data, 'sign'=>md5($key . json_encode($data))])`
 * (phpJsonEncode reproduces PHP's json_encode), or the form variant `user_id, sign, request, action`
 * as http_build_query (urlencoded) or php-curl's array POSTFIELDS (multipart) write it.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { phpJsonEncode } from '../../../src/wire/php-json.js';
import { httpBuildQuery } from '../../support/php-api-call.js';

export type Encoding = 'json' | 'form' | 'multipart';

export interface TransResponse {
  status: number;
  contentType: string;
  /** The body exactly as received. */
  text: string;
  body: { error: string; result: unknown };
}

export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** php-curl's multipart body for an array of string fields. */
export function curlMultipart(fields: Record<string, string>): { contentType: string; body: Buffer } {
  const boundary = `------------------------${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([name, value]) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`), Buffer.from(value, 'utf8'), Buffer.from('\r\n')]));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]) };
}

export class TransApi {
  constructor(
    readonly baseUrl: string,
    readonly userId: string,
    readonly key: string,
  ) {}

  /** POSTs a raw body. */
  async raw(body: string | Buffer, contentType: string | null, method = 'POST'): Promise<TransResponse> {
    const headers: Record<string, string> = {};
    if (contentType !== null) headers['content-type'] = contentType;
    const res = await fetch(`${this.baseUrl}/api/transapi.php`, { method, headers, ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }) });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: JSON.parse(text) as TransResponse['body'] };
  }

  /** The JSON body a PHP client builds for `$action` with parameters `$data` (a PHP array: [] when empty). */
  jsonBody(action: string, data: unknown, sign?: string): string {
    return phpJsonEncode({ user_id: this.userId, action, data, sign: sign ?? md5(this.key + phpJsonEncode(data)) });
  }

  async call(action: string, data: unknown = [], encoding: Encoding = 'json'): Promise<TransResponse> {
    if (encoding === 'json') return this.raw(this.jsonBody(action, data), 'application/json');
    const request = phpJsonEncode(data);
    const fields = { user_id: this.userId, sign: md5(this.key + request), request, action };
    if (encoding === 'form') return this.raw(httpBuildQuery(fields), 'application/x-www-form-urlencoded');
    const multipart = curlMultipart(fields);
    return this.raw(multipart.body, multipart.contentType);
  }

  /** Calls and asserts success; returns `result`. */
  async result(action: string, data: unknown = [], encoding: Encoding = 'json'): Promise<unknown> {
    const res = await this.call(action, data, encoding);
    assert.equal(res.status, 200);
    assert.equal(res.body.error, '', `${action}: ${res.text}`);
    return res.body.result;
  }

  /** Calls and asserts the error envelope exactly; returns the code. */
  async error(action: string, data: unknown = [], encoding: Encoding = 'json'): Promise<string> {
    const res = await this.call(action, data, encoding);
    expectErrorEnvelope(res);
    return res.body.error;
  }
}

export function expectErrorEnvelope(res: TransResponse, code?: string): void {
  assert.equal(res.status, 200);
  assert.match(res.contentType, /^application\/json/);
  assert.match(res.text, /^\{"error":"[A-Z_]+","result":""\}$/, res.text);
  if (code !== undefined) assert.equal(res.body.error, code, res.text);
}
