import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { startSmtpPeer, type SmtpPeer } from '../../support/smtp-peer.js';
import { ok, type Api } from '../../faces/native/client.js';
import { createSendingAccount } from '../../support/mail-stack.js';
import { waitUntil } from '../../support/wait.js';
import { startReceiver, type Receiver } from './receiver.js';
import { nativeEvents, phpJsonEncodeEmulation, sendExpertChecksum, standardWebhookValid } from './verify.js';

interface Created {
  callback: { id: number; url: string; flavour: string; events: string[]; enabled: boolean };
  secret: string | null;
}
interface Deliveries {
  items: { id: number; status: string; attempts: number; events: number; lastStatusCode: number | null; lastError: string | null; createdAt: string; nextAttemptAt: string | null; finishedAt: string | null }[];
  total: number;
}

describeEachDatabase('callbacks posted for real mail', (kind) => {
  let peer: SmtpPeer;
  let server: TestServer;
  const receivers: Receiver[] = [];

  before(async () => {
    peer = await startSmtpPeer();
    server = await startTestServer(kind, { email: { relays: [peer.url] }, callbacks: { retryBaseMs: 100, retryWindowMs: 30_000, warningCheckMs: 200 } });
  });
  after(async () => {
    await server.close();
    await peer.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function account(): Promise<{ api: Api; sendexpertKey: string }> {
    const { api, account: created } = await createSendingAccount(server);
    return { api, sendexpertKey: created.credentials.sendexpert.key };
  }
  async function receiver(answer?: (n: number) => number): Promise<Receiver> {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  }
  const email = (to: string) => ({ to, from: 'news@shop.example', subject: `Hello ${to}`, text: 'Hi' });
  async function send(api: Api, recipients: string[]): Promise<number[]> {
    return ok<{ ids: number[] }>(await api.post('/messages/email/batch', { messages: recipients.map(email) }), 202).ids;
  }

  it('posts the sent events of real mail in signed batches (Standard Webhooks)', async () => {
    const { api } = await account();
    const r = await receiver();
    const created = ok<Created>(await api.post('/callbacks', { url: r.url, events: ['sent'] }), 201);
    assert.match(created.secret ?? '', /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(created.callback.flavour, 'native');
    const ids = await send(api, ['a@example.com', 'b@example.com', 'c@example.com']);
    await waitUntil(() => nativeEvents(r.posts).length >= 3, 20_000, 'three sent callbacks');
    for (const post of r.posts) {
      assert.ok(standardWebhookValid(created.secret as string, post), `signature of ${post.body}`);
      assert.match(post.headers['webhook-id'] ?? '', /^msg_\d+$/);
      assert.ok(Math.abs(Number(post.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
      assert.equal(post.headers['content-type'], 'application/json');
      assert.equal(JSON.parse(post.body).type, 'message.events');
    }
    const events = nativeEvents(r.posts);
    assert.deepEqual(events.map((e) => e.messageId).sort((x, y) => (x ?? 0) - (y ?? 0)), ids);
    for (const e of events) {
      assert.equal(e.event, 'sent');
      assert.match(String(e.response), /^250 /);
      assert.ok(!Number.isNaN(Date.parse(e.at)));
    }
    // Batched: the three results were recorded together and went out in one POST.
    assert.ok(r.posts.some((p) => (JSON.parse(p.body) as { data: unknown[] }).data.length > 1), 'at least one POST carries several events');
    // The receiver answers before Herald records the answer.
    let log: Deliveries = { items: [], total: 0 };
    await waitUntil(async () => {
      log = ok<Deliveries>(await api.get(`/callbacks/${created.callback.id}/deliveries`));
      return log.items.every((d) => d.status !== 'pending');
    }, 10_000, 'deliveries to be recorded');
    assert.equal(log.total, r.posts.length);
    assert.equal(log.items.reduce((n, d) => n + d.events, 0), 3);
    for (const d of log.items) {
      assert.equal(d.status, 'delivered');
      assert.equal(d.attempts, 1);
      assert.equal(d.lastStatusCode, 200);
      assert.ok(d.finishedAt);
    }
  });

  it('retries a refused batch with backoff and logs every attempt', async () => {
    const { api } = await account();
    const r = await receiver((n) => (n <= 2 ? 500 : 200));
    const created = ok<Created>(await api.post('/callbacks', { url: r.url, events: ['sent'] }), 201);
    const [id] = await send(api, ['retry@example.com']);
    await waitUntil(() => r.posts.length >= 3, 20_000, 'three POSTs');
    const deliveries = async () => ok<Deliveries>(await api.get(`/callbacks/${created.callback.id}/deliveries`));
    await waitUntil(async () => (await deliveries()).items[0]?.status === 'delivered', 10_000, 'the delivery to be recorded');
    const log = await deliveries();
    assert.equal(log.total, 1);
    assert.deepEqual({ ...log.items[0], id: 0, finishedAt: null }, { id: 0, status: 'delivered', attempts: 3, events: 1, lastStatusCode: 200, lastError: null, createdAt: log.items[0]?.createdAt, nextAttemptAt: null, finishedAt: null });
    // The same batch each time: same id and body, each attempt signed afresh.
    assert.deepEqual(r.posts.map((p) => p.status), [500, 500, 200]);
    assert.equal(new Set(r.posts.map((p) => p.headers['webhook-id'])).size, 1);
    assert.equal(new Set(r.posts.map((p) => p.body)).size, 1);
    for (const post of r.posts) assert.ok(standardWebhookValid(created.secret as string, post));
    assert.deepEqual(nativeEvents(r.posts).map((e) => e.messageId), [id]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(r.posts.length, 3, 'nothing more after the 200');
  });

  it('sendexpert flavour: the documented body whose checksum is md5(key . json_encode(data) . key)', async () => {
    const { api, sendexpertKey } = await account();
    const r = await receiver();
    const created = ok<Created>(await api.post('/callbacks', { url: r.url, events: ['sent', 'error'], flavour: 'sendexpert' }), 201);
    assert.equal(created.secret, null);
    const ids = await send(api, ['ok@example.com', 'unknown-user@example.com']);
    const items = () => r.posts.flatMap((p) => (JSON.parse(p.body) as { data: { mail_id: string; timestamp: string; status: string }[] }).data);
    await waitUntil(() => items().length >= 2, 20_000, 'two SendExpert callbacks');
    for (const post of r.posts) {
      assert.equal(post.headers['content-type'], 'application/json; charset=utf-8');
      const match = /^\{"data":(\[.*\]),"checksum":"([0-9a-f]{32})"\}$/.exec(post.body);
      assert.ok(match, post.body);
      const data: unknown = JSON.parse(match[1] as string);
      // The data text is json_encode's own output, and the checksum covers it.
      assert.equal(match[1], phpJsonEncodeEmulation(data));
      assert.equal(match[2], sendExpertChecksum(sendexpertKey, data));
      assert.notEqual(match[2], sendExpertChecksum('another key', data));
    }
    const byId = new Map(items().map((i) => [i.mail_id, i]));
    assert.deepEqual(Object.keys(items()[0] ?? {}), ['mail_id', 'timestamp', 'status']);
    assert.equal(byId.get(String(ids[0]))?.status, 'sent');
    assert.equal(byId.get(String(ids[1]))?.status, 'error');
    for (const item of items()) assert.match(item.timestamp, /^\d{10}$/);
  });

  it('sends one smtp-warning a day when the error rate reaches the threshold', async () => {
    const { api } = await account();
    const r = await receiver();
    const created = ok<Created>(await api.post('/callbacks', { url: r.url, events: ['smtp-warning'], errorThreshold: 30 }), 201);
    const recipients = [...Array.from({ length: 6 }, (_, i) => `fine${i}@example.com`), ...Array.from({ length: 4 }, (_, i) => `unknown-user@d${i}.example`)];
    await send(api, recipients);
    await waitUntil(() => r.posts.length >= 1, 20_000, 'an smtp-warning');
    const [warning] = nativeEvents(r.posts);
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(warning, { event: 'smtp-warning', messageId: null, at: warning?.at, rate: 40, errors: 4, sent: 6, day: today });
    assert.ok(standardWebhookValid(created.secret as string, r.posts[0]!));
    // More errors the same day: no second warning.
    await send(api, ['unknown-user@d9.example']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(r.posts.length, 1);
  });
});
