/**
 * openapi-fetch sends through a `fetch` function; Herald's clients send through an HttpTransport.
 * This turns a transport into such a function, so the native client keeps the injectable
 * transport every other client has (proxy, retries, recording, a test double) instead of
 * calling the global fetch.
 */
import type { HttpRequest, HttpTransport } from '../transport.js';

const METHODS: ReadonlySet<string> = new Set<HttpRequest['method']>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Statuses whose Response must have a null body (the Response constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function isMethod(method: string): method is HttpRequest['method'] {
  return METHODS.has(method);
}

export type FetchFunction = (input: Request) => Promise<Response>;

export function fetchOverTransport(transport: HttpTransport): FetchFunction {
  return async (input) => {
    const method = input.method.toUpperCase();
    if (!isMethod(method)) throw new TypeError(`the HTTP transport cannot send ${method} requests`);
    const headers: Record<string, string> = {};
    input.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // Reading the Request serialises whatever openapi-fetch put in it (JSON text, FormData with
    // its multipart boundary, which is already in the Content-Type header).
    const bytes = input.body === null ? undefined : new Uint8Array(await input.arrayBuffer());
    const request: HttpRequest = { method, url: input.url, headers, ...(bytes !== undefined && bytes.length > 0 ? { body: bytes } : {}) };
    const response = await transport.send(request);
    const body = NULL_BODY.has(response.status) ? null : new Uint8Array(response.body);
    return new Response(body, { status: response.status, headers: response.headers });
  };
}
