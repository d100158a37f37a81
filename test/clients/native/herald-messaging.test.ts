import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { createHeraldClient, multipart, unwrap, type HeraldClient } from '../../../src/clients/native/index.js';

/* The generated client against a real Herald: account, email, senders, DKIM, suppressions, forms, templates, callbacks, billing. */

const OPERATOR_KEY = 'operator-key-for-client-tests-0123';

describeEachDatabase('native client against Herald: email and account', (kind) => {
  let server: TestServer;
  let client: HeraldClient;
  let accountId: number;

  const newClient = async (): Promise<HeraldClient> => createHeraldClient({ baseUrl: server.baseUrl, apiKey: (await server.createAccount()).credentials.native.apiKey });

  before(async () => {
    // Callbacks allowed to private addresses (the hook below is on loopback); the worker idles.
    server = await startTestServer(kind, { callbacks: { pollMs: 60_000 }, operatorKey: OPERATOR_KEY });
    const account = await server.createAccount();
    accountId = account.id;
    client = createHeraldClient({ baseUrl: server.baseUrl, apiKey: account.credentials.native.apiKey });
  });
  after(() => server.close());

  it('account: get and update', async () => {
    assert.equal(unwrap(await client.PATCH('/api/v1/account', { body: { timeZone: 'Europe/London', retryHours: 12 } })).retryHours, 12);
    const account = unwrap(await client.GET('/api/v1/account'));
    assert.equal(account.timeZone, 'Europe/London');
    const refused = await client.PATCH('/api/v1/account', { body: { timeZone: 'Mars/Olympus' } });
    assert.equal(refused.response.status, 400);
    assert.equal(refused.error?.error.details[0]?.field, 'timeZone');
  });

  it('senders and DKIM domains', async () => {
    const sender = unwrap(await client.POST('/api/v1/senders', { body: { email: 'news@example.com' } }));
    assert.ok(unwrap(await client.GET('/api/v1/senders')).items.some((s) => s.id === sender.id));
    unwrap(await client.POST('/api/v1/senders/{id}/resend-verification', { params: { path: { id: sender.id } } }));
    unwrap(await client.DELETE('/api/v1/senders/{id}', { params: { path: { id: sender.id } } }));

    const domain = unwrap(await client.POST('/api/v1/dkim-domains', { body: { domain: 'example.com' } }));
    assert.equal(domain.dnsRecord.name, 'herald._domainkey.example.com');
    assert.ok(unwrap(await client.GET('/api/v1/dkim-domains')).items.some((d) => d.id === domain.id));
    unwrap(await client.DELETE('/api/v1/dkim-domains/{id}', { params: { path: { id: domain.id } } }));
  });

  it('email: send one and a batch, list, get, events, statistics; refusals are 422', async () => {
    const unverified = await client.POST('/api/v1/messages/email', { body: { to: 'ann@example.net', from: 'nobody@example.com', subject: 'Hi', text: 'Hello' } });
    assert.equal(unverified.response.status, 422);
    assert.equal(unverified.error?.error.code, 'sender_not_verified');

    await markSenderVerified({ db: server.core.db, accountId }, 'mail@example.com');
    const [id] = unwrap(await client.POST('/api/v1/messages/email', { body: { to: 'ann@example.net', from: 'mail@example.com', subject: 'Hi', html: '<p>Hello</p>' } })).ids;
    assert.ok(id !== undefined);
    const batch = unwrap(await client.POST('/api/v1/messages/email/batch', { body: { messages: [{ to: 'bob@example.net', from: 'mail@example.com', subject: 'A', text: 'a' }, { to: 'cy@example.net', from: 'mail@example.com', subject: 'B', text: 'b' }] } }));
    assert.equal(batch.ids.length, 2);
    const message = unwrap(await client.GET('/api/v1/messages/{id}', { params: { path: { id } } }));
    assert.equal(message.to, 'ann@example.net');
    assert.equal(message.subject, 'Hi');
    // The sender verification mails of the test above are messages of the account too.
    const listed = unwrap(await client.GET('/api/v1/messages', { params: { query: { limit: 10, offset: 0 } } }));
    assert.deepEqual(listed.items.filter((m) => m.from === 'mail@example.com').map((m) => m.id).sort((a, b) => a - b), [id, ...batch.ids].sort((a, b) => a - b));
    assert.deepEqual(unwrap(await client.GET('/api/v1/messages/{id}/events', { params: { path: { id } } })).items.map((e) => e.type), ['queued']);
    const today = new Date().toISOString().slice(0, 10);
    const stats = unwrap(await client.GET('/api/v1/stats/email', { params: { query: { from: today, to: today } } }));
    assert.equal(stats.days.length, 1);
  });

  it('suppressions, unsubscribe forms and templates', async () => {
    assert.equal((await client.POST('/api/v1/suppressions', { body: { address: 'gone@example.net' } })).response.status, 204);
    assert.ok(unwrap(await client.GET('/api/v1/suppressions')).items.some((s) => s.address === 'gone@example.net'));
    unwrap(await client.DELETE('/api/v1/suppressions/{address}', { params: { path: { address: 'gone@example.net' } } }));

    const form = unwrap(await client.POST('/api/v1/unsubscribe-forms', { body: { name: 'Default', title: 'Leaving?', reasons: ['Too many mails'] } }));
    assert.ok(unwrap(await client.GET('/api/v1/unsubscribe-forms')).items.some((f) => f.id === form.id));
    assert.equal(unwrap(await client.GET('/api/v1/unsubscribe-forms/{id}', { params: { path: { id: form.id } } })).title, 'Leaving?');
    assert.equal(unwrap(await client.PATCH('/api/v1/unsubscribe-forms/{id}', { params: { path: { id: form.id } }, body: { question: 'Why?' } })).question, 'Why?');
    assert.equal(unwrap(await client.PUT('/api/v1/unsubscribe-forms/{id}', { params: { path: { id: form.id } }, body: { name: 'Main' } })).name, 'Main');
    unwrap(await client.DELETE('/api/v1/unsubscribe-forms/{id}', { params: { path: { id: form.id } } }));

    const template = unwrap(await client.POST('/api/v1/templates', { body: { kind: 'liquid', name: 'Welcome', subject: 'Hi {{ name }}', text: 'Hello {{ name }}' } }));
    assert.ok(unwrap(await client.GET('/api/v1/templates')).items.some((t) => t.id === template.id));
    assert.equal(unwrap(await client.GET('/api/v1/templates/{id}', { params: { path: { id: template.id } } })).name, 'Welcome');
    assert.equal(unwrap(await client.PATCH('/api/v1/templates/{id}', { params: { path: { id: template.id } }, body: { fromName: 'Herald' } })).fromName, 'Herald');
    assert.equal(unwrap(await client.PUT('/api/v1/templates/{id}', { params: { path: { id: template.id } }, body: { name: 'Welcome 2' } })).name, 'Welcome 2');
    unwrap(await client.DELETE('/api/v1/templates/{id}', { params: { path: { id: template.id } } }));
  });

  it('callbacks: create (secret shown once), list, get, update, rotate, deliveries, delete', async () => {
    const { callback: created, secret } = unwrap(await client.POST('/api/v1/callbacks', { body: { url: 'http://127.0.0.1:9/hook', events: ['sent', 'open'] } }));
    assert.ok(secret !== null && secret.length > 10);
    assert.ok(unwrap(await client.GET('/api/v1/callbacks')).items.some((c) => c.id === created.id));
    assert.deepEqual(unwrap(await client.GET('/api/v1/callbacks/{id}', { params: { path: { id: created.id } } })).events, ['sent', 'open']);
    assert.deepEqual(unwrap(await client.PATCH('/api/v1/callbacks/{id}', { params: { path: { id: created.id } }, body: { events: ['spam'] } })).events, ['spam']);
    assert.notEqual(unwrap(await client.POST('/api/v1/callbacks/{id}/rotate-secret', { params: { path: { id: created.id } } })).secret, secret);
    assert.deepEqual(unwrap(await client.GET('/api/v1/callbacks/{id}/deliveries', { params: { path: { id: created.id } } })).items, []);
    unwrap(await client.DELETE('/api/v1/callbacks/{id}', { params: { path: { id: created.id } } }));
  });

  it('billing: the operator sets, tops up and clears; the account reads it and its ledger (another account, so the first stays unmetered)', async () => {
    const account = await server.createAccount();
    const metered = createHeraldClient({ baseUrl: server.baseUrl, apiKey: account.credentials.native.apiKey });
    const operator = createHeraldClient({ baseUrl: server.baseUrl, apiKey: OPERATOR_KEY });
    const path = { id: account.id };
    unwrap(await operator.PUT('/api/v1/operator/accounts/{id}/billing', { params: { path }, body: { currency: 'GBP', balance: 12.5 } }));
    assert.equal(unwrap(await operator.POST('/api/v1/operator/accounts/{id}/billing/top-ups', { params: { path }, body: { amount: 2.5, reason: 'invoice 7' } })).balance, 15);
    assert.equal(unwrap(await metered.GET('/api/v1/billing')).balance, 15);
    const ledger = unwrap(await metered.GET('/api/v1/billing/ledger', { params: { query: { limit: 1 } } }));
    assert.deepEqual([ledger.total, ledger.items[0]?.kind, ledger.items[0]?.amount, ledger.items[0]?.reason], [2, 'top_up', 2.5, 'invoice 7']);
    assert.equal((await operator.DELETE('/api/v1/operator/accounts/{id}/billing', { params: { path } })).response.status, 204);
    assert.equal(unwrap(await metered.GET('/api/v1/billing')).metered, false);
  });
});

