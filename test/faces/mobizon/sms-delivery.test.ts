import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { nodeSendSms, phpCall, type WireResponse } from './client.js';
import { Api } from '../native/client.js';

type Simulator = Awaited<ReturnType<typeof startSmscSimulator>>;

interface StatusItem {
  id: string;
  status: string;
  segNum: string;
  startSendTs: string | null;
  statusUpdateTs: string;
}

function dataOf<T>(res: WireResponse): T {
  assert.equal(res.status, 200, res.text);
  const body = res.body as { code: number; data: T; message: string };
  assert.equal(body.code, 0, res.text);
  return body.data;
}

describeEachDatabase('Mobizon message/sendSMSMessage over SMPP to the SMSC simulator', (kind) => {
  let smsc: Simulator;
  let server: TestServer;
  let apiKey: string;
  let accountId: number;
  let native: Api;

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 30, record: true, seed: 7 });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 100, bind: 'transceiver', prefixes: [] }] },
    });
    const account = await server.createAccount();
    apiKey = account.credentials.mobizon.apiKey;
    accountId = account.id;
    native = new Api(server, account.credentials.native.apiKey);
  });
  after(async () => {
    await server.close();
    await smsc.close();
  });

  async function statusOf(id: string): Promise<StatusItem> {
    const items = dataOf<StatusItem[]>(await phpCall(server.baseUrl, apiKey, 'message', 'getSMSStatus', { ids: [id] }));
    assert.equal(items.length, 1);
    return items[0] as StatusItem;
  }

  it('a single SMS sent as mobizon-php sends it reaches DELIVRD from the receipt', async () => {
    const sent = dataOf<{ campaignId: string; messageId: string; status: number }>(
      await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '77010000001', text: 'Hello from Herald', from: '' }),
    );
    assert.match(sent.campaignId, /^\d+$/);
    assert.match(sent.messageId, /^\d+$/);
    assert.equal(sent.status, 2);
    await waitUntil(async () => (await statusOf(sent.messageId)).status === 'DELIVRD', 15_000, 'the receipt');
    const status = await statusOf(sent.messageId);
    assert.equal(status.segNum, '1');
    assert.match(status.startSendTs ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const part = smsc.received.find((p) => p.destination.replace(/^\+/, '') === '77010000001');
    assert.ok(part, 'the SMSC got the submit');
    assert.equal(part.dataCoding, 0);
    assert.equal(part.body.toString('latin1'), 'Hello from Herald');
  });

  it('a 3-segment Cyrillic text goes out as 3 concatenated UCS-2 parts, sent as mobizon-node sends it', async () => {
    const text = 'Привет! '.repeat(20).trim();
    const sent = dataOf<{ messageId: string }>(await nodeSendSms(server.baseUrl, apiKey, { recipient: '380971112233', text, from: '' }));
    await waitUntil(async () => (await statusOf(sent.messageId)).status === 'DELIVRD', 15_000, 'all three receipts');
    assert.equal((await statusOf(sent.messageId)).segNum, '3');
    const parts = smsc.received.filter((p) => p.destination.replace(/^\+/, '') === '380971112233');
    assert.equal(parts.length, 3);
    assert.ok(parts.every((p) => p.dataCoding === 8 && p.udh !== null && p.udh.length === 6));
    const reassembled = parts
      .sort((a, b) => (a.udh?.[5] ?? 0) - (b.udh?.[5] ?? 0))
      .map((p) => p.body.swap16().toString('utf16le'))
      .join('');
    assert.equal(reassembled, text);
  });

  it('refuses a bad number and a stop-listed one with code 1 and sends nothing', async () => {
    const before = smsc.received.length;
    const bad = await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '12', text: 'x' });
    assert.equal((bad.body as { code: number }).code, 1);
    await server.core.db.insertInto('stopList').values({ accountId, number: '+77010000009', createdAt: new Date().toISOString() }).execute();
    const stopped = await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '+7 701 000 00 09', text: 'x' });
    const body = stopped.body as { code: number; data: { code: string[] } };
    assert.equal(body.code, 1);
    assert.deepEqual(body.data.code, ['5']);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smsc.received.length, before);
  });

  it('charges the balance by segments and refuses when it does not cover the price', async () => {
    const scope = { db: server.core.db, accountId };
    await server.core.db.insertInto('smsPrices').values({ country: 'KZ', operator: '', priceMicros: 500_000 }).execute();
    await setBilling(scope, { currency: 'KZT', balance: 1.2 }, BY_TEST);
    dataOf(await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '77010000002', text: 'one segment' }));
    dataOf(await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '77010000003', text: 'another' }));
    const balance = dataOf<{ balance: string }>(await phpCall(server.baseUrl, apiKey, 'user', 'getOwnBalance'));
    assert.equal(balance.balance, '0.2000');
    const refused = await phpCall(server.baseUrl, apiKey, 'message', 'sendSMSMessage', { recipient: '77010000004', text: 'no money' });
    assert.notEqual((refused.body as { code: number }).code, 0);
  });

  it('the native API sends an SMS the same way and shows its status', async () => {
    // The account is metered since the test above: price Ukraine and top the balance up.
    await server.core.db.insertInto('smsPrices').values({ country: 'UA', operator: '', priceMicros: 250_000 }).execute();
    await setBilling({ db: server.core.db, accountId }, { currency: 'KZT', balance: 10 }, BY_TEST);
    const res = await native.post('/messages/sms', { to: '+380 97 111 22 44', text: 'Native hello' });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const accepted = res.body as { id: number; campaignId: number; segments: number; cost: number };
    assert.equal(accepted.segments, 1);
    assert.equal(accepted.cost, 0.25);
    await waitUntil(async () => ((await native.get(`/messages/${accepted.id}`)).body as { status: string }).status === 'DELIVRD', 15_000, 'the receipt');
    const message = (await native.get(`/messages/${accepted.id}`)).body as { channel: string; to: string };
    assert.equal(message.channel, 'sms');
    assert.equal(message.to, '+380971112244');
    const refused = await native.post('/messages/sms', { to: '12', text: 'x' });
    assert.equal(refused.status, 422);
    const error = (refused.body as { error: { code: string; details: { code: string }[] } }).error;
    assert.equal(error.code, 'recipient_refused');
    assert.equal(error.details[0]?.code, 'recipient_code_3');
  });
});
