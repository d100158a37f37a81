import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { expectCode, nodeCall, phpCall, type WireResponse } from './client.js';
import { Api, ok } from '../native/client.js';

type Simulator = Awaited<ReturnType<typeof startSmscSimulator>>;

interface Item {
  id: string;
  campaignId: string;
  segNum: string;
  segUserBuy: string;
  from: string;
  to: string;
  text: string;
  status: string;
  groups: string;
  uuid: string;
  countryA2?: string;
  operatorName?: string | null;
  startSendTs: string;
  statusUpdateTs: string;
}
interface Listed<T> {
  items: T[];
  totalItemCount: string;
}

function dataOf<T>(res: WireResponse): T {
  expectCode(res, 0);
  return res.body.data as T;
}

const MOBIZON_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describeEachDatabase('Mobizon message/list, alphaname/list and native GET /sms/messages', (kind) => {
  let smsc: Simulator;
  let server: TestServer;
  let keyA: string;
  let keyB: string;
  let nativeA: Api;
  let nativeB: Api;
  const sent: { campaignId: string; messageId: string }[] = [];

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 20, seed: 5 });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 100, bind: 'transceiver', prefixes: [] }] },
    });
    const a = await server.createAccount();
    const b = await server.createAccount();
    keyA = a.credentials.mobizon.apiKey;
    keyB = b.credentials.mobizon.apiKey;
    nativeA = new Api(server, a.credentials.native.apiKey);
    nativeB = new Api(server, b.credentials.native.apiKey);
    const at = new Date().toISOString();
    await server.core.db
      .insertInto('senderIds')
      .values([
        { accountId: a.id, name: 'Shop', isDefault: 0, createdAt: at },
        { accountId: a.id, name: 'Promo', isDefault: 0, createdAt: at },
        { accountId: b.id, name: 'Other', isDefault: 0, createdAt: at },
      ])
      .execute();
    const send = async (key: string, recipient: string, text: string, from = '') => dataOf<{ campaignId: string; messageId: string }>(await phpCall(server.baseUrl, key, 'message', 'sendSMSMessage', { recipient, text, from }));
    sent.push(await send(keyA, '77010000001', 'first'));
    sent.push(await send(keyA, '380971112233', 'Привет! '.repeat(20).trim()));
    sent.push(await send(keyA, '77010000002', 'third', 'Shop'));
    sent.push(await send(keyB, '77010000001', 'first'));
    const ids = sent.map((s) => Number(s.messageId));
    await waitUntil(async () => (await server.core.db.selectFrom('messages').select('status').where('id', 'in', ids).execute()).every((m) => m.status === 'DELIVRD'), 20_000, 'all receipts');
    // The second SMS's campaign took its recipients from contact groups 5 and 7.
    await server.core.db.updateTable('smsCampaigns').set({ groups: '5,7' }).where('id', '=', Number(sent[1]?.campaignId)).execute();
  });
  after(async () => {
    await server.close();
    await smsc.close();
  });

  const list = async (params: Parameters<typeof phpCall>[4], key = keyA) => dataOf<Listed<Item>>(await phpCall(server.baseUrl, key, 'message', 'list', params));
  const idsOf = (l: Listed<Item>) => l.items.map((i) => i.id);

  it('lists the account\'s SMS newest first, numbers as strings, times in Mobizon form', async () => {
    const all = await list({});
    assert.equal(all.totalItemCount, '3');
    assert.deepEqual(idsOf(all), [sent[2], sent[1], sent[0]].map((s) => s?.messageId));
    const third = all.items[0] as Item;
    assert.equal(third.campaignId, sent[2]?.campaignId);
    assert.equal(third.from, 'Shop');
    assert.equal(third.to, '77010000002');
    assert.equal(third.text, 'third');
    assert.equal(third.status, 'DELIVRD');
    assert.equal(third.segNum, '1');
    assert.equal(third.segUserBuy, '0.0000');
    assert.equal(third.uuid, third.id);
    assert.match(third.startSendTs, MOBIZON_TIME);
    assert.match(third.statusUpdateTs, MOBIZON_TIME);
    assert.ok(third.statusUpdateTs >= third.startSendTs);
    assert.equal('countryA2' in third, false, 'number information only with withNumberInfo=1');
    assert.equal((all.items[1] as Item).segNum, '3');
    const withInfo = await list({ withNumberInfo: 1, criteria: { to: '77010000002' } });
    assert.equal(withInfo.items[0]?.countryA2, 'KZ');
  });

  it('filters by every criterion', async () => {
    assert.deepEqual(idsOf(await list({ criteria: { to: '7701' } })), [sent[2]?.messageId, sent[0]?.messageId]);
    assert.deepEqual(idsOf(await list({ criteria: { to: '+380 97' } })), [sent[1]?.messageId]);
    assert.deepEqual(idsOf(await list({ criteria: { campaignIds: [sent[0]?.campaignId ?? '', sent[1]?.campaignId ?? ''] } })), [sent[1]?.messageId, sent[0]?.messageId]);
    assert.deepEqual(idsOf(await list({ criteria: { campaignIds: `${sent[2]?.campaignId}` } })), [sent[2]?.messageId]);
    assert.deepEqual(idsOf(await list({ criteria: { from: 'Shop' } })), [sent[2]?.messageId]);
    assert.deepEqual(idsOf(await list({ criteria: { text: 'first' } })), [sent[0]?.messageId]);
    assert.equal((await list({ criteria: { text: 'firs' } })).totalItemCount, '0');
    assert.equal((await list({ criteria: { status: 'DELIVRD' } })).totalItemCount, '3');
    assert.equal((await list({ criteria: { status: 'NEW' } })).totalItemCount, '0');
    assert.deepEqual(idsOf(await list({ criteria: { groups: ['7'] } })), [sent[1]?.messageId]);
    assert.equal((await list({ criteria: { groups: '6' } })).totalItemCount, '0');
    const campaignStatus = (await server.core.db.selectFrom('smsCampaigns').select('status').where('id', '=', Number(sent[0]?.campaignId)).executeTakeFirstOrThrow()).status;
    assert.ok(Number((await list({ criteria: { campaignStatus } })).totalItemCount) >= 1);
    assert.equal((await list({ criteria: { campaignStatus: 'DECLINED' } })).totalItemCount, '0');
    // Time ranges, in the account's zone.
    for (const key of ['startSendTs', 'statusUpdateTs', 'campaignCreateTs', 'campaignSentTs']) {
      assert.equal((await list({ criteria: { [`${key}From`]: '2000-01-01 00:00:00', [`${key}To`]: '2999-01-01 00:00:00' } })).totalItemCount, '3', key);
      assert.equal((await list({ criteria: { [`${key}From`]: '2999-01-01 00:00:00' } })).totalItemCount, '0', key);
      assert.equal((await list({ criteria: { [`${key}To`]: '2000-01-01 00:00:00' } })).totalItemCount, '0', key);
    }
    const first = (await list({ criteria: { text: 'first' } })).items[0] as Item;
    assert.equal((await list({ criteria: { startSendTsFrom: first.startSendTs, startSendTsTo: first.startSendTs, text: 'first' } })).totalItemCount, '1');
    expectCode(await phpCall(server.baseUrl, keyA, 'message', 'list', { criteria: { startSendTsFrom: '15.01.2026' } }), 1);
    expectCode(await phpCall(server.baseUrl, keyA, 'message', 'list', { criteria: { campaignIds: 'x' } }), 1);
  });

  it('pages from 0 and sorts by the documented fields', async () => {
    const page = await list({ pagination: { pageSize: 2, currentPage: 1 } });
    assert.equal(page.totalItemCount, '3');
    assert.deepEqual(idsOf(page), [sent[0]?.messageId]);
    assert.deepEqual(idsOf(await list({ pagination: { pageSize: 2, currentPage: 0 } })), [sent[2]?.messageId, sent[1]?.messageId]);
    assert.deepEqual((await list({ sort: { to: 'ASC' } })).items.map((i) => i.to), ['380971112233', '77010000001', '77010000002']);
    assert.deepEqual((await list({ sort: { segNum: 'DESC' } })).items[0]?.segNum, '3');
    assert.deepEqual(idsOf(await list({ sort: { campaignId: 'asc' } })), sent.slice(0, 3).map((s) => s.messageId));
    expectCode(await phpCall(server.baseUrl, keyA, 'message', 'list', { sort: { cost: 'ASC' } }), 12);
    expectCode(await phpCall(server.baseUrl, keyA, 'message', 'list', { pagination: { pageSize: 1000 } }), 12);
  });

  it('answers mobizon-node\'s request (qs bodies) the same', async () => {
    const res = await nodeCall(server.baseUrl, keyA, 'message', 'list', { criteria: { to: '38097' }, pagination: { pageSize: 25, currentPage: 0 }, sort: { id: 'DESC' } });
    const data = dataOf<Listed<Item>>(res);
    assert.deepEqual(idsOf(data), [sent[1]?.messageId]);
  });

  it('keeps accounts apart', async () => {
    const b = await list({}, keyB);
    assert.equal(b.totalItemCount, '1');
    assert.deepEqual(idsOf(b), [sent[3]?.messageId]);
    assert.equal((await list({ criteria: { campaignIds: [sent[0]?.campaignId ?? ''] } }, keyB)).totalItemCount, '0');
    const native = ok<{ items: { id: number }[]; total: number }>(await nativeB.get('/sms/messages'));
    assert.deepEqual(native.items.map((m) => m.id), [Number(sent[3]?.messageId)]);
  });

  it('alphaname/list shows the account\'s sender ids, paged', async () => {
    const all = dataOf<Listed<{ alphanameId: string; globalStatus: string; partnerStatus: string; description: null; alphaname: { name: string } }>>(await phpCall(server.baseUrl, keyA, 'alphaname', 'list'));
    assert.equal(all.totalItemCount, '2');
    assert.deepEqual(all.items.map((i) => i.alphaname.name), ['Shop', 'Promo']);
    for (const item of all.items) {
      assert.match(item.alphanameId, /^\d+$/);
      assert.equal(item.globalStatus, '1');
      assert.equal(item.partnerStatus, '1');
      assert.equal(item.description, null);
    }
    const second = dataOf<Listed<{ alphaname: { name: string } }>>(await nodeCall(server.baseUrl, keyA, 'alphaname', 'list', { pagination: { pageSize: 1, currentPage: 1 } }));
    assert.equal(second.totalItemCount, '2');
    assert.deepEqual(second.items.map((i) => i.alphaname.name), ['Promo']);
    const b = dataOf<Listed<{ alphaname: { name: string } }>>(await phpCall(server.baseUrl, keyB, 'alphaname', 'list'));
    assert.deepEqual(b.items.map((i) => i.alphaname.name), ['Other']);
  });

  it('native GET /sms/messages filters, pages and sorts the same way', async () => {
    type NativeList = { items: { id: number; campaignId: number; segments: number; cost: number; to: string; from: string; status: string; country: string; sentAt: string; statusUpdatedAt: string }[]; total: number };
    const all = ok<NativeList>(await nativeA.get('/sms/messages'));
    assert.equal(all.total, 3);
    assert.deepEqual(all.items.map((m) => m.id), [sent[2], sent[1], sent[0]].map((s) => Number(s?.messageId)));
    const third = all.items[0];
    assert.equal(third?.to, '+77010000002');
    assert.equal(third?.from, 'Shop');
    assert.equal(third?.country, 'KZ');
    assert.ok(!Number.isNaN(Date.parse(third?.statusUpdatedAt ?? '')));
    const paged = ok<NativeList>(await nativeA.get('/sms/messages?to=7701&limit=1&offset=1'));
    assert.equal(paged.total, 2);
    assert.deepEqual(paged.items.map((m) => m.id), [Number(sent[0]?.messageId)]);
    const sorted = ok<NativeList>(await nativeA.get('/sms/messages?sort=to&order=asc'));
    assert.deepEqual(sorted.items.map((m) => m.to), ['+380971112233', '+77010000001', '+77010000002']);
    const byCampaign = ok<NativeList>(await nativeA.get(`/sms/messages?campaignIds=${sent[0]?.campaignId},${sent[2]?.campaignId}&status=DELIVRD&sentFrom=2000-01-01T00:00:00Z`));
    assert.equal(byCampaign.total, 2);
    assert.equal(ok<NativeList>(await nativeA.get('/sms/messages?groups=5')).total, 1);
    assert.equal(ok<NativeList>(await nativeA.get('/sms/messages?statusUpdatedFrom=2999-01-01T00:00:00Z')).total, 0);
    assert.equal((await nativeA.get('/sms/messages?campaignIds=abc')).status, 400);
    assert.equal((await nativeA.get('/sms/messages?sort=cost')).status, 400);
  });
});
