import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { Api, expectError, ok } from './client.js';

interface Totals {
  messages: number;
  segments: number;
  cost: number;
}
interface Campaign {
  id: number;
  name: string;
  type: string;
  text: string;
  from: string;
  status: string;
  rateLimit: number;
  ratePeriod: number;
  deferredTo: string | null;
  validityMinutes: number;
  mclass: number;
  shortenLinks: boolean;
  addingRecipients: boolean;
  groupIds: number[];
  createdAt: string;
  sendRequestedAt: string | null;
  counters: { byStatus: Record<string, Totals>; totalMessages: number; totalSegments: number; totalCost: number; recipientsRejected: number; updatedAt: string };
}
interface Outcome {
  number?: string;
  contactId?: number;
  to: string | null;
  code: number;
  reason: string;
  message: string;
  messageId: number | null;
}
interface AddResult {
  added: number;
  rejected: number;
  results: Outcome[];
}
interface Task {
  id: number;
  kind: string;
  campaignId: number | null;
  status: string;
  result: { total: number; codes: Record<string, number> } | null;
}
interface MessagePage {
  items: { id: number; campaignId: number; to: string; status: string; segments: number; cost: number; text: string }[];
  total: number;
  page: number;
  pageSize: number;
}

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function newAccount(server: TestServer): Promise<{ api: Api; accountId: number }> {
  const account = await server.createAccount();
  return { api: new Api(server, account.credentials.native.apiKey), accountId: account.id };
}

async function createCampaign(api: Api, body: Record<string, unknown>): Promise<Campaign> {
  return ok<Campaign>(await api.post('/sms/campaigns', body), 201);
}

async function waitForTask(api: Api, id: number): Promise<Task> {
  await waitUntil(async () => ['done', 'failed'].includes(ok<Task>(await api.get(`/tasks/${id}`)).status), 15_000, `task ${id}`);
  return ok<Task>(await api.get(`/tasks/${id}`));
}

