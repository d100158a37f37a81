/**
 * The FranchiseMailer vendor's PHP client, `api_call($method, $url, $data)`, reproduced on
 * node:http so the tests send exactly what php-curl sends: `accesskey`, `requestdate`
 * (gmdate('r')), `hmac` (hash_hmac sha1 of the date with the secret key), curl's catch-all
 * Accept header, no User-Agent, no Expect (the snippet's empty `Expect:` removes curl's), and for POST/PUT a body
 * built by http_build_query with curl's `Content-Type: application/x-www-form-urlencoded`.
 */
import http from 'node:http';
import { createHmac } from 'node:crypto';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** PHP gmdate('r'): `Mon, 23 Nov 2026 11:14:04 +0000` (day zero-padded, English names). */
export function gmdateR(date: Date = new Date()): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** PHP hash_hmac('sha1', $data, $key): lower-case hex. */
export function hashHmacSha1(data: string, key: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('hex');
}

/** PHP urlencode() (RFC 1738 flavour): only [A-Za-z0-9_.-] stay, space is `+`, `~` is %7E. */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export type PhpValue = string | number | boolean | null | undefined | PhpArray | PhpValue[];
export interface PhpArray {
  [key: string]: PhpValue;
}

function scalarText(value: string | number | boolean): string {
  // PHP casts true/false to "1"/"0" in http_build_query.
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * PHP http_build_query($data) with the defaults the snippet uses: `&` separator, RFC 1738
 * encoding, nested arrays as `key%5Bsub%5D=…` (brackets encoded too), null values skipped and
 * empty arrays writing nothing.
 */
export function httpBuildQuery(data: PhpArray | PhpValue[], prefix?: string): string {
  const parts: string[] = [];
  const entries: [string, PhpValue][] = Array.isArray(data) ? data.map((v, i) => [String(i), v]) : Object.entries(data);
  for (const [key, value] of entries) {
    if (value === null || value === undefined) continue;
    const name = prefix === undefined ? phpUrlencode(key) : `${prefix}%5B${phpUrlencode(key)}%5D`;
    if (typeof value === 'object') {
      const nested = httpBuildQuery(value, name);
      if (nested !== '') parts.push(nested);
    } else {
      parts.push(`${name}=${phpUrlencode(scalarText(value))}`);
    }
  }
  return parts.join('&');
}

export interface FmCredentials {
  accessKey: string;
  secretKey: string;
}

export interface ApiCallOptions {
  /** Clock of the "PHP" side (for stale-date tests). */
  now?: Date;
  /** Replace or drop (`null`) any header the snippet would send. */
  headers?: Record<string, string | null>;
  /** Send this raw body instead of http_build_query($data) (with its own content type). */
  rawBody?: { contentType: string; body: string };
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
}

/** Creates `api_call` bound to a server and an account's keys, like the snippet's globals. */
export function phpApiClient(baseUrl: string, credentials: FmCredentials) {
  return function apiCall(method: string, url: string, data: PhpArray = {}, options: ApiCallOptions = {}): Promise<ApiResponse> {
    // The snippet calls gmdate('r') twice (header and HMAC); across a second boundary the two can
    // differ and the vendor's own call fails. One value keeps the tests deterministic.
    const requestDate = gmdateR(options.now ?? new Date());
    const headers: Record<string, string> = {
      Host: new URL(baseUrl).host,
      Accept: '*/*',
      accesskey: credentials.accessKey,
      requestdate: requestDate,
      hmac: hashHmacSha1(requestDate, credentials.secretKey),
    };
    const verb = method.toLowerCase();
    let body: string | undefined;
    if (options.rawBody) {
      body = options.rawBody.body;
      headers['Content-Type'] = options.rawBody.contentType;
    } else if (verb === 'post' || verb === 'put') {
      body = httpBuildQuery(data);
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      if (value !== null) headers[name] = value;
    }
    const target = new URL(`/v1${url}`, baseUrl);
    return new Promise<ApiResponse>((resolve, reject) => {
      const request = http.request(
        { method: method.toUpperCase(), hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, json, text });
          });
          response.on('error', reject);
        },
      );
      request.setTimeout(300_000, () => request.destroy(new Error('timeout (CURLOPT_TIMEOUT 300)')));
      request.on('error', reject);
      request.end(body);
    });
  };
}

export type ApiCall = ReturnType<typeof phpApiClient>;
