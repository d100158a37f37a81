import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describeOnDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { isUploadRequest, type HttpLimits } from '../../src/server/limits.js';

describe('isUploadRequest', () => {
  const cases: Array<[string, string, boolean]> = [
    ['POST', '/api/v1/imports', true],
    ['POST', '/api/v1/imports?x=1', true],
    ['GET', '/api/v1/imports', false],
    ['POST', '/api/v1/imports/5', false],
    ['POST', '/api/v1/sms/campaigns/12/recipients/file', true],
    ['POST', '/api/v1/sms/campaigns/12/recipients', false],
    ['PUT', '/apibatchmember/services/rest/batchmemberservice/TOK/batchmember/insertUpload', true],
    ['PUT', '/apibatchmember/services/rest/batchmemberservice/TOK/batchmember/MERGEUPLOAD', true],
    ['GET', '/apibatchmember/services/rest/batchmemberservice/TOK/batchmember/getLastUpload', false],
    ['POST', '/service/campaign/addRecipients?apiKey=k', true],
    ['POST', '/service/campaign/create', false],
    ['POST', '/api/v1/contacts', false],
  ];
  for (const [method, url, expected] of cases) it(`${method} ${url} → ${expected}`, () => assert.equal(isUploadRequest(method, url), expected));
});

const LIMITS: HttpLimits = { requestTimeoutMs: 600, uploadTimeoutMs: 2500, headersTimeoutMs: 800, keepAliveTimeoutMs: 800, idleTimeoutMs: 60_000, maxConnections: 4 };

interface Dribble {
  /** Milliseconds from the first byte until the server closed the connection. */
  closedAfterMs: Promise<number>;
  received(): string;
  stop(): void;
}

/** Opens a connection, sends `head`, then one byte of `body` every 100 ms until the server closes it. */
function dribble(port: number, head: string, body: string): Dribble {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let i = 0;
  const started = Date.now();
  socket.on('data', (d: Buffer) => (text += d.toString()));
  socket.on('error', () => undefined);
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed && i < body.length) socket.write(body[i++]!);
  }, 100);
  const closedAfterMs = new Promise<number>((resolve) => socket.once('close', () => {
    clearInterval(timer);
    resolve(Date.now() - started);
  }));
  return { closedAfterMs, received: () => text, stop: () => socket.destroy() };
}

function opened(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describeOnDatabase('sqlite', 'slow clients and the connection cap', () => {
  const timeout = 10_000;
  let server: TestServer;
  let port: number;
  let apiKey: string;
  before(async () => {
    server = await startTestServer('sqlite', { config: { http: LIMITS } });
    port = Number(new URL(server.baseUrl).port);
    apiKey = (await server.createAccount()).credentials.native.apiKey;
  });
  after(() => server?.close());

  it('an ordinary route closes a request whose body dribbles in, after the request timeout, with 408', { timeout }, async () => {
    const body = 'token=' + 'x'.repeat(94);
    const d = dribble(port, `POST /senders/verify HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    const ms = await d.closedAfterMs;
    assert.ok(ms >= 500 && ms < 1500, `closed after ${ms} ms`);
    assert.match(d.received(), /^HTTP\/1\.1 408 /);
  });

  it('an upload route lets the body take longer, up to the upload timeout', { timeout }, async () => {
    const boundary = 'b0undary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${'email\r\n'.repeat(100)}`;
    const d = dribble(port, `POST /api/v1/imports HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length + 100}\r\n\r\n`, body);
    const early = await Promise.race([d.closedAfterMs, new Promise<null>((r) => setTimeout(() => r(null), 1800))]);
    assert.equal(early, null, `an upload was cut after ${early} ms, under the upload timeout`);
    const ms = await d.closedAfterMs;
    assert.ok(ms >= 2400 && ms < 4500, `closed after ${ms} ms`);
  });

  it('headers that dribble in are cut at the headers timeout', { timeout }, async () => {
    const d = dribble(port, 'GET /healthz HTTP/1.1\r\n', 'X-Slow: ' + 'y'.repeat(100));
    const ms = await d.closedAfterMs;
    assert.ok(ms >= 700 && ms < 3000, `closed after ${ms} ms`);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', { timeout }, async () => {
    const d = dribble(port, 'GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n', '');
    const ms = await d.closedAfterMs;
    assert.match(d.received(), /^HTTP\/1\.1 200 /);
    assert.ok(ms >= 700 && ms < 3000, `closed after ${ms} ms`);
  });

  it('connections over the cap are closed as they arrive; under it they are served', { timeout }, async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => opened(port)));
    try {
      // Keep them busy (not idle) so the keep-alive and headers timeouts do not free them meanwhile.
      held.forEach((s) => s.write('GET /healthz HTTP/1.1\r\n'));
      const refused = dribble(port, 'GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n', '');
      const ms = await refused.closedAfterMs;
      assert.equal(refused.received(), '');
      assert.ok(ms < 500, `closed after ${ms} ms`);
    } finally {
      held.forEach((s) => s.destroy());
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await fetch(`${server.baseUrl}/healthz`)).status, 200);
  });
});