describeEachDatabase('native SMS campaigns', (kind) => {
  let server: TestServer;
  let api: Api;
  let accountId: number;

  before(async () => {
    server = await startTestServer(kind);
    ({ api, accountId } = await newAccount(server));
  });
  after(async () => {
    await server.close();
  });

  it('creates a campaign and shows it with zero counters', async () => {
    const res = await api.post('/sms/campaigns', { name: 'Spring sale', text: 'Hello from Herald', rateLimit: 600, ratePeriod: 60, validityMinutes: 120, mclass: 0 });
    const created = ok<Campaign>(res, 201);
    assert.equal(res.headers.get('location'), `/api/v1/sms/campaigns/${created.id}`);
    assert.equal(created.name, 'Spring sale');
    assert.equal(created.type, 'mass');
    assert.equal(created.status, 'NEW');
    assert.equal(created.rateLimit, 600);
    assert.equal(created.validityMinutes, 120);
    assert.equal(created.mclass, 0);
    assert.equal(created.deferredTo, null);
    assert.equal(created.addingRecipients, false);
    assert.equal(created.counters.totalMessages, 0);
    assert.equal(created.counters.byStatus.NEW?.messages, 0);
    assert.deepEqual(ok<Campaign>(await api.get(`/sms/campaigns/${created.id}`)).id, created.id);

    const deferredTo = inHours(3);
    const later = await createCampaign(api, { text: 'Later', type: 'single', deferredTo });
    assert.equal(later.type, 'single');
    assert.equal(later.deferredTo, deferredTo);
  });

  it('refuses invalid campaigns with the fields named as the request names them', async () => {
    expectError(await api.post('/sms/campaigns', { text: 'Too fast', rateLimit: 6001, ratePeriod: 60 }), 400, 'validation_failed', ['rateLimit']);
    expectError(await api.post('/sms/campaigns', { text: 'Too soon', deferredTo: inHours(0.5) }), 400, 'validation_failed', ['deferredTo']);
    expectError(await api.post('/sms/campaigns', { text: 'Too late', deferredTo: inHours(24 * 15) }), 400, 'validation_failed', ['deferredTo']);
    expectError(await api.post('/sms/campaigns', { text: 'No placeholders', type: 'template' }), 400, 'validation_failed', ['text']);
    expectError(await api.post('/sms/campaigns', { text: 'x', type: 2 }), 400, 'validation_failed', ['type']);
    expectError(await api.post('/sms/campaigns', { text: 'x', validityMinutes: 30 }), 400, 'validation_failed', ['validityMinutes']);
    expectError(await api.post('/sms/campaigns', { text: 'x', ratePeriod: 61 }), 400, 'validation_failed', ['ratePeriod']);
    expectError(await api.post('/sms/campaigns', { text: 'x', colour: 'red' }), 400, 'validation_failed', ['colour']);
    expectError(await api.post('/sms/campaigns', { name: 'no text' }), 400, 'validation_failed', ['text']);
    // As Mobizon: a sender id the account has not registered falls back to its default.
    assert.equal((await createCampaign(api, { text: 'x', from: 'UnknownSender' })).from, '');
  });

  it('adds recipients with a code for each: invalid, duplicate, stop-listed; counters before sending', async () => {
    await server.core.db.insertInto('stopList').values({ accountId, number: '+77010000009', createdAt: new Date().toISOString() }).execute();
    const campaign = await createCampaign(api, { text: 'Hello' });
    const added = ok<AddResult>(
      await api.post(`/sms/campaigns/${campaign.id}/recipients`, {
        recipients: [{ number: '+77010000001' }, { number: '12' }, { number: '+7 701 000 00 01' }, { number: '+77010000009' }, { number: '+77010000002' }],
      }),
    );
    assert.equal(added.added, 2);
    assert.equal(added.rejected, 3);
    assert.deepEqual(
      added.results.map((r) => [r.number, r.code, r.reason]),
      [
        ['+77010000001', 0, 'added'],
        ['12', 3, 'bad_format'],
        ['+7 701 000 00 01', 4, 'duplicate'],
        ['+77010000009', 5, 'stop_listed'],
        ['+77010000002', 0, 'added'],
      ],
    );
    assert.equal(added.results[0]?.to, '+77010000001');
    assert.ok(Number.isInteger(added.results[0]?.messageId));
    assert.equal(added.results[1]?.messageId, null);

    const unknownContact = ok<AddResult>(await api.post(`/sms/campaigns/${campaign.id}/recipients`, { contactIds: [987654] }));
    assert.deepEqual(unknownContact.results.map((r) => [r.contactId, r.code, r.reason]), [[987654, 32, 'contact_not_found']]);

    const shown = ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`));
    assert.equal(shown.counters.totalMessages, 2);
    assert.equal(shown.counters.totalSegments, 2);
    assert.equal(shown.counters.byStatus.NEW?.messages, 2);
    assert.equal(shown.counters.byStatus.DELIVRD?.messages, 0);
    assert.equal(shown.counters.recipientsRejected, 4);

    const messages = ok<MessagePage>(await api.get(`/sms/campaigns/${campaign.id}/messages?pageSize=1`));
    assert.equal(messages.total, 2);
    assert.equal(messages.items.length, 1);
    assert.equal(messages.items[0]?.to, '+77010000001');
    assert.equal(messages.items[0]?.status, 'NEW');
    assert.equal(messages.items[0]?.text, 'Hello');
    const second = ok<MessagePage>(await api.get(`/sms/campaigns/${campaign.id}/messages?page=2&pageSize=1`));
    assert.equal(second.items[0]?.to, '+77010000002');

    // replace=true starts over.
    const replaced = ok<AddResult>(await api.post(`/sms/campaigns/${campaign.id}/recipients?replace=true`, { recipients: [{ number: '+77010000003' }] }));
    assert.equal(replaced.added, 1);
    assert.equal(ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`)).counters.totalMessages, 1);
  });

  it('refuses malformed recipient requests', async () => {
    const campaign = await createCampaign(api, { text: 'Hello' });
    const path = `/sms/campaigns/${campaign.id}/recipients`;
    expectError(await api.post(path, {}), 400, 'validation_failed');
    expectError(await api.post(path, { recipients: [{ number: '+77010000001' }], contactIds: [1] }), 400, 'validation_failed', ['contactIds']);
    const many = Array.from({ length: 501 }, (_, i) => ({ number: `+7701${String(i).padStart(7, '0')}` }));
    expectError(await api.post(path, { recipients: many }), 400, 'validation_failed', ['recipients']);
    expectError(await api.post(path, { recipients: ['+77010000001'] }), 400, 'validation_failed');
    expectError(await api.post(`${path}?placeholdersFlag=4`, { recipients: [{ number: '+77010000001' }] }), 400, 'validation_failed', ['querystring.placeholdersFlag']);
    expectError(await api.post('/sms/campaigns/999999/recipients', { recipients: [{ number: '+77010000001' }] }), 404, 'not_found');
  });

  it('fills template placeholders per recipient; placeholdersFlag decides about missing values', async () => {
    const campaign = await createCampaign(api, { text: 'Hi {name}!', type: 'template' });
    const path = `/sms/campaigns/${campaign.id}/recipients`;
    // 1 (default): the placeholder stays; 2: it is removed; 3: the recipient is refused.
    const first = ok<AddResult>(await api.post(path, { recipients: [{ number: '+77010000011', values: { name: 'Anna' } }, { number: '+77010000012' }] }));
    assert.deepEqual(first.results.map((r) => r.code), [0, 0]);
    const strict = ok<AddResult>(await api.post(`${path}?placeholdersFlag=3`, { recipients: [{ number: '+77010000013' }] }));
    assert.deepEqual(strict.results.map((r) => [r.code, r.reason]), [[20, 'missing_placeholders']]);
    const removing = ok<AddResult>(await api.post(`${path}?placeholdersFlag=2`, { recipients: [{ number: '+77010000013' }] }));
    assert.deepEqual(removing.results.map((r) => r.code), [0]);
    const texts = ok<MessagePage>(await api.get(`/sms/campaigns/${campaign.id}/messages`)).items.map((m) => m.text);
    assert.deepEqual(texts, ['Hi Anna!', 'Hi {name}!', 'Hi !']);
  });

  it('sends: 409 without recipients, then the status; no recipients or second send after it', async () => {
    const campaign = await createCampaign(api, { text: 'Hello' });
    const empty = expectError(await api.post(`/sms/campaigns/${campaign.id}/send`, {}), 409, 'conflict');
    assert.match(empty.error.message, /no recipients/);
    ok(await api.post(`/sms/campaigns/${campaign.id}/recipients`, { recipients: [{ number: '+77010000021' }] }));
    assert.deepEqual(ok(await api.request('POST', `/sms/campaigns/${campaign.id}/send`)), { status: 'AUTO_READY_FOR_SEND' });
    const shown = ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`));
    assert.equal(shown.status, 'AUTO_READY_FOR_SEND');
    assert.ok(shown.sendRequestedAt);
    expectError(await api.post(`/sms/campaigns/${campaign.id}/send`, {}), 409, 'conflict');
    expectError(await api.post(`/sms/campaigns/${campaign.id}/recipients`, { recipients: [{ number: '+77010000022' }] }), 409, 'conflict');
    // Not started yet (no SMS delivery runs here): it can still be deleted.
    assert.equal((await api.delete(`/sms/campaigns/${campaign.id}`)).status, 204);
    expectError(await api.get(`/sms/campaigns/${campaign.id}`), 404, 'not_found');
    expectError(await api.delete(`/sms/campaigns/${campaign.id}`), 404, 'not_found');
  });

  it('a moderated account sends to MODERATION; a balance too low is 422 and the campaign stays NEW', async () => {
    const moderated = await newAccount(server);
    await server.core.db.updateTable('accounts').set({ smsModeration: 1 }).where('id', '=', moderated.accountId).execute();
    const campaign = await createCampaign(moderated.api, { text: 'Hello' });
    ok(await moderated.api.post(`/sms/campaigns/${campaign.id}/recipients`, { recipients: [{ number: '+77010000031' }] }));
    assert.deepEqual(ok(await moderated.api.post(`/sms/campaigns/${campaign.id}/send`, {})), { status: 'MODERATION' });

    const poor = await newAccount(server);
    await server.core.db.insertInto('smsPrices').values({ country: 'KZ', operator: '', priceMicros: 500_000 }).execute();
    await setBilling({ db: server.core.db, accountId: poor.accountId }, { currency: 'KZT', balance: 0.7 }, BY_TEST);
    const costly = await createCampaign(poor.api, { text: 'Hello' });
    const added = ok<AddResult>(await poor.api.post(`/sms/campaigns/${costly.id}/recipients`, { recipients: [{ number: '+77010000032' }, { number: '+77010000033' }, { number: '+380971112233' }] }));
    assert.deepEqual(added.results.map((r) => r.reason), ['added', 'added', 'unsupported_operator']);
    const shown = ok<Campaign>(await poor.api.get(`/sms/campaigns/${costly.id}`));
    assert.equal(shown.counters.totalCost, 1);
    assert.equal(shown.counters.byStatus.NEW?.cost, 1);
    const refused = expectError(await poor.api.post(`/sms/campaigns/${costly.id}/send`, {}), 422, 'insufficient_funds', ['balance']);
    assert.match(refused.error.message, /1\.0000/);
    assert.equal(ok<Campaign>(await poor.api.get(`/sms/campaigns/${costly.id}`)).status, 'NEW');
    await setBilling({ db: server.core.db, accountId: poor.accountId }, { currency: 'KZT', balance: 1.5 }, BY_TEST);
    ok(await poor.api.post(`/sms/campaigns/${costly.id}/send`, {}));
    const balance = ok<{ balance: number }>(await poor.api.get('/billing'));
    assert.equal(balance.balance, 0.5);
    // Deleting before it starts gives the money back.
    assert.equal((await poor.api.delete(`/sms/campaigns/${costly.id}`)).status, 204);
    assert.equal(ok<{ balance: number }>(await poor.api.get('/billing')).balance, 1.5);
  });

  it("another account cannot see or touch a campaign", async () => {
    const campaign = await createCampaign(api, { text: 'Mine' });
    const other = await newAccount(server);
    expectError(await other.api.get(`/sms/campaigns/${campaign.id}`), 404, 'not_found');
    expectError(await other.api.delete(`/sms/campaigns/${campaign.id}`), 404, 'not_found');
    expectError(await other.api.post(`/sms/campaigns/${campaign.id}/send`, {}), 404, 'not_found');
    expectError(await other.api.post(`/sms/campaigns/${campaign.id}/recipients`, { recipients: [{ number: '+77010000041' }] }), 404, 'not_found');
    expectError(await other.api.get(`/sms/campaigns/${campaign.id}/messages`), 404, 'not_found');
    assert.equal(ok<{ total: number }>(await other.api.get(`/sms/campaigns?ids=${campaign.id}`)).total, 0);
    assert.equal(ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`)).status, 'NEW');
  });

  it('searches campaigns by filters, with paging and sorting', async () => {
    const searcher = await newAccount(server);
    const a = await createCampaign(searcher.api, { name: 'A', text: 'Alpha offer' });
    const b = await createCampaign(searcher.api, { name: 'B', text: 'Beta {name}', type: 'template' });
    const c = await createCampaign(searcher.api, { name: 'C', text: 'Gamma offer' });
    ok(await searcher.api.post(`/sms/campaigns/${c.id}/recipients`, { recipients: [{ number: '+77010000051' }] }));
    ok(await searcher.api.post(`/sms/campaigns/${c.id}/send`, {}));
    type Page = { items: Campaign[]; total: number; page: number; pageSize: number };
    const ids = (page: Page) => page.items.map((x) => x.id);
    const all = ok<Page>(await searcher.api.get('/sms/campaigns'));
    assert.deepEqual(ids(all), [c.id, b.id, a.id]);
    assert.equal(all.items[0]?.counters.totalMessages, 1);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get('/sms/campaigns?sort=name&order=asc'))), [a.id, b.id, c.id]);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get('/sms/campaigns?type=template'))), [b.id]);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get('/sms/campaigns?text=offer'))), [c.id, a.id]);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get('/sms/campaigns?status=NEW'))), [b.id, a.id]);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get('/sms/campaigns?status=NOT_YET_SENT'))), [c.id, b.id, a.id]);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get('/sms/campaigns?recipient=%2B77010000051'))), [c.id]);
    assert.deepEqual(ids(ok<Page>(await searcher.api.get(`/sms/campaigns?ids=${a.id},${b.id}`))), [b.id, a.id]);
    const paged = ok<Page>(await searcher.api.get('/sms/campaigns?page=2&pageSize=2'));
    assert.deepEqual(ids(paged), [a.id]);
    assert.equal(paged.total, 3);
    assert.equal(paged.page, 2);
    const future = encodeURIComponent(inHours(2));
    assert.equal(ok<Page>(await searcher.api.get(`/sms/campaigns?createdFrom=${future}`)).total, 0);
    const past = encodeURIComponent(inHours(-1));
    assert.equal(ok<Page>(await searcher.api.get(`/sms/campaigns?createdFrom=${past}&createdTo=${future}`)).total, 3);
    expectError(await searcher.api.get('/sms/campaigns?status=FINISHED'), 400, 'validation_failed', ['querystring.status']);
    expectError(await searcher.api.get('/sms/campaigns?createdFrom=yesterday'), 400, 'validation_failed', ['querystring.createdFrom']);
  });

  it('adds a contact group and a file as background tasks', async () => {
    const office = ok<{ id: number }>(await api.post('/offices', { name: 'Campaign office' }), 201).id;
    const group = ok<{ items: { id: number }[] }>(await api.post('/contact-groups', { name: 'SMS fans', offices: [office] }), 201).items[0]!.id;
    for (const [firstName, mobile] of [['Anna', '+77010000061'], ['Boris', '+77010000062'], ['Clara', '']] as const) {
      ok(await api.post('/contacts', { officeId: office, firstName, email: `${firstName.toLowerCase()}@example.com`, mobile, groups: [group] }), 201);
    }
    const campaign = await createCampaign(api, { text: 'Dear {name}', type: 'template' });
    const res = await api.post(`/sms/campaigns/${campaign.id}/recipients`, { groupIds: [group] });
    const queued = ok<Task>(res, 202);
    assert.equal(res.headers.get('location'), `/api/v1/tasks/${queued.id}`);
    assert.equal(queued.kind, 'sms-recipients');
    assert.equal(queued.campaignId, campaign.id);
    const done = await waitForTask(api, queued.id);
    assert.equal(done.status, 'done');
    assert.deepEqual(done.result, { total: 3, codes: { '0': 2, '31': 1 } });
    const shown = ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`));
    assert.deepEqual(shown.groupIds, [group]);
    assert.equal(shown.addingRecipients, false);
    assert.deepEqual(ok<MessagePage>(await api.get(`/sms/campaigns/${campaign.id}/messages`)).items.map((m) => m.text), ['Dear Anna', 'Dear Boris']);
    expectError(await api.post(`/sms/campaigns/${campaign.id}/recipients`, { groupIds: [999999] }), 404, 'not_found');

    const mass = await createCampaign(api, { text: 'File hello' });
    const form = new FormData();
    form.append('file', new Blob(['number\n77010000071\n77010000072\nnot-a-number\n77010000071\n'], { type: 'text/csv' }), 'recipients.csv');
    const upload = await fetch(`${server.baseUrl}/api/v1/sms/campaigns/${mass.id}/recipients/file?skipHeader=true`, { method: 'POST', headers: { authorization: `Bearer ${api.apiKey}` }, body: form });
    assert.equal(upload.status, 202, await upload.clone().text());
    const fileTask = await waitForTask(api, ((await upload.json()) as Task).id);
    assert.deepEqual(fileTask.result, { total: 4, codes: { '0': 2, '2': 1, '4': 1 } });
    assert.equal(ok<Campaign>(await api.get(`/sms/campaigns/${mass.id}`)).counters.totalMessages, 2);

    expectError(await api.post(`/sms/campaigns/${mass.id}/recipients/file`, { file: 'x' }), 415, 'unsupported_media_type');
    const withField = new FormData();
    withField.append('delimiter', ';');
    withField.append('file', new Blob(['77010000073\n']), 'r.csv');
    const fieldRes = await fetch(`${server.baseUrl}/api/v1/sms/campaigns/${mass.id}/recipients/file`, { method: 'POST', headers: { authorization: `Bearer ${api.apiKey}` }, body: withField });
    assert.equal(fieldRes.status, 400);
    assert.equal(((await fieldRes.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field, 'delimiter');
    const badEncoding = new FormData();
    badEncoding.append('file', new Blob(['77010000073\n']), 'r.csv');
    const encRes = await fetch(`${server.baseUrl}/api/v1/sms/campaigns/${mass.id}/recipients/file?encoding=EBCDIC-42`, { method: 'POST', headers: { authorization: `Bearer ${api.apiKey}` }, body: badEncoding });
    assert.equal(encRes.status, 400);
    assert.equal(((await encRes.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field, 'encoding');
  });
});

describeEachDatabase('native SMS campaign sent over SMPP to the SMSC simulator', (kind) => {
  let smsc: Awaited<ReturnType<typeof startSmscSimulator>>;
  let server: TestServer;
  let api: Api;

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 30, record: true, seed: 11 });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 100, bind: 'transceiver', prefixes: [] }] },
    });
    ({ api } = await newAccount(server));
  });
  after(async () => {
    await server.close();
    await smsc.close();
  });

  it('runs to DONE with every message delivered; then it can no longer be deleted', async () => {
    const campaign = await createCampaign(api, { name: 'Live', text: 'Campaign hello' });
    const added = ok<AddResult>(await api.post(`/sms/campaigns/${campaign.id}/recipients`, { recipients: [{ number: '+77010000081' }, { number: '+77010000082' }, { number: '+77010000083' }] }));
    assert.equal(added.added, 3);
    assert.deepEqual(ok(await api.post(`/sms/campaigns/${campaign.id}/send`, {})), { status: 'AUTO_READY_FOR_SEND' });
    await waitUntil(async () => ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`)).status === 'DONE', 20_000, 'the campaign to be DONE');
    const done = ok<Campaign>(await api.get(`/sms/campaigns/${campaign.id}`));
    assert.equal(done.counters.byStatus.DELIVRD?.messages, 3);
    assert.equal(done.counters.byStatus.NEW?.messages, 0);
    const messages = ok<MessagePage>(await api.get(`/sms/campaigns/${campaign.id}/messages`));
    assert.deepEqual(messages.items.map((m) => m.status), ['DELIVRD', 'DELIVRD', 'DELIVRD']);
    const destinations = smsc.received.map((p) => p.destination.replace(/^\+/, '')).sort();
    assert.deepEqual(destinations, ['77010000081', '77010000082', '77010000083']);
    assert.ok(smsc.received.every((p) => p.body.toString('latin1') === 'Campaign hello'));
    expectError(await api.delete(`/sms/campaigns/${campaign.id}`), 409, 'conflict');
  });
});
