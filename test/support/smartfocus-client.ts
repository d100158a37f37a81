/**
 * Requests exactly as the estina/smartfocus PHP CurlClient sends them (docs/protocols/smartfocus.md §Transport): GET
 * with only Host and `Accept: *\/*` (no User-Agent), POST with `Content-Type: text/xml;
 * charset=utf-8` and `Accept: application/xml`, path parameters concatenated raw except the password,
 * which is PHP urlencode()d.
 */
import http from 'node:http';

export interface SfResponse {
  status: number;
  body: string;
  contentType: string;
}

/** PHP urlencode: RFC 1738 style, space as `+`, everything but [A-Za-z0-9._-] percent-encoded. */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

export function sfRequest(baseUrl: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<SfResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { Accept: method === 'GET' ? '*/*' : 'application/xml', ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The PHP RestResponseParser::getResult: the untrimmed text of <result>, else throws with <description>. */
export function getResult(xml: string): string {
  const m = /<result\b[^>]*>([\s\S]*?)<\/result>/.exec(xml);
  if (m) return m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const d = /<description>([\s\S]*?)<\/description>/.exec(xml);
  throw new Error(d ? d[1] : `Unknown error while parsing the response: ${xml}`);
}

export function openPath(prefix: string, login: string, password: string, key: string): string {
  return `${prefix}/connect/open/${login}/${phpUrlencode(password)}/${key}`;
}
