/**
 * The Mobizon client against a running Herald (its Mobizon face), every method the face serves, on
 * both databases; SMS go out to the SMSC simulator.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { MobizonClient, MobizonCode, MobizonError } from '../../../src/clients/mobizon/index.js';

type Simulator = Awaited<ReturnType<typeof startSmscSimulator>>;

describeEachDatabase('Mobizon client against Herald', (kind) => {
  let smsc: Simulator;
  let server: TestServer;
  let mobizon: MobizonClient;

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 10, seed: 5 });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 50, bind: 'transceiver', prefixes: [] }] },
    });
    const account = await server.createAccount();
    mobizon = new MobizonClient({ baseUrl: server.baseUrl, apiKey: account.credentials.mobizon.apiKey });
    await server.core.db.insertInto('smsPrices').values({ country: 'KZ', operator: '', priceMicros: 15_000 }).execute();
    await server.core.db.insertInto('senderIds').values({ accountId: account.id, name: 'Alpha', isDefault: 1, createdAt: new Date().toISOString() }).execute();
    await setBilling({ db: server.core.db, accountId: account.id }, { currency: 'KZT', balance: 100 }, BY_TEST);
  });
  after(async () => {
    await server.close();
    await smsc.close();
  });

  it('user/getOwnBalance and alphaname/list', async () => {
    const balance = await mobizon.user.getOwnBalance();
    assert.deepEqual([balance.balance, balance.currency, balance.raw.balance], [100, 'KZT', '100.0000']);
    const alphanames = await mobizon.alphaname.list({ pagination: { currentPage: 0, pageSize: 25 } });
    assert.equal(alphanames.totalItemCount, 1);
    assert.equal(alphanames.items[0]?.name, 'Alpha');
    assert.equal(alphanames.items[0]?.globalStatus, 1);
  });

  it('a template campaign: create, addRecipients (partial), get, getInfo, list, send', { timeout: 60_000 }, async () => {
    const id = await mobizon.campaign.create({ type: 3, name: 'Reminder', from: 'Alpha', text: 'Hello {name}, your balance is {balance}.', msgType: 'SMS' });
    assert.ok(Number.isSafeInteger(id) && id > 0);
    const added = await mobizon.campaign.addRecipients(id, {
      recipients: [
        { recipient: '77010000001', name: 'Вася', balance: '1.50' },
        { recipient: '77010000002', name: 'Olga', balance: '2' },
        { recipient: '12345', name: 'bad', balance: '0' },
      ],
    });
    assert.equal(added.kind, 'added');
    if (added.kind !== 'added') return;
    assert.equal(added.code, MobizonCode.PARTIAL);
    assert.deepEqual(added.items.map((i) => i.code), [0, 0, 3]);
    assert.ok(added.items.slice(0, 2).every((i) => typeof i.messageId === 'number' && i.messageId > 0));

    const campaign = await mobizon.campaign.get(id);
    assert.deepEqual([campaign.id, campaign.type, campaign.commonStatus, campaign.from, campaign.name], [id, 3, 'NEW', 'Alpha', 'Reminder']);
    const info = await mobizon.campaign.getInfo(id, { getFilledTplCampaignText: true });
    assert.equal(info.text, 'Hello Вася, your balance is 1.50.');
    assert.equal(info.counters.totalMsgNum, 2);
    assert.equal(info.counters.recipientsRejected, 1);
    assert.equal(info.counters.totalCost, 0.03);
    assert.equal(info.counters.userCurrency, 'KZT');

    const listed = await mobizon.campaign.list({ criteria: { ids: [id] }, pagination: { pageSize: 25, currentPage: 0 }, sort: { id: 'DESC' } });
    assert.equal(listed.totalItemCount, 1);
    assert.equal(listed.items[0]?.id, id);

    assert.deepEqual(await mobizon.campaign.send(id), { kind: 'sent', status: 2 });
    await waitUntil(async () => (await mobizon.campaign.getInfo(id)).commonStatus === 'DONE', 30_000, 'the campaign is done');
    const sent = await mobizon.message.list({ criteria: { campaignIds: [id] }, withNumberInfo: 1 });
    assert.equal(sent.totalItemCount, 2);
    assert.deepEqual(sent.items.map((m) => m.campaignId), [id, id]);
    assert.ok(sent.items.every((m) => m.segNum === 1 && m.countryA2 === 'KZ'));
  });

  it('addRecipients from a file is a background task followed with taskqueue/getStatus; delete', { timeout: 30_000 }, async () => {
    const id = await mobizon.campaign.create({ text: 'File campaign' });
    const task = await mobizon.campaign.addRecipients(id, { recipientsFile: { name: 'list.csv', data: 'number\n77020000001\n77020000002\n', contentType: 'text/csv' } }, { recipientsFileSkipHeader: 1 });
    assert.equal(task.kind, 'task');
    if (task.kind !== 'task') return;
    await waitUntil(async () => (await mobizon.taskqueue.getStatus(task.taskId)).status === 2, 15_000, 'the import task');
    assert.equal((await mobizon.taskqueue.getStatus(task.taskId)).progress, 100);
    assert.equal((await mobizon.campaign.getInfo(id)).counters.totalMsgNum, 2);
    assert.equal(await mobizon.campaign.delete(id), true);
    const gone = await mobizon.campaign.get(id).catch((e: unknown) => e);
    assert.ok(gone instanceof MobizonError && gone.code === MobizonCode.NOT_FOUND, String(gone));
  });

  it('message/sendSMSMessage and getSMSStatus', { timeout: 30_000 }, async () => {
    const sent = await mobizon.message.sendSMSMessage({ recipient: '77010000009', text: 'Your code is 1234', from: 'Alpha', params: { name: 'otp' } });
    assert.equal(sent.status, 2);
    assert.ok(sent.messageId > 0 && sent.campaignId > 0);
    await waitUntil(async () => ['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD'].includes((await mobizon.message.getSMSStatus([sent.messageId]))[0]?.status ?? ''), 15_000, 'a final status');
    const [status] = await mobizon.message.getSMSStatus([sent.messageId]);
    assert.equal(status?.id, sent.messageId);
    assert.equal(status?.segNum, 1);
  });

  it('links: create, get, list, update, getStats, delete; campaign links through link/getLinks and campaign/getLinks', async () => {
    const link = await mobizon.link.create({ fullLink: 'https://shop.example.com/a?b=1&c=<2>', comment: 'spring' });
    assert.ok(link.id > 0);
    assert.equal(link.fullLink, 'https://shop.example.com/a?b=1&c=<2>');
    assert.deepEqual([link.clickCnt, link.status, link.comment], [0, 1, 'spring']);
    assert.equal((await mobizon.link.get({ code: link.code })).id, link.id);
    assert.equal((await mobizon.link.get({ id: link.id })).shortLink, link.shortLink);
    const page = await mobizon.link.list({ criteria: { query: 'spring' }, sort: { id: 'ASC' } });
    assert.ok(page.items.some((l) => l.id === link.id));
    assert.equal(await mobizon.link.update(link.id, { comment: 'summer' }), link.shortLink);
    assert.equal((await mobizon.link.get({ id: link.id })).comment, 'summer');
    const click = await fetch(link.shortLink, { redirect: 'manual' });
    assert.equal(click.status, 302);
    const stats = await mobizon.link.getStats([link.id], 'daily');
    assert.deepEqual(stats.totals.clicks, [1]);

    const campaignId = await mobizon.campaign.create({ text: 'Sale: https://shop.example.com/sale', shortenLinks: true });
    const viaCampaign = await mobizon.campaign.getLinks(campaignId);
    assert.deepEqual(viaCampaign.map((l) => l.fullLink), ['https://shop.example.com/sale']);
    assert.deepEqual(await mobizon.link.getLinks(campaignId), viaCampaign);

    const deleted = await mobizon.link.delete([link.id, 999999]);
    assert.deepEqual([deleted.processed, deleted.notProcessed], [[String(link.id)], ['999999']]);
  });

  it('contactgroup/create, list, delete; a group as a recipients source; price/listPublic', { timeout: 30_000 }, async () => {
    const groupId = await mobizon.contactgroup.create({ name: 'VIP clients' });
    assert.ok(groupId > 0);
    const groups = await mobizon.contactgroup.list({ criteria: { name: 'vip' }, sort: { name: 'ASC' } });
    assert.deepEqual(groups.items.map((g) => [g.id, g.name, g.cardsCnt]), [[groupId, 'VIP clients', 0]]);
    assert.equal(groups.totalItemCount, 1);
    const id = await mobizon.campaign.create({ text: 'For groups' });
    const task = await mobizon.campaign.addRecipients(id, { recipientGroups: [groupId] });
    assert.equal(task.kind, 'task');
    assert.equal(await mobizon.contactgroup.delete(groupId), true);
    assert.equal((await mobizon.contactgroup.list()).totalItemCount, 0);

    const prices = await mobizon.price.listPublic({ countryA2: 'KZ', currency: 'KZT', language: 'en' });
    assert.deepEqual(prices.prices.map((p) => [p.countryA2, p.price, p.currency]), [['KZ', 0.015, 'KZT']]);
    const bad = await mobizon.price.listPublic({ currency: 'EUR' }).catch((e: unknown) => e);
    assert.ok(bad instanceof MobizonError && bad.code === MobizonCode.CONSTRAINT, String(bad));
  });

  it('errors: a wrong key (8), field errors (1), an unknown method (5); any method through call()', async () => {
    const stranger = new MobizonClient({ baseUrl: server.baseUrl, apiKey: 'nope' });
    const auth = await stranger.user.getOwnBalance().catch((e: unknown) => e);
    assert.ok(auth instanceof MobizonError && auth.code === MobizonCode.AUTH, String(auth));

    const invalid = await mobizon.message.sendSMSMessage({ recipient: '', text: '' }).catch((e: unknown) => e);
    assert.ok(invalid instanceof MobizonError && invalid.code === MobizonCode.VALIDATION, String(invalid));
    assert.deepEqual(Object.keys(invalid.fieldErrors).sort(), ['recipient', 'text']);

    const unknown = await mobizon.call('campaign', 'nosuchmethod').catch((e: unknown) => e);
    assert.ok(unknown instanceof MobizonError && unknown.code === MobizonCode.BAD_METHOD, String(unknown));
    const raw = await mobizon.call('User', 'GetOwnBalance');
    assert.match(raw.body, /^\{"code":0,"data":\{"balance":"\d+\.\d{4}","currency":"KZT"\},"message":""\}$/);
  });
});
