import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { startSmtpPeer, type SmtpPeer } from '../../support/smtp-peer.js';
import { ok } from '../../faces/native/client.js';
import { createSendingAccount } from '../../support/mail-stack.js';
import { postCallback } from '../../../src/delivery/callbacks/post.js';
import { waitUntil } from '../../support/wait.js';
import { startReceiver, type Receiver } from './receiver.js';

interface CallbackDto {
  id: number;
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
}
interface Deliveries {
  items: { status: string; attempts: number; events: number; lastStatusCode: number | null; lastError: string | null }[];
  total: number;
}

describeEachDatabase('callbacks that keep failing', (kind) => {
  let peer: SmtpPeer;
  let server: TestServer;
  let receiver: Receiver;
  let failing = true;

  before(async () => {
    peer = await startSmtpPeer();
    // One event per delivery, a 300 ms retry window and 3 failed deliveries to disable: the rule
    // of days, played in a second.
    server = await startTestServer(kind, { email: { relays: [peer.url] }, callbacks: { batchSize: 1, retryBaseMs: 30, retryWindowMs: 300, disableAfterFailures: 3, pollMs: 50 } });
    receiver = await startReceiver(() => (failing ? 503 : 200));
  });
  after(async () => {
    await server.close();
    await peer.close();
    await receiver.close();
  });

  it('disables a webhook whose deliveries keep failing, and re-enabling resets it', async () => {
    const { api } = await createSendingAccount(server);
    const { callback } = ok<{ callback: CallbackDto }>(await api.post('/callbacks', { url: receiver.url, events: ['sent'] }), 201);
    const messages = ['one', 'two', 'three', 'four'].map((n) => ({ to: `${n}@example.com`, from: 'news@shop.example', subject: n, text: n }));
    ok(await api.post('/messages/email/batch', { messages }), 202);

    let hook: CallbackDto = callback;
    await waitUntil(async () => {
      hook = ok<CallbackDto>(await api.get(`/callbacks/${callback.id}`));
      return !hook.enabled;
    }, 20_000, 'the webhook to be disabled');
    assert.equal(hook.consecutiveFailures, 3);
    assert.match(hook.disabledReason ?? '', /3 deliveries in a row failed \(last: HTTP 503\)/);
    const log = ok<Deliveries>(await api.get(`/callbacks/${callback.id}/deliveries`));
    assert.equal(log.total, 3, 'the fourth event waits in the outbox');
    for (const d of log.items) {
      assert.equal(d.status, 'failed');
      assert.ok(d.attempts >= 2, `retried: ${d.attempts}`);
      assert.equal(d.lastStatusCode, 503);
      assert.equal(d.lastError, 'receiver says 503');
    }
    const posts = receiver.posts.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.posts.length, posts, 'a disabled webhook gets nothing');

    failing = false;
    const enabled = ok<CallbackDto>(await api.patch(`/callbacks/${callback.id}`, { enabled: true }));
    assert.deepEqual([enabled.enabled, enabled.consecutiveFailures, enabled.disabledReason], [true, 0, null]);
    await waitUntil(async () => ok<Deliveries>(await api.get(`/callbacks/${callback.id}/deliveries?status=delivered`)).total === 1, 10_000, 'the waiting event to be delivered');
  });

  it('does not follow redirects and gives up on a silent receiver', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const target = http.createServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(307, { location: '/elsewhere' }).end();
      // '/silent' never answers.
    });
    target.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const request = { headers: { 'content-type': 'application/json' }, body: '{}' };
    assert.deepEqual(await postCallback(`${base}/redirect`, request, { allowPrivate: true, timeoutMs: 2000 }), { ok: false, statusCode: 307, error: 'redirect to /elsewhere not followed' });
    const started = Date.now();
    const silent = await postCallback(`${base}/silent`, request, { allowPrivate: true, timeoutMs: 300 });
    assert.equal(silent.ok, false);
    assert.match(silent.ok ? '' : silent.error, /no complete answer within 300 ms/);
    assert.ok(Date.now() - started < 2000);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });
});
