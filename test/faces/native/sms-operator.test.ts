import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, expectError, ok } from './client.js';
import { createCampaign } from '../../../src/core/sms/campaigns/campaigns.js';
import { withAddingLock } from '../../../src/core/sms/campaigns/lock.js';
import { addRecipientsLocked } from '../../../src/core/sms/campaigns/recipients.js';
import { sendCampaign } from '../../../src/core/sms/campaigns/sending.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const OPERATOR_KEY = 'operator-key-for-tests-0123456789';

interface PriceRow {
  id: number;
  country: string;
  operator: string | null;
  price: string;
  priceMicros: number;
}
interface StopEntry {
  id: number;
  number: string;
}
interface SenderIdDto {
  id: number;
  name: string;
  isDefault: boolean;
}
interface QueuedCampaign {
  id: number;
  accountId: number;
  name: string;
  text: string;
  sender: string;
  status: string;
  recipients: number;
  moderationComment: string;
}

/* The operator API (HERALD_OPERATOR_KEY) and the account's SMS lists, through real HTTP. */
describeEachDatabase('operator API and SMS settings', (kind) => {
  let server: TestServer;
  let operator: Api;
  let a: Api;
  let b: Api;
  let accountA: number;
  let accountB: number;

  before(async () => {
    server = await startTestServer(kind, { operatorKey: OPERATOR_KEY });
    operator = new Api(server, OPERATOR_KEY);
    const first = await server.createAccount('A');
    const second = await server.createAccount('B');
    accountA = first.id;
    accountB = second.id;
    a = new Api(server, first.credentials.native.apiKey);
    b = new Api(server, second.credentials.native.apiKey);
  });
  after(() => server.close());

  const sendSms = (api: Api, to: string, extra: Record<string, unknown> = {}) => api.post('/messages/sms', { to, text: 'Hello', ...extra });

  test('operator routes need the operator key: none, a wrong one or an account key is 401', async () => {
    for (const res of [
      await new Api(server, null).get('/operator/sms/prices'),
      await new Api(server, 'operator-key-for-tests-wrong00000').get('/operator/sms/prices'),
      await a.get('/operator/sms/prices'),
      await new Api(server, 'x').put('/operator/sms/prices', { rows: [] }),
    ]) {
      expectError(res, 401, 'unauthorized');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    // And the operator key is no account key.
    expectError(await operator.get('/sms/prices'), 401, 'unauthorized');
    ok(await operator.get('/operator/sms/prices'));
  });

  test('without HERALD_OPERATOR_KEY the operator routes answer 403 saying how to enable them', async () => {
    const plain = await startTestServer(kind);
    try {
      for (const key of [null, OPERATOR_KEY]) {
        const body = expectError(await new Api(plain, key).get('/operator/sms/prices'), 403, 'forbidden');
        assert.match(body.error.message, /HERALD_OPERATOR_KEY/);
      }
    } finally {
      await plain.close();
    }
  });

  test('the operator edits the price list; accounts read it and are charged by it', async () => {
    const set = ok<{ items: PriceRow[] }>(
      await operator.put('/operator/sms/prices', {
        rows: [
          { country: 'kz', price: '0.05' },
          { country: 'KZ', operator: 'Kcell/Activ', priceMicros: 40_000 },
          { country: '*', price: '0.1' },
        ],
      }),
    );
    assert.deepEqual(
      set.items.map((r) => [r.country, r.operator, r.price, r.priceMicros]),
      [
        ['KZ', null, '0.05', 50_000],
        ['KZ', 'Kcell/Activ', '0.04', 40_000],
        ['*', null, '0.1', 100_000],
      ],
    );
    // Setting an existing destination replaces its row (operator names ignore case; the last spelling stays).
    const replaced = ok<{ items: PriceRow[] }>(await operator.put('/operator/sms/prices', { rows: [{ country: 'KZ', operator: 'KCELL/activ', price: '0.045' }] }));
    assert.equal(replaced.items[0]?.id, set.items[1]?.id);
    // One bad row changes nothing.
    expectError(await operator.put('/operator/sms/prices', { rows: [{ country: 'RU', price: '1' }, { country: 'XX', price: '1' }] }), 400, 'validation_failed', ['rows[1].country']);
    expectError(await operator.put('/operator/sms/prices', { rows: [{ country: 'RU', price: '1.1234567' }] }), 400, 'validation_failed', ['price']);
    expectError(await operator.put('/operator/sms/prices', { rows: [{ country: 'RU' }] }), 400, 'validation_failed', ['price']);
    expectError(await operator.put('/operator/sms/prices', { rows: [{ country: '*', operator: 'X', price: '1' }] }), 400, 'validation_failed', ['operator']);

    const seen = ok<{ items: Omit<PriceRow, 'id'>[] }>(await a.get('/sms/prices'));
    assert.deepEqual(seen.items, [
      { country: '*', operator: null, price: '0.1', priceMicros: 100_000 },
      { country: 'KZ', operator: null, price: '0.05', priceMicros: 50_000 },
      { country: 'KZ', operator: 'KCELL/activ', price: '0.045', priceMicros: 45_000 },
    ]);
    assert.deepEqual(ok<{ items: unknown[] }>(await b.get('/sms/prices')).items, seen.items);

    // A metered account pays the most specific row per segment.
    ok(await operator.put(`/operator/accounts/${accountA}/billing`, { currency: 'KZT', balance: 10 }));
    const kcell = ok<{ cost: number; segments: number }>(await sendSms(a, '77010000001'), 202);
    assert.deepEqual([kcell.segments, kcell.cost], [1, 0.045]);
    const ru = ok<{ cost: number }>(await sendSms(a, '79161234567'), 202);
    assert.equal(ru.cost, 0.1, 'the * row prices destinations without their own row');

    const rows = ok<{ items: PriceRow[] }>(await operator.get('/operator/sms/prices')).items;
    const star = rows.find((r) => r.country === '*')!;
    assert.equal((await operator.delete(`/operator/sms/prices/${star.id}`)).status, 204);
    expectError(await operator.delete(`/operator/sms/prices/${star.id}`), 404, 'not_found');
    const refused = expectError(await sendSms(a, '79161234568'), 422, 'recipient_refused');
    assert.equal(refused.error.details[0]?.code, 'recipient_code_8', 'no price, no send from a metered account');
    ok(await operator.delete(`/operator/accounts/${accountA}/billing`), 204);
  });

  test('the operator sets, replaces and deletes exchange rates; bad rows change nothing; accounts cannot touch them', async () => {
    interface Rate { from: string; to: string; rate: string; updatedAt: string }
    const rates = async () => ok<{ items: Rate[] }>(await operator.get('/operator/sms/exchange-rates')).items.map((r) => [r.from, r.to, r.rate]);
    const set = ok<{ items: Rate[] }>(await operator.put('/operator/sms/exchange-rates', { rows: [{ from: 'kzt', to: 'USD', rate: '0.00210' }, { from: 'USD', to: 'KZT', rate: '470.5' }] }));
    assert.deepEqual(set.items.map((r) => [r.from, r.to, r.rate]), [['KZT', 'USD', '0.0021'], ['USD', 'KZT', '470.5']]);
    assert.ok(!Number.isNaN(Date.parse(set.items[0]!.updatedAt)));
    ok(await operator.put('/operator/sms/exchange-rates', { rows: [{ from: 'KZT', to: 'USD', rate: '0.0022' }] }));
    assert.deepEqual(await rates(), [['KZT', 'USD', '0.0022'], ['USD', 'KZT', '470.5']]);

    expectError(await operator.put('/operator/sms/exchange-rates', { rows: [{ from: 'KZT', to: 'EUR', rate: '0.0019' }, { from: 'KZT', to: 'KZT', rate: '1' }] }), 400, 'validation_failed', ['rows[1].to']);
    expectError(await operator.put('/operator/sms/exchange-rates', { rows: [{ from: 'KZ1', to: 'EUR', rate: '0.0019' }] }), 400, 'validation_failed', ['from']);
    for (const rate of ['0', '-1', '1,5', '0.0000000000001']) {
      expectError(await operator.put('/operator/sms/exchange-rates', { rows: [{ from: 'KZT', to: 'EUR', rate }] }), 400, 'validation_failed', ['rate']);
    }
    assert.deepEqual(await rates(), [['KZT', 'USD', '0.0022'], ['USD', 'KZT', '470.5']], 'nothing changed');

    for (const res of [await a.get('/operator/sms/exchange-rates'), await a.put('/operator/sms/exchange-rates', { rows: [{ from: 'KZT', to: 'USD', rate: '1' }] }), await a.delete('/operator/sms/exchange-rates/KZT/USD')]) {
      expectError(res, 401, 'unauthorized');
    }
    assert.equal((await operator.delete('/operator/sms/exchange-rates/usd/kzt')).status, 204);
    expectError(await operator.delete('/operator/sms/exchange-rates/USD/KZT'), 404, 'not_found');
    assert.deepEqual(await rates(), [['KZT', 'USD', '0.0022']]);
  });

  test('system and account stop-lists refuse SMS with recipient code 5, each list in its own scope', async () => {
    const added = ok<{ items: StopEntry[] }>(await operator.post('/operator/sms/stop-list', { numbers: ['+7 (701) 000-00-10', '77010000010', '380971112233'] }), 201);
    assert.deepEqual(added.items.map((e) => e.number), ['+77010000010', '+380971112233']);
    expectError(await operator.post('/operator/sms/stop-list', { numbers: ['12'] }), 400, 'validation_failed', ['numbers[0]']);

    for (const api of [a, b]) {
      const body = expectError(await sendSms(api, '77010000010'), 422, 'recipient_refused');
      assert.equal(body.error.details[0]?.code, 'recipient_code_5');
    }

    // An account's list: the account default country (GB) does not change international numbers.
    ok(await a.post('/sms/stop-list', { numbers: ['+77010000011'] }), 201);
    assert.equal(expectError(await sendSms(a, '+77010000011'), 422, 'recipient_refused').error.details[0]?.code, 'recipient_code_5');
    ok(await sendSms(b, '+77010000011'), 202);
    const listA = ok<{ items: StopEntry[]; total: number }>(await a.get('/sms/stop-list'));
    assert.deepEqual([listA.total, listA.items.map((e) => e.number)], [1, ['+77010000011']]);
    assert.equal(ok<{ total: number }>(await b.get('/sms/stop-list')).total, 0);
    // B cannot remove A's number; the system list is not the account's either.
    expectError(await b.delete('/sms/stop-list/77010000011'), 404, 'not_found');
    expectError(await a.delete('/sms/stop-list/77010000010'), 404, 'not_found');

    const system = ok<{ items: StopEntry[]; total: number }>(await operator.get('/operator/sms/stop-list?search=7010'));
    assert.deepEqual(system.items.map((e) => e.number), ['+77010000010']);
    assert.equal(ok<{ total: number }>(await operator.get('/operator/sms/stop-list')).total, 2);

    assert.equal((await a.delete('/sms/stop-list/%2B77010000011')).status, 204);
    ok(await sendSms(a, '+77010000011'), 202);
    assert.equal((await operator.delete('/operator/sms/stop-list/77010000010')).status, 204);
    ok(await sendSms(a, '77010000010'), 202);
  });

  test("the operator sets an account's allowed countries and moderation; sends outside them get code 6", async () => {
    expectError(await operator.get('/operator/accounts/999999/sms'), 404, 'not_found');
    assert.deepEqual(ok(await operator.get(`/operator/accounts/${accountA}/sms`)), { moderation: false, allowedCountries: null });
    const updated = ok(await operator.patch(`/operator/accounts/${accountA}/sms`, { allowedCountries: ['ua', 'KZ', 'kz'] }));
    assert.deepEqual(updated, { moderation: false, allowedCountries: ['KZ', 'UA'] });
    expectError(await operator.patch(`/operator/accounts/${accountA}/sms`, { allowedCountries: ['ZZ'] }), 400, 'validation_failed', ['allowedCountries[0]']);

    ok(await sendSms(a, '77010000020'), 202);
    assert.equal(expectError(await sendSms(a, '79161234567'), 422, 'recipient_refused').error.details[0]?.code, 'recipient_code_6');
    ok(await sendSms(b, '79161234567'), 202);

    assert.deepEqual(ok(await operator.patch(`/operator/accounts/${accountA}/sms`, { moderation: true })), { moderation: true, allowedCountries: ['KZ', 'UA'] });
    assert.deepEqual(ok(await operator.patch(`/operator/accounts/${accountA}/sms`, { allowedCountries: null, moderation: false })), { moderation: false, allowedCountries: null });
    ok(await sendSms(a, '79161234567'), 202);
  });

  test('sender ids: validated, one default, used by single sends; each account has its own', async () => {
    const first = ok<SenderIdDto>(await a.post('/sms/sender-ids', { name: 'Herald' }), 201);
    assert.equal(first.isDefault, true, 'the first sender id is the default');
    const second = ok<SenderIdDto>(await a.post('/sms/sender-ids', { name: '77001234567' }), 201);
    assert.equal(second.isDefault, false);
    expectError(await a.post('/sms/sender-ids', { name: 'Herald' }), 409, 'conflict', ['name']);
    for (const name of ['TwelveChars1', '1234567890123456', 'bad!name']) expectError(await a.post('/sms/sender-ids', { name }), 400, 'validation_failed', ['name']);

    const fromOf = async (api: Api, id: number) => ok<{ from: string }>(await api.get(`/messages/${id}`)).from;
    const registered = ok<{ id: number }>(await sendSms(a, '77010000030', { from: '77001234567' }), 202);
    assert.equal(await fromOf(a, registered.id), '77001234567');
    const unregistered = ok<{ id: number }>(await sendSms(a, '77010000031', { from: 'Spoofed' }), 202);
    assert.equal(await fromOf(a, unregistered.id), 'Herald', 'an unregistered sender falls back to the default');

    assert.equal(ok<SenderIdDto>(await a.patch(`/sms/sender-ids/${second.id}`, { isDefault: true })).isDefault, true);
    assert.deepEqual(ok<{ items: SenderIdDto[] }>(await a.get('/sms/sender-ids')).items.map((s) => [s.name, s.isDefault]), [['Herald', false], ['77001234567', true]]);
    const noFrom = ok<{ id: number }>(await sendSms(a, '77010000032'), 202);
    assert.equal(await fromOf(a, noFrom.id), '77001234567');

    // B sees none of A's ids, cannot use or change them.
    assert.deepEqual(ok<{ items: unknown[] }>(await b.get('/sms/sender-ids')).items, []);
    expectError(await b.patch(`/sms/sender-ids/${first.id}`, { isDefault: true }), 404, 'not_found');
    expectError(await b.delete(`/sms/sender-ids/${first.id}`), 404, 'not_found');
    const fromB = ok<{ id: number }>(await sendSms(b, '77010000033', { from: 'Herald' }), 202);
    assert.equal(await fromOf(b, fromB.id), '');

    // Deleting the default promotes the oldest remaining one.
    assert.equal((await a.delete(`/sms/sender-ids/${second.id}`)).status, 204);
    assert.deepEqual(ok<{ items: SenderIdDto[] }>(await a.get('/sms/sender-ids')).items.map((s) => [s.name, s.isDefault]), [['Herald', true]]);
  });

  test('moderation: campaigns of a moderated account wait in the queue; approve and decline move them', async () => {
    ok(await operator.patch(`/operator/accounts/${accountB}/sms`, { moderation: true }));
    const scope = { db: server.core.db, accountId: accountB };
    const make = async (name: string) => {
      const id = await createCampaign(scope, { name, text: `Text of ${name}`, type: 2 }, { source: 'native', publicUrl: server.baseUrl });
      await withAddingLock(scope, id, () => addRecipientsLocked(scope, id, [{ number: '77010000040' }, { number: '77010000041' }], { publicUrl: server.baseUrl }));
      assert.equal(await sendCampaign(scope, id), 1, 'sent to moderation');
      return id;
    };
    const approveMe = await make('approve me');
    const declineMe = await make('decline me');

    const queue = ok<{ items: QueuedCampaign[]; total: number }>(await operator.get('/operator/sms/campaigns'));
    assert.equal(queue.total, 2);
    assert.deepEqual(
      queue.items.map((c) => [c.id, c.accountId, c.name, c.text, c.status, c.recipients]),
      [
        [approveMe, accountB, 'approve me', 'Text of approve me', 'MODERATION', 2],
        [declineMe, accountB, 'decline me', 'Text of decline me', 'MODERATION', 2],
      ],
    );
    assert.equal(ok<{ total: number }>(await operator.get(`/operator/sms/campaigns?accountId=${accountA}`)).total, 0);

    const approved = ok<QueuedCampaign>(await operator.post(`/operator/sms/campaigns/${approveMe}/approve`, undefined));
    assert.ok(['READY_FOR_SEND', 'DEFERRED', 'RUNNING', 'SENT', 'DONE'].includes(approved.status), approved.status);
    expectError(await operator.post(`/operator/sms/campaigns/${approveMe}/approve`, undefined), 409, 'conflict');

    expectError(await operator.post(`/operator/sms/campaigns/${declineMe}/decline`, {}), 400, 'validation_failed', ['comment']);
    const declined = ok<QueuedCampaign>(await operator.post(`/operator/sms/campaigns/${declineMe}/decline`, { comment: 'Links to an unknown site' }));
    assert.deepEqual([declined.status, declined.moderationComment], ['DECLINED', 'Links to an unknown site']);
    expectError(await operator.post('/operator/sms/campaigns/999999/approve', undefined), 404, 'not_found');

    assert.equal(ok<{ total: number }>(await operator.get('/operator/sms/campaigns')).total, 0);
    assert.deepEqual(ok<{ items: QueuedCampaign[] }>(await operator.get('/operator/sms/campaigns?status=DECLINED')).items.map((c) => c.id), [declineMe]);
  });
});

test('HERALD_OPERATOR_KEY is optional and must not be guessable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-operator-'));
  try {
    assert.equal(loadConfig({ HERALD_DATA_DIR: dir }).operatorKey, null);
    assert.equal(loadConfig({ HERALD_DATA_DIR: dir, HERALD_OPERATOR_KEY: OPERATOR_KEY }).operatorKey, OPERATOR_KEY);
    for (const bad of ['short', 'has a space in it 0123456789']) {
      assert.throws(() => loadConfig({ HERALD_DATA_DIR: dir, HERALD_OPERATOR_KEY: bad }), (e: unknown) => e instanceof ConfigError && e.message.includes('HERALD_OPERATOR_KEY'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
