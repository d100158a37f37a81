import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { CallbackRequest } from '../../core/callbacks/formats.js';
import { checkTarget, urlHost, type Resolver } from '../../core/callbacks/target-guard.js';

export type PostResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

export interface PostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  resolve?: Resolver;
}

/** Kept from a refusing receiver's body for the delivery log: enough to see what it said. */
const ERROR_TEXT_LIMIT = 300;

/**
 * POSTs one callback. The host is resolved and checked here, at send time (DNS may have changed
 * since the webhook was saved), and the connection goes to exactly the addresses checked: the
 * socket's lookup returns them instead of asking DNS again, so a rebinding answer cannot slip in
 * between check and connect. Redirects are not followed (a 3xx is a failed attempt), and the
 * whole exchange, body included, has one deadline.
 */
export async function postCallback(target: string, request: CallbackRequest, options: PostOptions): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, statusCode: null, error: 'invalid URL' };
  }
  let addresses: string[];
  try {
    addresses = await checkTarget(urlHost(url), options.resolve ? { allowPrivate: options.allowPrivate, resolve: options.resolve } : { allowPrivate: options.allowPrivate });
  } catch (err) {
    return { ok: false, statusCode: null, error: (err as Error).message };
  }
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  const lookup = ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts.all) callback(null, entries);
    else callback(null, entries[0]?.address, entries[0]?.family);
  }) as unknown as LookupFunction;

  const body = Buffer.from(request.body, 'utf8');
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = transport.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(body.length) },
      lookup,
      // A fresh connection per POST: no pooled socket outlives the address check it was made under.
      agent: false,
    });
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `no complete answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => finish({ ok: false, statusCode: null, error: err.message || String(err) }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < ERROR_TEXT_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', (err) => finish({ ok: false, statusCode: status, error: err.message }));
      res.on('end', () => {
        if (status >= 200 && status < 300) return finish({ ok: true, statusCode: status });
        const text = Buffer.concat(chunks).toString('utf8').slice(0, ERROR_TEXT_LIMIT).trim();
        const location = status >= 300 && status < 400 ? res.headers.location : undefined;
        finish({ ok: false, statusCode: status, error: location ? `redirect to ${location} not followed` : text || `HTTP ${status}` });
      });
    });
    req.end(body);
  });
}
