/**
 * The request of one Mobizon call, as mobizon-php puts it on the wire (docs/protocols/mobizon.md §Request):
 * `{baseUrl}/service/{module}/{method}` lower-cased, the query exactly `api=v1&apiKey=KEY&output=json`,
 * the parameters as an http_build_query POST body, or a GET without body when there are none.
 * A call with files (campaign/addRecipients' recipientsFile) is a multipart/form-data POST whose text
 * parts carry the same flattened names (`params[recipientsFileSkipHeader]`), as php-curl sends an
 * array with a CURLFile in it.
 */
import type { HttpRequest } from '../transport.js';
import { httpBuildQuery, phpFormPairs, phpUrlencode, type MobizonParams } from './form.js';

/** A file part: its bytes (or text, sent as UTF-8), the file name the server sees, and its type. */
export interface MobizonFile {
  name: string;
  data: Uint8Array | string;
  contentType?: string;
}

export interface RequestTarget {
  baseUrl: string;
  apiKey: string;
  userAgent: string;
}

export function serviceUrl(target: RequestTarget, module: string, method: string): string {
  const base = target.baseUrl.replace(/\/+$/, '');
  return `${base}/service/${encodeURIComponent(module.toLowerCase())}/${encodeURIComponent(method.toLowerCase())}?api=v1&apiKey=${phpUrlencode(target.apiKey)}&output=json`;
}

/**
 * multipart/form-data through the platform's FormData encoder (undici): the boundary is random, so
 * the bytes differ per call but the parts are exactly the pairs and files given.
 */
async function multipartBody(params: MobizonParams, files: Readonly<Record<string, MobizonFile>>): Promise<{ contentType: string; body: Uint8Array }> {
  const form = new FormData();
  for (const [name, value] of phpFormPairs(params)) form.append(name, value);
  for (const [field, file] of Object.entries(files)) {
    const bytes = typeof file.data === 'string' ? new TextEncoder().encode(file.data) : Uint8Array.from(file.data);
    form.append(field, new Blob([bytes], { type: file.contentType ?? 'application/octet-stream' }), file.name);
  }
  const encoded = new Request('http://multipart.invalid/', { method: 'POST', body: form });
  const contentType = encoded.headers.get('content-type');
  if (contentType === null) throw new Error('FormData gave no content type');
  return { contentType, body: new Uint8Array(await encoded.arrayBuffer()) };
}

export async function buildMobizonRequest(target: RequestTarget, module: string, method: string, params: MobizonParams, files: Readonly<Record<string, MobizonFile>> = {}): Promise<HttpRequest> {
  const url = serviceUrl(target, module, method);
  const headers: Record<string, string> = { 'User-Agent': target.userAgent, Accept: 'application/json' };
  if (Object.keys(files).length > 0) {
    const { contentType, body } = await multipartBody(params, files);
    return { method: 'POST', url, headers: { ...headers, 'Content-Type': contentType }, body };
  }
  const body = httpBuildQuery(params);
  if (body === '') return { method: 'GET', url, headers };
  return { method: 'POST', url, headers: { ...headers, 'Content-type': 'application/x-www-form-urlencoded' }, body };
}
