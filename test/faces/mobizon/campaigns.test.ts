import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { getBilling, setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { approveCampaign, declineCampaign } from '../../../src/core/sms/campaigns/sending.js';
import { advanceCampaigns } from '../../../src/core/sms/campaigns/lifecycle.js';
import { takeAddingLock, releaseAddingLock } from '../../../src/core/sms/campaigns/lock.js';
import { phpCall, nodeCall, type WireResponse } from './client.js';
import { createContact } from '../../../src/core/audience/contacts/contacts.js';
import { defaultOfficeId } from '../../../src/core/audience/offices/offices.js';

type Simulator = Awaited<ReturnType<typeof startSmscSimulator>>;
interface Envelope<T> {
  code: number;
  data: T;
  message: string;
}
interface AddedItem {
  recipient: string | null;
  code: number;
  messageId: string | null;
  type: string;
  number?: string | null;
}
type Info = Record<string, unknown> & { commonStatus: string; counters: Record<string, string> };

function envelope<T>(res: WireResponse): Envelope<T> {
  assert.equal(res.status, 200, res.text);
  return res.body as Envelope<T>;
}
function dataOf<T>(res: WireResponse, code = 0): T {
  const body = envelope<T>(res);
  assert.equal(body.code, code, res.text);
  return body.data;
}

describeEachDatabase('Mobizon campaigns end to end with the SMSC simulator', (kind) => {
  let smsc: Simulator;
  let server: TestServer;
  let apiKey: string;
  let accountId: number;
  const call = (method: string, params: Record<string, unknown> = {}) => phpCall(server.baseUrl, apiKey, 'campaign', method, params as never);

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 20, record: true, seed: 11, outcomes: 'DELIVRD=85,UNDELIV=10,EXPIRED=5' });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 100, bind: 'transceiver', prefixes: [] }] },
    });
    const account = await server.createAccount();
    apiKey = account.credentials.mobizon.apiKey;
    accountId = account.id;
    await server.core.db.insertInto('smsPrices').values({ country: 'KZ', operator: '', priceMicros: 15_000 }).execute();
    await server.core.db.insertInto('senderIds').values({ accountId, name: 'Alpha', isDefault: 1, createdAt: new Date().toISOString() }).execute();
  });
  after(async () => {
    await server.close();
    await smsc.close();
  });

  const info = async (id: string): Promise<Info> => dataOf<Info>(await call('getInfo', { id }));

  it('a 1,000-recipient template campaign is filled, moderated, sent at its rate limit and reaches DONE with exact counters and costs', { timeout: 120_000 }, async () => {
    const scope = { db: server.core.db, accountId };
    await server.core.db.updateTable('accounts').set({ smsModeration: 1 }).where('id', '=', accountId).execute();
    await setBilling(scope, { currency: 'KZT', balance: 100 }, BY_TEST);
    await server.core.db.insertInto('stopList').values([
      { accountId, number: '+77010000007', createdAt: new Date().toISOString() },
      { accountId: null, number: '+77010000013', createdAt: new Date().toISOString() },
    ]).execute();
    // 6000 per minute = 100 messages a second: ten packets of 10 every second.
    const id = dataOf<string>(await call('create', { data: { type: 3, name: 'Balance reminder', from: 'Alpha', text: 'Hello {name}, your balance is {balance}.', rateLimit: 6000, ratePeriod: 60, msgType: 'SMS' } }));
    assert.match(id, /^\d+$/);

    const rows: Record<string, string>[] = [];
    for (let i = 0; i < 990; i++) rows.push({ recipient: `7701${String(i).padStart(7, '0')}`, name: `Client ${i}`, balance: `${i}.50` });
    rows.push({ recipient: '12345', name: 'bad', balance: '0' }); // bad format: 3
    rows.push({ recipient: '77010000001', name: 'again', balance: '1' }); // duplicate: 4
    rows.push({ recipient: '', name: 'nobody', balance: '1' }); // empty: 1
    for (let i = 0; i < 7; i++) rows.push({ recipient: `7702${String(i).padStart(7, '0')}`, name: `Late ${i}`, balance: '2' });
    assert.equal(rows.length, 1000);
    const first = envelope<AddedItem[]>(await call('addRecipients', { id, recipients: rows.slice(0, 500) }));
    const second = envelope<AddedItem[]>(await nodeCall(server.baseUrl, apiKey, 'campaign', 'addrecipients', { id, recipients: rows.slice(500) }));
    assert.equal(first.code, 98, 'stop-listed numbers are in the first half');
    assert.equal(second.code, 98);
    const all = [...first.data, ...second.data];
    assert.equal(all.length, 1000);
    const codes = new Map<number, number>();
    for (const item of all) codes.set(item.code, (codes.get(item.code) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(codes), { 0: 995, 1: 1, 3: 1, 4: 1, 5: 2 });
    assert.equal(all[7]!.code, 5);
    assert.equal(all[13]!.code, 5);
    assert.deepEqual(all[0], { recipient: '77010000000', code: 0, messageId: all[0]!.messageId, type: 'number', number: '77010000000' });

    const before = await info(id);
    assert.equal(before.commonStatus, 'NEW');
    assert.equal(before.counters.totalNewMsgNum, '995');
    assert.equal(before.counters.totalMsgNum, '995');
    assert.equal(before.counters.recipientsRejected, '5');
    assert.equal(before.counters.totalCost, '14.9250');
    assert.equal(before.counters.userCurrency, 'KZT');
    const filled = dataOf<Info>(await call('getInfo', { id, getFilledTplCampaignText: 1 }));
    assert.equal(filled.text, 'Hello Client 0, your balance is 0.50.');

    assert.equal(dataOf<number>(await call('send', { id })), 1, 'moderated account: sent to moderation');
    assert.equal((await info(id)).commonStatus, 'MODERATION');
    assert.equal((await getBilling(scope))?.balance, 100 - 14.925, 'charged when sent');
    assert.equal(envelope(await call('send', { id })).code, 10, 'sending twice');
    assert.equal(envelope(await call('addRecipients', { id, recipients: ['77019999999'] })).code, 10, 'no recipients after sending');

    const startedAt = Date.now();
    await approveCampaign(server.core.db, Number(id));
    await waitUntil(async () => (await info(id)).commonStatus === 'DONE', 90_000, 'the campaign reaches DONE').catch(async (err: unknown) => {
      const rows = await server.core.db.selectFrom("messages").innerJoin("smsParts", "smsParts.messageId", "messages.id").select(["messages.status", "smsParts.status as partStatus"]).select((eb) => eb.fn.countAll<number>().as("n")).where("campaignId", "=", Number(id)).groupBy(["messages.status", "smsParts.status"]).execute();
      throw new Error(`${String(err)}: ${(await info(id)).commonStatus} ${JSON.stringify(rows)} ${JSON.stringify(smsc.stats)}`);
    });
    const sendSeconds = (Date.now() - startedAt) / 1000;
    assert.ok(sendSeconds >= 9, `995 messages at 100/s take at least 9 s, took ${sendSeconds}`);

    const mine = smsc.received.filter((p) => p.body.toString('latin1').includes('your balance is'));
    assert.equal(mine.length, 995);
    assert.ok(mine.every((p) => p.source === 'Alpha'));
    const expected: Record<string, number> = {};
    for (const p of mine) expected[p.status] = (expected[p.status] ?? 0) + 1;
    const done = await info(id);
    assert.equal(done.moderationStatus, 'APPROVED');
    assert.equal(done.counters.totalMsgNum, '995');
    assert.equal(done.counters.totalDelivrdMsgNum, String(expected.DELIVRD ?? 0));
    assert.equal(done.counters.totalUndelivMsgNum, String(expected.UNDELIV ?? 0));
    assert.equal(done.counters.totalExpiredMsgNum, String(expected.EXPIRED ?? 0));
    assert.equal(done.counters.totalDelivrdMsgCost, ((expected.DELIVRD ?? 0) * 0.015).toFixed(4));
    assert.equal(done.counters.totalCost, '14.9250');
    assert.equal(done.counters.totalNewMsgNum, '0');
    assert.match(String(done.startSendTs), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // Packets of 10 share a due time, 100 ms apart.
    const due = await server.core.db.selectFrom('messages').select(['id', 'dueAt', 'scheduledAt']).where('campaignId', '=', Number(id)).orderBy('id').execute();
    const createdDue = await server.core.db.selectFrom('messageEvents').select('id').where('messageId', '=', due[0]!.id).execute();
    assert.ok(createdDue.length >= 1);
    void due;
  });

  it('validates create and refuses a campaign the balance cannot pay, changing nothing', async () => {
    const bad = envelope<Record<string, string[]>>(await call('create', { data: { text: 'x', rateLimit: 7000, ratePeriod: 60, validity: 10, type: 3 } }));
    assert.equal(bad.code, 1);
    assert.ok(bad.data.rateLimit && bad.data.validity && bad.data.text, JSON.stringify(bad.data));
    const tooSoon = envelope<Record<string, string[]>>(await call('create', { data: { text: 'x', deferredToTs: '2020-01-01 00:00:00' } }));
    assert.equal(tooSoon.code, 1);
    assert.ok(tooSoon.data.deferredToTs);

    const scope = { db: server.core.db, accountId };
    await server.core.db.updateTable('accounts').set({ smsModeration: 0 }).where('id', '=', accountId).execute();
    await setBilling(scope, { currency: 'KZT', balance: 0.02 }, BY_TEST);
    const id = dataOf<string>(await call('create', { data: { text: 'Sale today' } }));
    assert.equal(dataOf<AddedItem[]>(await call('addRecipients', { id, recipients: '77020000001,77020000002' })).length, 2);
    const refused = envelope(await call('send', { id }));
    assert.equal(refused.code, 10);
    assert.match(refused.message, /Not enough money/);
    assert.equal((await info(id)).commonStatus, 'NEW');
    assert.equal((await getBilling(scope))?.balance, 0.02);
    await setBilling(scope, { currency: 'KZT', balance: 100 }, BY_TEST);
    assert.equal(dataOf<boolean>(await call('delete', { id })), true);
    assert.equal(envelope(await call('get', { id })).code, 2);
  });

  it('one source per request, at most 500 numbers, and the adding lock', async () => {
    const id = dataOf<string>(await call('create', { data: { text: 'Hi' } }));
    assert.equal(envelope(await call('addRecipients', { id, recipients: ['77020000010'], recipientContacts: ['1'] })).code, 12);
    assert.equal(envelope(await call('addRecipients', { id })).code, 12);
    const many = Array.from({ length: 501 }, (_, i) => `7703${String(i).padStart(7, '0')}`);
    assert.equal(envelope(await call('addRecipients', { id, recipients: many })).code, 12);
    assert.equal((await info(id)).counters.totalMsgNum, '0', 'nothing added');
    await takeAddingLock({ db: server.core.db, accountId }, Number(id), 60_000);
    const locked = envelope(await call('addRecipients', { id, recipients: ['77020000010'] }));
    assert.equal(locked.code, 10);
    await releaseAddingLock({ db: server.core.db, accountId }, Number(id));
    assert.equal(envelope(await call('addRecipients', { id, recipients: ['77020000010'] })).code, 0);
    // replace=1 starts over.
    const replaced = dataOf<AddedItem[]>(await call('addRecipients', { id, recipients: ['77020000011', '77020000012'], params: { replace: 1 } }));
    assert.equal(replaced.length, 2);
    assert.equal((await info(id)).counters.totalMsgNum, '2');
    assert.equal(envelope(await call('get', { id: '999999' })).code, 2);
  });

  it('a deferred campaign waits, can be deleted until 5 minutes before its start, and starts on time', async () => {
    const scope = { db: server.core.db, accountId };
    await server.core.db.updateTable('accounts').set({ smsModeration: 0 }).where('id', '=', accountId).execute();
    const tz = (await server.core.db.selectFrom('accounts').select('timeZone').where('id', '=', accountId).executeTakeFirstOrThrow()).timeZone;
    const { mobizonTime } = await import('../../../src/wire/mobizon-time.js');
    const start = new Date(Date.now() + 2 * 3600_000);
    const id = dataOf<string>(await call('create', { data: { text: 'Later', deferredToTs: mobizonTime(start.toISOString(), tz) } }));
    dataOf<AddedItem[]>(await call('addRecipients', { id, recipients: ['77020000020'] }));
    assert.equal(dataOf<number>(await call('send', { id })), 2);
    await waitUntil(async () => (await info(id)).commonStatus === 'DEFERRED', 10_000, 'DEFERRED');
    const got = dataOf<Info>(await call('get', { id }));
    assert.equal(got.moderationStatus, 'AUTO_APPROVED');
    assert.equal(got.deferredToTs, mobizonTime(new Date(Math.floor(start.getTime() / 1000) * 1000).toISOString(), tz));
    const message = await server.core.db.selectFrom('messages').select(['dueAt']).where('campaignId', '=', Number(id)).executeTakeFirstOrThrow();
    assert.ok(Date.parse(message.dueAt!) >= start.getTime() - 1000, 'due at the deferred start');
    // At the start (simulated clock), the campaign runs.
    const step = await advanceCampaigns(server.core.db, new Date(start.getTime() + 1000));
    assert.ok(step.started.includes(Number(id)));
    assert.equal((await info(id)).commonStatus, 'RUNNING');
    void scope;

    const other = dataOf<string>(await call('create', { data: { text: 'Later too', deferredToTs: mobizonTime(start.toISOString(), tz) } }));
    dataOf<AddedItem[]>(await call('addRecipients', { id: other, recipients: ['77020000021'] }));
    dataOf<number>(await call('send', { id: other }));
    await waitUntil(async () => (await info(other)).commonStatus === 'DEFERRED', 10_000, 'DEFERRED');
    assert.equal(dataOf<boolean>(await call('delete', { id: other })), true);
  });

  it('declined campaigns refund; SENT campaigns become DONE 24 h after sending with counters frozen', async () => {
    const scope = { db: server.core.db, accountId };
    await server.core.db.updateTable('accounts').set({ smsModeration: 1 }).where('id', '=', accountId).execute();
    await setBilling(scope, { currency: 'KZT', balance: 10 }, BY_TEST);
    const id = dataOf<string>(await call('create', { data: { text: 'Spam?' } }));
    dataOf<AddedItem[]>(await call('addRecipients', { id, recipients: ['77020000030'] }));
    assert.equal(dataOf<number>(await call('send', { id })), 1);
    assert.equal((await getBilling(scope))?.balance, 10 - 0.015);
    await declineCampaign(server.core.db, Number(id), 'Advertising without consent');
    const declined = dataOf<Info>(await call('get', { id }));
    assert.equal(declined.commonStatus, 'DECLINED');
    assert.equal(declined.globalComment, 'Advertising without consent');
    assert.equal((await getBilling(scope))?.balance, 10);

    // A SENT campaign whose receipts never come: DONE after 24 hours, then its counters do not move.
    const sent = await server.core.db
      .insertInto('smsCampaigns')
      .values({ accountId, type: 2, text: 'old', status: 'SENT', source: 'test', createdAt: new Date().toISOString(), endSendAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const msg = await server.core.db
      .insertInto('messages')
      .values({ accountId, channel: 'sms', source: 'test', status: 'ACCEPTD', dueAt: null, giveUpAt: new Date().toISOString(), recipient: '+77020000031', sender: '', statDay: '2026-01-01', trackOpens: 0, trackClicks: 0, createdAt: new Date().toISOString(), scheduledAt: null, campaignId: sent.id, segments: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.ok(!(await advanceCampaigns(server.core.db)).done.includes(sent.id));
    assert.ok((await advanceCampaigns(server.core.db, new Date(Date.now() + 25 * 3600_000))).done.includes(sent.id));
    await server.core.db.updateTable('messages').set({ status: 'DELIVRD' }).where('id', '=', msg.id).execute();
    const frozen = await info(String(sent.id));
    assert.equal(frozen.commonStatus, 'DONE');
    assert.equal(frozen.counters.totalAcceptdMsgNum, '1');
    assert.equal(frozen.counters.totalDelivrdMsgNum, '0');
  });

  it('lists campaigns with criteria, pagination and sort', async () => {
    const made: string[] = [];
    for (const from of ['Alpha', 'Alpha', 'Alpha']) made.push(dataOf<string>(await call('create', { data: { text: `List me ${made.length}`, from, name: `L${made.length}` } })));
    const page = dataOf<{ items: Info[]; totalItemCount: string }>(await call('list', { criteria: { text: 'List me' }, pagination: { currentPage: 0, pageSize: 25 }, sort: { id: 'ASC' } }));
    assert.equal(page.totalItemCount, '3');
    assert.deepEqual(page.items.map((c) => c.id), made);
    assert.equal(page.items[0]!.counters.totalMsgNum, '0');
    const byIds = dataOf<{ items: Info[]; totalItemCount: string }>(await call('list', { criteria: { ids: made.slice(0, 2).join(',') } }));
    assert.equal(byIds.totalItemCount, '2');
    const future = dataOf<{ totalItemCount: string }>(await call('list', { criteria: { createDateFrom: '2099-01-01' } }));
    assert.equal(future.totalItemCount, '0');
    const notSent = dataOf<{ items: Info[] }>(await call('list', { criteria: { status: 'NOT_YET_SENT', text: 'List me' } }));
    assert.equal(notSent.items.length, 3);
  });

  it('contacts as recipients: their mobile and fields, 32 unknown, 31 without a mobile, 5 unsubscribed', async () => {
    const scope = { db: server.core.db, accountId };
    const office = await defaultOfficeId(scope);
    const ada = await createContact(scope, { officeId: office, firstName: 'Ada', mobile: '+77021234567', email: 'ada@example.com' });
    const nomobile = await createContact(scope, { officeId: office, firstName: 'Bo', email: 'bo@example.com' });
    const gone = await createContact(scope, { officeId: office, firstName: 'Cy', mobile: '+77027654321', email: 'cy@example.com' });
    await server.core.db.updateTable('contacts').set({ smsUnsubscribedAt: new Date().toISOString() }).where('id', '=', gone.id).execute();
    const id = dataOf<string>(await call('create', { data: { type: 3, text: 'Hi {name}!' } }));
    const res = envelope<AddedItem[]>(await call('addRecipients', { id, recipientContacts: [ada.id, 999999, nomobile.id, gone.id].join(',') }));
    assert.equal(res.code, 98);
    assert.deepEqual(res.data.map((r) => r.code), [0, 32, 31, 5]);
    assert.equal(res.data[0]!.recipient, '77021234567');
    const text = await server.core.db.selectFrom('messageContents').select('text').where('messageId', '=', Number(res.data[0]!.messageId)).executeTakeFirstOrThrow();
    assert.equal(text.text, 'Hi Ada!');
  });

  it('another account sees none of these campaigns', async () => {
    const other = await server.createAccount('other');
    const mine = dataOf<string>(await call('create', { data: { text: 'Private' } }));
    const res = envelope(await phpCall(server.baseUrl, other.credentials.mobizon.apiKey, 'campaign', 'get', { id: mine }));
    assert.equal(res.code, 2);
    assert.equal(envelope(await phpCall(server.baseUrl, other.credentials.mobizon.apiKey, 'campaign', 'addRecipients', { id: mine, recipients: ['77020000040'] })).code, 2);
    assert.equal(dataOf<{ totalItemCount: string }>(await phpCall(server.baseUrl, other.credentials.mobizon.apiKey, 'campaign', 'list', {})).totalItemCount, '0');
  });
});
