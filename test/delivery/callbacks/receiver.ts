import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface Receiver {
  url: string;
  posts: ReceivedPost[];
  close(): Promise<void>;
}

/** A callback receiver on loopback; `answer(n, body)` gives the status for the n-th POST (1-based). */
export async function startReceiver(answer: (n: number, body: string) => number = () => 200): Promise<Receiver> {
  const posts: ReceivedPost[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = answer(posts.length + 1, body);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      posts.push({ headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? `receiver says ${status}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
