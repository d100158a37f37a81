/**
 * One FranchiseMailer request, as the vendor's `api_call($method, $url, $data)` sends it
 * (docs/protocols/franchisemailer.md §Transport, §Signature): the three signed headers, curl's `Accept: *\/*`, GET parameters in the
 * query string, POST and PUT bodies from http_build_query with
 * `Content-Type: application/x-www-form-urlencoded`, DELETE without a body. The answer is checked
 * against the two documented envelopes.
 */
import type { HttpRequest, HttpResponse, HttpTransport } from '../transport.js';
import { FranchiseMailerError, FranchiseMailerProtocolError } from './errors.js';
import { httpBuildQuery, type FormArray } from './form.js';
import { isObject } from './parse.js';
import { authHeaders, type FranchiseMailerCredentials } from './signing.js';

export type FmMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A success envelope: `{"status":"success","meta":…,"data":…}`. */
export interface FmResult {
  /** HTTP status (200, or 201 for creates). */
  status: number;
  data: unknown;
  meta: unknown;
}

export type Call = (method: FmMethod, path: string, params?: FormArray) => Promise<FmResult>;

export interface RequestContext {
  /** Service root including the version, e.g. `https://api.franchisemailer.co.uk/v1`. */
  baseUrl: string;
  credentials: FranchiseMailerCredentials;
  now: Date;
}

/** The exact request for `api_call(method, path, params)`. Pure, so tests can pin its bytes. */
export function buildRequest(method: FmMethod, path: string, params: FormArray | undefined, ctx: RequestContext): HttpRequest {
  let url = `${ctx.baseUrl.replace(/\/+$/, '')}${path}`;
  const headers: Record<string, string> = { Accept: '*/*', ...authHeaders(ctx.credentials, ctx.now) };
  if (method === 'GET' || method === 'DELETE') {
    const query = params === undefined ? '' : httpBuildQuery(params);
    if (query !== '') url += `${url.includes('?') ? '&' : '?'}${query}`;
    return { method, url, headers };
  }
  headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return { method, url, headers, body: httpBuildQuery(params ?? {}) };
}

function errorMessage(json: unknown): string | undefined {
  if (!isObject(json) || !isObject(json.messages) || !isObject(json.messages.error)) return undefined;
  const message = json.messages.error.message;
  return typeof message === 'string' ? message : undefined;
}

/** Success envelope → result; error envelope or error status → FranchiseMailerError. */
export function readResponse(response: HttpResponse): FmResult {
  const text = response.body.toString('utf8');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const message = errorMessage(json);
  if (response.status >= 400 || message !== undefined) {
    throw new FranchiseMailerError(response.status, message ?? `HTTP ${response.status}`, message === undefined ? undefined : { error: { message } }, text);
  }
  if (!isObject(json) || json.status !== 'success' || !('data' in json)) {
    throw new FranchiseMailerProtocolError(`HTTP ${response.status} without the success envelope`, response.status, text);
  }
  return { status: response.status, data: json.data, meta: json.meta };
}

export function makeCall(transport: HttpTransport, context: () => RequestContext): Call {
  return async (method, path, params) => readResponse(await transport.send(buildRequest(method, path, params, context())));
}
