/**
 * Plain HTTP requests from a chosen loopback source address (127.0.0.2, 127.0.0.3…), so one test
 * server sees several clients: the brute-force limit counts per address.
 */
import http from 'node:http';
import net from 'node:net';

export interface FromResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FromRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Source address; default 127.0.0.1. */
  from?: string;
}

export function requestFrom(baseUrl: string, req: FromRequest): Promise<FromResponse> {
  const url = new URL(baseUrl);
  const headers = { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) };
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method: req.method ?? 'GET', path: req.path, headers, localAddress: req.from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    if (req.body !== undefined) request.write(req.body);
    request.end();
  });
}

/**
 * Sends only the head of a request that declares a body of `declaredLength` bytes and never sends
 * it; resolves with the raw start of the answer, or null when none came within `withinMs` (the
 * server was waiting for the body).
 */
export function headWithoutBody(baseUrl: string, head: { method: string; path: string; headers: Record<string, string>; declaredLength: number; from?: string }, withinMs: number): Promise<string | null> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: Number(url.port), host: url.hostname, localAddress: head.from });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, withinMs);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (!answer.includes('\r\n\r\n')) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    });
    const lines = [`${head.method} ${head.path} HTTP/1.1`, `Host: ${url.host}`, `Content-Length: ${head.declaredLength}`, ...Object.entries(head.headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
