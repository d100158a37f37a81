import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { phpCall } from '../../faces/mobizon/client.js';
import { recordEvents } from '../../../src/core/messages/events.js';
import { Api, ok } from '../../faces/native/client.js';
import { startReceiver, type ReceivedPost, type Receiver } from '../../delivery/callbacks/receiver.js';

type Simulator = Awaited<ReturnType<typeof startSmscSimulator>>;

interface Report {
  eventId: number;
  eventType: string;
  eventCreateTs: string;
  webhookId: number;
  attempt: number;
  data: { campaignId: number; messageId: number; segNum: number; statusUpdateTs: string; status: string; to: string };
  sign: string;
}

/** What a Mobizon receiver does (the docs' PHP example): sha1 of eventId|attempt|eventCreateTs|secretKey. */
function verified(post: ReceivedPost, secret: string): Report {
  const report = JSON.parse(post.body) as Report;
  const expected = createHash('sha1').update(`${report.eventId}|${report.attempt}|${report.eventCreateTs}|${secret}`).digest('hex');
  assert.equal(report.sign, expected, `sign of ${post.body}`);
  return report;
}

const MOBIZON_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describeEachDatabase('Mobizon sms-delivery-report webhooks for SMS sent through the simulator', (kind) => {
  let smsc: Simulator;
  let server: TestServer;
  let apiKey: string;
  let accountId: number;
  let native: Api;
  const receivers: Receiver[] = [];

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 50, seed: 3 });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 100, bind: 'transceiver', prefixes: [] }] },
      callbacks: { retryBaseMs: 100, retryCapMs: 200, retryWindowMs: 30_000 },
    });
    const account = await server.createAccount();
    apiKey = account.credentials.mobizon.apiKey;
    accountId = account.id;
    native = new Api(server, account.credentials.native.apiKey);
    // Mobizon writes times in the account's zone.
    await server.core.db.updateTable('accounts').set({ timeZone: 'Asia/Almaty' }).where('id', '=', account.id).execute();
  });
  after(async () => {
    await server.close();
    await smsc.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function receiver(answer?: (n: number, body: string) => number): Promise<Receiver> {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  }

  it('posts ACCEPTD and then DELIVRD, one signed event per POST, retrying with attempt counting up', async () => {
    // The first ACCEPTD POST is refused: Mobizon retries the same event with the next attempt number.
    // (Chosen by body, not by order: under load the DELIVRD report can be posted first.)
    let refusedOnce = false;
    const all = await receiver((_n, body) => {
      if (refusedOnce || !body.includes('"ACCEPTD"')) return 200;
      refusedOnce = true;
      return 503;
    });
    const finals = await receiver();
    const created = ok<{ callback: { id: number; flavour: string }; secret: string }>(await native.post('/callbacks', { url: all.url, flavour: 'mobizon', events: ['sent', 'delivered', 'error'] }), 201);
    assert.equal(created.callback.flavour, 'mobizon');
    const finalOnly = ok<{ callback: { id: number }; secret: string }>(await native.post('/callbacks', { url: finals.url, flavour: 'mobizon', events: ['delivered', 'error'] }), 201);
    // An email-only event has no Mobizon form.
    const refused = await native.post('/callbacks', { url: all.url, flavour: 'mobizon', events: ['open'] });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));

    const sent = (await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '77010000001', text: 'Hello from Herald', from: '' })).body as { code: number; data: { campaignId: string; messageId: string } };
    assert.equal(sent.code, 0, JSON.stringify(sent));
    const messageId = Number(sent.data.messageId);

    await waitUntil(() => all.posts.filter((p) => p.status === 200).length >= 2 && finals.posts.length >= 1, 20_000, 'ACCEPTD and DELIVRD reports');
    const reports = all.posts.map((p) => verified(p, created.secret));
    for (const r of reports) {
      assert.deepEqual(Object.keys(r), ['eventId', 'eventType', 'eventCreateTs', 'webhookId', 'attempt', 'data', 'sign']);
      assert.equal(r.eventType, 'sms-delivery-report');
      assert.equal(r.webhookId, created.callback.id);
      assert.match(r.eventCreateTs, MOBIZON_TIME);
      assert.equal(r.data.statusUpdateTs, r.eventCreateTs);
      assert.deepEqual(r.data, { campaignId: Number(sent.data.campaignId), messageId, segNum: 1, statusUpdateTs: r.data.statusUpdateTs, status: r.data.status, to: '77010000001' });
    }
    // The refused first POST and its retry: the same event, attempt 1 then 2, signed differently.
    // (Mobizon deliveries go out side by side, so the DELIVRD report may come between them.)
    const [first, retry] = reports.filter((r) => r.data.status === 'ACCEPTD') as [Report, Report];
    const final = reports.find((r) => r.data.status === 'DELIVRD')!;
    assert.equal(reports.length, 3);
    assert.equal(retry.eventId, first.eventId);
    assert.equal(first.attempt, 1);
    assert.equal(retry.attempt, 2);
    assert.notEqual(retry.sign, first.sign);
    assert.equal(final.attempt, 1);
    assert.notEqual(final.eventId, first.eventId);
    // Times are the account's wall clock (Asia/Almaty, UTC+5), not UTC.
    const utcNow = new Date().toISOString().slice(11, 13);
    assert.notEqual(final.eventCreateTs.slice(11, 13), utcNow);

    // A webhook of final statuses only gets the final one.
    assert.equal(finals.posts.length, 1);
    const onlyFinal = verified(finals.posts[0] as ReceivedPost, finalOnly.secret);
    assert.equal(onlyFinal.data.status, 'DELIVRD');
    assert.equal(onlyFinal.webhookId, finalOnly.callback.id);

    // The delivery log: one event per delivery, the retried one with two attempts.
    const log = ok<{ items: { events: number; attempts: number; status: string }[] }>(await native.get(`/callbacks/${created.callback.id}/deliveries`));
    assert.ok(log.items.every((d) => d.events === 1));
    assert.deepEqual(log.items.map((d) => d.attempts).sort(), [1, 2]);
  });

  it('a rotated secret signs the next report; a 3-part SMS reports segNum 3; email events are not queued for it', async () => {
    const r = await receiver();
    const created = ok<{ callback: { id: number }; secret: string }>(await native.post('/callbacks', { url: r.url, flavour: 'mobizon', events: ['delivered'] }), 201);
    const rotated = ok<{ secret: string }>(await native.post(`/callbacks/${created.callback.id}/rotate-secret`, {}));
    assert.notEqual(rotated.secret, created.secret);
    const sent = (await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '380971112233', text: 'Привет! '.repeat(20).trim() })).body as { data: { messageId: string } };
    await waitUntil(() => r.posts.length >= 1, 20_000, 'the DELIVRD report');
    const report = verified(r.posts[0] as ReceivedPost, rotated.secret);
    assert.equal(report.data.messageId, Number(sent.data.messageId));
    assert.equal(report.data.segNum, 3);
    assert.equal(report.data.to, '380971112233');
    // An email's delivered event (no campaign, segments or number) is not queued for a Mobizon webhook.
    await recordEvents(server.core.db, [{ accountId, messageId: report.data.messageId, type: 'delivered', at: new Date().toISOString(), detail: { response: '250 OK' } }]);
    const rows = await server.core.db.selectFrom('webhookEvents').select('payload').where('webhookId', '=', created.callback.id).execute();
    assert.equal(rows.length, 1);
  });

  it('a Mobizon webhook has several deliveries out at once (one event each), so reports keep up with a campaign', async () => {
    const down = await receiver(() => 503);
    const created = ok<{ callback: { id: number } }>(await native.post('/callbacks', { url: down.url, flavour: 'mobizon', events: ['delivered'] }), 201);
    for (let i = 0; i < 12; i++) {
      const res = (await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: `770100010${String(i).padStart(2, '0')}`, text: `Report ${i}` })).body as { code: number };
      assert.equal(res.code, 0);
    }
    const pending = async () => (await server.core.db.selectFrom('webhookDeliveries').select('events').where('webhookId', '=', created.callback.id).where('status', '=', 'pending').execute());
    await waitUntil(async () => (await pending()).length === 8, 20_000, 'eight deliveries pending at once');
    assert.ok((await pending()).every((d) => d.events === 1));
    await server.core.db.updateTable('webhooks').set({ enabled: 0 }).where('id', '=', created.callback.id).execute();
  });
});
