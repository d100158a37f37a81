import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnDatabase, type TestDatabase, createDatabase } from '../support/databases.js';
import { runCli } from '../support/processes.js';
import { createAccount } from '../../src/core/accounts/accounts.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import { randomBytes } from 'node:crypto';
import { createCampaign } from '../../src/core/sms/campaigns/campaigns.js';
import { withAddingLock } from '../../src/core/sms/campaigns/lock.js';
import { addRecipientsLocked } from '../../src/core/sms/campaigns/recipients.js';
import { sendCampaign } from '../../src/core/sms/campaigns/sending.js';
import { loadDestinationRules } from '../../src/core/sms/destinations.js';
import { priceFor } from '../../src/core/sms/pricing.js';
import { exchangeRate } from '../../src/core/sms/exchange-rates.js';

/* `herald sms …` against a real database, checked through the core that sends SMS. */
// The operator API suite (test/faces/native/sms-operator.test.ts) runs the same core on both databases.
describeOnDatabase('postgres', 'herald sms CLI', (kind) => {
  let database: TestDatabase;
  let accountId: number;
  const cli = async (...args: string[]) => {
    const res = await runCli(['sms', ...args], database.env);
    assert.equal(res.code, 0, `herald sms ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };

  before(async () => {
    database = await createDatabase(kind);
    const core = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR! };
    accountId = (await createAccount(core, { name: 'SMS CLI', defaultCountry: 'KZ' })).id;
  });
  after(() => database.dispose());

  test('prices set, list and delete edit the list sends are priced by', async () => {
    await cli('prices', 'set', 'KZ', '0.05');
    await cli('prices', 'set', 'kz', '0.04', '--operator', 'Kcell/Activ');
    await cli('prices', 'set', '*', '0.1');
    const listed = JSON.parse(await cli('prices', 'list', '--json')) as { country: string; operator: string | null; price: string }[];
    assert.deepEqual(listed.map((r) => [r.country, r.operator, r.price]), [['*', null, '0.1'], ['KZ', null, '0.05'], ['KZ', 'Kcell/Activ', '0.04']]);
    let rules = await loadDestinationRules(database.store.db, accountId, []);
    assert.equal(priceFor(rules.prices, 'KZ', 'Kcell/Activ'), 40_000);
    assert.equal(priceFor(rules.prices, 'RU', null), 100_000);

    await cli('prices', 'delete', '*');
    rules = await loadDestinationRules(database.store.db, accountId, []);
    assert.equal(priceFor(rules.prices, 'RU', null), null);

    const bad = await runCli(['sms', 'prices', 'set', 'KZ', '1,5'], database.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /decimal/);
    const unknown = await runCli(['sms', 'prices', 'delete', 'RU'], database.env);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /not found/);
  });

  test('rates set, list and delete edit the exchange rates prices are converted by', async () => {
    assert.match(await cli('rates', 'set', 'kzt', 'usd', '0.00210'), /^1 KZT = 0\.0021 USD$/m);
    await cli('rates', 'set', 'USD', 'KZT', '470.5');
    const listed = JSON.parse(await cli('rates', 'list', '--json')) as { from: string; to: string; rate: string }[];
    assert.deepEqual(listed.map((r) => [r.from, r.to, r.rate]), [['KZT', 'USD', '0.0021'], ['USD', 'KZT', '470.5']]);
    assert.equal(await exchangeRate(database.store.db, 'KZT', 'USD'), '0.0021');

    await cli('rates', 'delete', 'USD', 'KZT');
    assert.equal(await exchangeRate(database.store.db, 'USD', 'KZT'), null);

    const bad = await runCli(['sms', 'rates', 'set', 'KZT', 'EUR', '0,5'], database.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /positive decimal/);
    const unknown = await runCli(['sms', 'rates', 'delete', 'KZT', 'EUR'], database.env);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /not found/);
    assert.deepEqual((JSON.parse(await cli('rates', 'list', '--json')) as unknown[]).length, 1, 'the failed commands changed nothing');
  });

  test('stop-list add, list and remove keep the system list every account obeys', async () => {
    assert.match(await cli('stop-list', 'add', '+7 701 000 0001', '380971112233'), /\+77010000001\tstop-listed/);
    const page = JSON.parse(await cli('stop-list', 'list', '--json')) as { total: number; items: { number: string }[] };
    assert.deepEqual(page.items.map((e) => e.number).sort(), ['+380971112233', '+77010000001']);
    let rules = await loadDestinationRules(database.store.db, accountId, ['77010000001']);
    assert.ok(rules.stopList.has('+77010000001'));
    await cli('stop-list', 'remove', '77010000001');
    rules = await loadDestinationRules(database.store.db, accountId, ['77010000001']);
    assert.equal(rules.stopList.size, 0);
  });

  test('settings show and change moderation and allowed countries', async () => {
    assert.match(await cli('settings', String(accountId)), /moderation off; allowed countries all/);
    assert.match(await cli('settings', String(accountId), '--moderation', 'on', '--countries', 'kz,RU'), /moderation on; allowed countries KZ,RU/);
    const rules = await loadDestinationRules(database.store.db, accountId, []);
    assert.deepEqual([...(rules.allowedCountries ?? [])], ['KZ', 'RU']);
    assert.deepEqual(JSON.parse(await cli('settings', String(accountId), '--countries', 'all', '--json')), { moderation: true, allowedCountries: null });
  });

  test('moderation list, approve and decline', async () => {
    // Moderation is on from the previous test: sent campaigns wait for the moderator.
    const scope = { db: database.store.db, accountId };
    const ids: number[] = [];
    for (const name of ['first', 'second']) {
      const id = await createCampaign(scope, { name, text: `Campaign ${name}`, type: 2 }, { source: 'native', publicUrl: 'http://127.0.0.1' });
      await withAddingLock(scope, id, () => addRecipientsLocked(scope, id, [{ number: '77010000005' }], { publicUrl: 'http://127.0.0.1' }));
      assert.equal(await sendCampaign(scope, id), 1);
      ids.push(id);
    }
    const queue = JSON.parse(await cli('moderation', 'list', '--json')) as { items: { id: number; recipients: number }[] };
    assert.deepEqual(queue.items.map((c) => [c.id, c.recipients]), [[ids[0], 1], [ids[1], 1]]);
    assert.match(await cli('moderation', 'list'), /Campaign first/);

    assert.match(await cli('moderation', 'approve', String(ids[0])), /READY_FOR_SEND|DEFERRED|RUNNING|SENT|DONE/);
    assert.match(await cli('moderation', 'decline', String(ids[1]), '--comment', 'Not allowed'), /DECLINED/);
    const row = await database.store.db.selectFrom('smsCampaigns').select(['status', 'moderationComment']).where('id', '=', ids[1]!).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'DECLINED', moderationComment: 'Not allowed' });
    assert.match(await cli('moderation', 'list'), /no campaigns waiting/);

    const again = await runCli(['sms', 'moderation', 'approve', String(ids[0])], database.env);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /not waiting for moderation/);
  });
});
