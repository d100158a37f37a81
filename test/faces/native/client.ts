import assert from 'node:assert/strict';
import type { TestServer } from '../../support/server.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details: { field: string; code: string; message: string }[] };
}

/** A tiny JSON client over real fetch, bound to one server and (optionally) one API key. */
export class Api {
  constructor(
    readonly server: TestServer,
    readonly apiKey: string | null,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.apiKey !== null) h.authorization = `Bearer ${this.apiKey}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.server.baseUrl}/api/v1${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body: unknown) {
    return this.request('POST', path, body);
  }
  patch(path: string, body: unknown) {
    return this.request('PATCH', path, body);
  }
  put(path: string, body: unknown) {
    return this.request('PUT', path, body);
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
}

export async function accountApi(server: TestServer): Promise<Api> {
  const account = await server.createAccount();
  return new Api(server, account.credentials.native.apiKey);
}

/** Asserts a 2xx-or-given status and returns the body typed as the caller expects. */
export function ok<T>(res: ApiResponse, status = 200): T {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Asserts the face's error format and returns it; `fields` are the detail fields expected to be present. */
export function expectError(res: ApiResponse, status: number, code: string, fields: string[] = []): ApiErrorBody {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = res.body as ApiErrorBody;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  assert.ok(Array.isArray(body.error.details));
  for (const detail of body.error.details) {
    assert.deepEqual(Object.keys(detail).sort(), ['code', 'field', 'message']);
  }
  const got = body.error.details.map((d) => d.field);
  for (const field of fields) assert.ok(got.includes(field), `expected a detail for ${field}, got ${JSON.stringify(got)}`);
  return body;
}
