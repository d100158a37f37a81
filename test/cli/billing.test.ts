import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeOnDatabase, type TestDatabase, createDatabase } from '../support/databases.js';
import { runCli } from '../support/processes.js';
import { createAccount } from '../../src/core/accounts/accounts.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import { getBilling } from '../../src/core/billing/billing.js';
import { listLedger } from '../../src/core/billing/ledger.js';

/* `herald billing …` against a real database, checked through the core that charges. */
// The operator API suite (test/faces/native/billing.test.ts) runs the same core on both databases.
describeOnDatabase('sqlite', 'herald billing CLI', (kind) => {
  let database: TestDatabase;
  let accountId: number;
  const cli = async (...args: string[]) => {
    const res = await runCli(['billing', ...args], database.env);
    assert.equal(res.code, 0, `herald billing ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };

  before(async () => {
    database = await createDatabase(kind);
    const core = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR! };
    accountId = (await createAccount(core, { name: 'Billing CLI' })).id;
  });
  after(() => database.dispose());

  test('set, top-up, ledger and clear change the money sends are charged from; bad input changes nothing', async () => {
    const id = String(accountId);
    assert.match(await cli('set', id, '--currency', 'eur', '--balance', '10', '--package', 'Mail 100', '--mails', '100', '--extra-mail-price', '0.1', '--reason', 'contract'), /balance 10 EUR; package "Mail 100" 100\/100 mails left/);
    assert.match(await cli('top-up', id, '2.5', '--reason', 'payment 17'), /balance 12.5 EUR/);
    assert.equal((await getBilling({ db: database.store.db, accountId }))?.balance, 12.5);

    const ledger = JSON.parse(await cli('ledger', id, '--json')) as { total: number; items: { actor: string; kind: string; amount: number; balanceAfter: number; reason: string }[] };
    assert.deepEqual(ledger.items.map((e) => [e.actor, e.kind, e.amount, e.balanceAfter, e.reason]), [['cli', 'top_up', 2.5, 12.5, 'payment 17'], ['cli', 'set', 10, 10, 'contract']]);
    assert.match(await cli('ledger', id, '--limit', '1'), /\tcli\ttop_up\t2.5\t12.5\t0\tpayment 17\n1 of 2 entries/);

    assert.match(await cli('clear', id, '--reason', 'ended'), /not metered/);
    assert.equal(await getBilling({ db: database.store.db, accountId }), null);

    // Bad input: a clear error and nothing written.
    for (const args of [['top-up', id, '5', '--reason', 'x'], ['set', id, '--currency', 'EUR', '--balance', '1,5'], ['show', '999999']]) {
      const res = await runCli(['billing', ...args], database.env);
      assert.notEqual(res.code, 0, args.join(' '));
      assert.match(res.stderr, /not metered|decimal|not found/);
    }
    assert.equal((await listLedger({ db: database.store.db, accountId }, { limit: 1, offset: 0 })).total, 3);
  });
});