describeEachDatabase('native client against Herald: SMS', (kind) => {
  let server: TestServer;
  let client: HeraldClient;

  before(async () => {
    server = await startTestServer(kind);
    client = createHeraldClient({ baseUrl: server.baseUrl, apiKey: (await server.createAccount()).credentials.native.apiKey });
  });
  after(() => server.close());

  it('sender ids, stop-list, prices, single messages', async () => {
    const senderId = unwrap(await client.POST('/api/v1/sms/sender-ids', { body: { name: 'Herald' } }));
    assert.ok(unwrap(await client.GET('/api/v1/sms/sender-ids')).items.some((s) => s.id === senderId.id));
    assert.equal(unwrap(await client.PATCH('/api/v1/sms/sender-ids/{id}', { params: { path: { id: senderId.id } }, body: { isDefault: true } })).isDefault, true);
    unwrap(await client.DELETE('/api/v1/sms/sender-ids/{id}', { params: { path: { id: senderId.id } } }));

    unwrap(await client.POST('/api/v1/sms/stop-list', { body: { numbers: ['+77010000099'] } }));
    assert.ok(unwrap(await client.GET('/api/v1/sms/stop-list')).items.some((e) => e.number === '+77010000099'));
    unwrap(await client.DELETE('/api/v1/sms/stop-list/{number}', { params: { path: { number: '+77010000099' } } }));
    assert.ok(Array.isArray(unwrap(await client.GET('/api/v1/sms/prices')).items));

    const sent = unwrap(await client.POST('/api/v1/messages/sms', { body: { to: '+77010000001', text: 'Hello' } }));
    assert.equal(sent.segments, 1);
    assert.ok(unwrap(await client.GET('/api/v1/sms/messages')).items.some((m) => m.id === sent.id));
  });

  it('short links: create, list, get, update, stats, delete', async () => {
    const link = unwrap(await client.POST('/api/v1/sms/links', { body: { fullLink: 'https://example.com/spring', comment: 'spring' } }));
    assert.ok(link.shortLink.endsWith(`/s/${link.code}`));
    assert.ok(unwrap(await client.GET('/api/v1/sms/links')).items.some((l) => l.id === link.id));
    assert.equal(unwrap(await client.GET('/api/v1/sms/links/{id}', { params: { path: { id: link.id } } })).fullLink, 'https://example.com/spring');
    assert.equal(unwrap(await client.PATCH('/api/v1/sms/links/{id}', { params: { path: { id: link.id } }, body: { active: false } })).active, false);
    assert.equal((await client.GET('/api/v1/sms/links/{id}/stats', { params: { path: { id: link.id } } })).response.status, 200);
    unwrap(await client.DELETE('/api/v1/sms/links/{id}', { params: { path: { id: link.id } } }));
  });

  const taskDone = (id: number) => waitUntil(async () => unwrap(await client.GET('/api/v1/tasks/{id}', { params: { path: { id } } })).status === 'done', 15_000, `task ${id}`);

  it('campaigns: recipients by number, by file and by group (a task), send, messages, delete', async () => {
    const campaign = unwrap(await client.POST('/api/v1/sms/campaigns', { body: { name: 'Spring', text: 'Spring sale' } }));
    const added = unwrap(await client.POST('/api/v1/sms/campaigns/{id}/recipients', { params: { path: { id: campaign.id } }, body: { recipients: [{ number: '+77010000011' }] } }));
    assert.ok('added' in added && added.added === 1);
    const file = new File(['+77010000012\n+77010000013\n'], 'numbers.csv', { type: 'text/csv' });
    const upload = unwrap(await client.POST('/api/v1/sms/campaigns/{id}/recipients/file', { params: { path: { id: campaign.id } }, body: { file }, bodySerializer: multipart }));
    await taskDone(upload.id);

    const office = unwrap(await client.POST('/api/v1/offices', { body: { name: 'SMS office' } }));
    const [group] = unwrap(await client.POST('/api/v1/contact-groups', { body: { name: 'SMS', offices: [office.id] } })).items;
    unwrap(await client.POST('/api/v1/contacts', { body: { officeId: office.id, mobile: '+77010000014', groups: [group!.id] } }));
    const queued = unwrap(await client.POST('/api/v1/sms/campaigns/{id}/recipients', { params: { path: { id: campaign.id } }, body: { groupIds: [group!.id] } }));
    assert.ok(!('added' in queued), 'groups are added by a background task');
    await taskDone(queued.id);

    assert.equal(unwrap(await client.GET('/api/v1/sms/campaigns/{id}/messages', { params: { path: { id: campaign.id }, query: { pageSize: 10 } } })).total, 4);
    assert.equal(unwrap(await client.POST('/api/v1/sms/campaigns/{id}/send', { params: { path: { id: campaign.id } } })).status, 'AUTO_READY_FOR_SEND');
    assert.equal(unwrap(await client.GET('/api/v1/sms/campaigns/{id}', { params: { path: { id: campaign.id } } })).counters.totalMessages, 4);
    assert.ok(unwrap(await client.GET('/api/v1/sms/campaigns', { params: { query: { status: 'NOT_YET_SENT' } } })).items.some((c) => c.id === campaign.id));
    assert.equal((await client.DELETE('/api/v1/sms/campaigns/{id}', { params: { path: { id: campaign.id } } })).response.status, 204);
  });
});
