/**
 * The HTTP transport every client sends through, decoupled as the SmartFocus PHP library's
 * CurlClient is: a client builds exact requests and parses responses; how bytes travel (proxy,
 * retries, recording, a test double) is the transport's business. No global state: each client
 * instance holds its own transport.
 *
 * The default goes through node:http/https rather than fetch: fetch cannot take per-client TLS
 * options (a private CA, client certificates, self-signed test servers) without an undici
 * dispatcher, and it rewrites some headers; node:http sends the headers exactly as given.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL with the query already encoded as the protocol wants it. */
  url: string;
  /** Sent as given (names keep their case); Host and Content-Length are added by the transport. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** The request never got an answer (connection refused, timeout, TLS failure). */
export class HttpTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpTransportError';
  }
}

export interface NodeTransportOptions {
  /** Whole request, connect to last byte (default 30 s). */
  timeoutMs?: number;
  tls?: Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;
}

/** The default transport: node:http for http URLs, node:https (with `tls`) for https URLs. */
export function nodeTransport(options: NodeTransportOptions = {}): HttpTransport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    send(req) {
      const url = new URL(req.url);
      const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
      const headers: Record<string, string> = { ...req.headers };
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise<HttpResponse>((resolve, reject) => {
        const r = send(url, { method: req.method, headers, ...(url.protocol === 'https:' ? options.tls : {}) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => reject(new HttpTransportError(`reading the response of ${req.method} ${url.origin}${url.pathname} failed`, { cause: err })));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
          });
        });
        r.setTimeout(timeoutMs, () => r.destroy(new Error(`timed out after ${timeoutMs} ms`)));
        r.on('error', (err) => reject(new HttpTransportError(`${req.method} ${url.origin}${url.pathname} failed: ${err.message}`, { cause: err })));
        r.end(body);
      });
    },
  };
}

/**
 * Keeps every request and response that passes through another transport (or answers from a
 * function, for tests without a server): for logging, replay and tests that pin exact bytes.
 */
export class RecordingTransport implements HttpTransport {
  readonly exchanges: { request: HttpRequest; response: HttpResponse }[] = [];
  constructor(private readonly inner: HttpTransport | ((request: HttpRequest) => HttpResponse | Promise<HttpResponse>) = nodeTransport()) {}

  get requests(): HttpRequest[] {
    return this.exchanges.map((e) => e.request);
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = typeof this.inner === 'function' ? await this.inner(request) : await this.inner.send(request);
    this.exchanges.push({ request, response });
    return response;
  }
}

/** A response for tests and recorded replays. */
export function responseOf(status: number, body: string | Buffer, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}
