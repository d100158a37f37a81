import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, expectError, ok } from './client.js';

const OPERATOR_KEY = 'operator-key-for-billing-tests-0123';

interface BillingDto {
  metered: boolean;
  currency: string | null;
  balance: number;
  package: { name: string; mailsLeft: number } | null;
}
interface LedgerPage {
  items: { id: number; actor: string; kind: string; amount: number; balanceAfter: number; packageMails: number; reason: string }[];
  total: number;
}

/* Billing belongs to the operator: the account reads its money and ledger, only the operator key changes them. */
describeEachDatabase('billing: operator writes, account reads', (kind) => {
  let server: TestServer;
  let operator: Api;
  let a: Api;
  let b: Api;
  let accountA: number;
  let accountB: number;
  const billingOf = (id: number) => `/operator/accounts/${id}/billing`;

  before(async () => {
    server = await startTestServer(kind, { operatorKey: OPERATOR_KEY });
    operator = new Api(server, OPERATOR_KEY);
    const first = await server.createAccount('A');
    const second = await server.createAccount('B');
    [accountA, accountB] = [first.id, second.id];
    a = new Api(server, first.credentials.native.apiKey);
    b = new Api(server, second.credentials.native.apiKey);
  });
  after(() => server.close());

  test('an account cannot set, clear or credit its own billing: PUT, DELETE and POST change nothing', async () => {
    ok(await operator.put(billingOf(accountA), { currency: 'EUR', balance: 5 }));
    const ledgerBefore = ok<LedgerPage>(await a.get('/billing/ledger'));
    for (const res of [
      await a.put('/billing', { currency: 'EUR', balance: 1_000_000 }),
      await a.put('/billing', { currency: 'EUR', balance: 1_000_000, package: { name: 'Free', mailsTotal: 1_000_000, periodDays: 3650, price: 0, pricePerExtraMail: 0 } }),
      await a.delete('/billing'),
      await a.post('/billing', { currency: 'EUR', balance: 1_000_000 }),
      await a.post('/billing/top-ups', { amount: 1000, reason: 'me' }),
      await a.put('/billing/ledger', { items: [] }),
    ]) {
      expectError(res, 404, 'not_found');
    }
    // Nor through the operator routes with its account key.
    expectError(await a.put(billingOf(accountA), { currency: 'EUR', balance: 1_000_000 }), 401, 'unauthorized');
    expectError(await a.delete(billingOf(accountA)), 401, 'unauthorized');
    expectError(await a.post(`${billingOf(accountA)}/top-ups`, { amount: 1000, reason: 'me' }), 401, 'unauthorized');
    assert.deepEqual(ok<BillingDto>(await a.get('/billing')), { metered: true, currency: 'EUR', balance: 5, package: null });
    assert.deepEqual(ok<LedgerPage>(await a.get('/billing/ledger')), ledgerBefore);
  });

  test('the operator sets, tops up and clears; each change is a ledger entry the account reads', async () => {
    const set = ok<BillingDto>(await operator.put(billingOf(accountA), { currency: 'EUR', balance: 12.5, package: { name: 'Mail 100', mailsTotal: 100, periodDays: 30, price: 9, pricePerExtraMail: 0.1 }, reason: 'plan changed' }));
    assert.deepEqual([set.balance, set.package?.mailsLeft], [12.5, 100]);
    const topped = ok<BillingDto>(await operator.post(`${billingOf(accountA)}/top-ups`, { amount: 2.25, reason: 'payment 2026-001' }));
    assert.equal(topped.balance, 14.75);
    assert.deepEqual(ok<BillingDto>(await operator.get(billingOf(accountA))), topped);
    assert.deepEqual(ok<BillingDto>(await a.get('/billing')), topped);
    assert.equal((await operator.delete(`${billingOf(accountA)}?reason=${encodeURIComponent('contract ended')}`)).status, 204);
    assert.deepEqual(ok<BillingDto>(await a.get('/billing')), { metered: false, currency: null, balance: 0, package: null });

    const ledger = ok<LedgerPage>(await a.get('/billing/ledger?limit=3'));
    assert.deepEqual(
      ledger.items.map(({ actor, kind, amount, balanceAfter, packageMails, reason }) => ({ actor, kind, amount, balanceAfter, packageMails, reason })),
      [
        { actor: 'operator', kind: 'clear', amount: -14.75, balanceAfter: 0, packageMails: -100, reason: 'contract ended' },
        { actor: 'operator', kind: 'top_up', amount: 2.25, balanceAfter: 14.75, packageMails: 0, reason: 'payment 2026-001' },
        { actor: 'operator', kind: 'set', amount: 7.5, balanceAfter: 12.5, packageMails: 100, reason: 'plan changed' },
      ],
    );
    assert.equal(ledger.total, 4);
    assert.deepEqual(ok<LedgerPage>(await operator.get(`${billingOf(accountA)}/ledger?limit=3`)), ledger);
    // Pages: newest first, bounded.
    assert.deepEqual(ok<LedgerPage>(await a.get('/billing/ledger?limit=2&offset=2')).items.map((e) => e.kind), ['set', 'set']);
    expectError(await a.get('/billing/ledger?limit=501'), 400, 'validation_failed');
    expectError(await a.get('/billing/ledger?offset=-1'), 400, 'validation_failed');
  });

  test('bad input gets a clear error and changes nothing', async () => {
    ok(await operator.put(billingOf(accountB), { currency: 'KZT', balance: 3 }));
    const before = ok<LedgerPage>(await b.get('/billing/ledger'));
    expectError(await operator.put(billingOf(accountB), { currency: 'eur', balance: 1 }), 400, 'validation_failed', ['currency']);
    expectError(await operator.put(billingOf(accountB), { currency: 'EUR', balance: -1 }), 400, 'validation_failed', ['balance']);
    expectError(await operator.put(billingOf(accountB), { currency: 'EUR', balance: 1, extra: true }), 400, 'validation_failed');
    expectError(await operator.post(`${billingOf(accountB)}/top-ups`, { amount: 0, reason: 'x' }), 400, 'validation_failed', ['amount']);
    expectError(await operator.post(`${billingOf(accountB)}/top-ups`, { amount: 1 }), 400, 'validation_failed', ['reason']);
    expectError(await operator.post(`${billingOf(accountB)}/top-ups`, { amount: 1_000_000_000, reason: 'too much' }), 400, 'validation_failed', ['amount']);
    for (const res of [await operator.get(billingOf(999_999)), await operator.put(billingOf(999_999), { currency: 'EUR', balance: 1 }), await operator.post(`${billingOf(999_999)}/top-ups`, { amount: 1, reason: 'x' }), await operator.delete(billingOf(999_999)), await operator.get(`${billingOf(999_999)}/ledger`)]) {
      expectError(res, 404, 'not_found');
    }
    assert.deepEqual(ok<BillingDto>(await b.get('/billing')).balance, 3);
    assert.deepEqual(ok<LedgerPage>(await b.get('/billing/ledger')), before);
    // A top-up needs a metered account.
    ok(await operator.delete(billingOf(accountB)), 204);
    expectError(await operator.post(`${billingOf(accountB)}/top-ups`, { amount: 1, reason: 'x' }), 409, 'conflict');
  });

  test("one account never sees another's ledger", async () => {
    const seenByB = ok<LedgerPage>(await b.get('/billing/ledger'));
    const seenByA = ok<LedgerPage>(await a.get('/billing/ledger'));
    assert.ok(seenByA.total > 0 && seenByB.total > 0);
    const idsOfA = new Set(seenByA.items.map((e) => e.id));
    assert.ok(seenByB.items.every((e) => !idsOfA.has(e.id)));
    assert.deepEqual(ok<LedgerPage>(await operator.get(`${billingOf(accountB)}/ledger`)), seenByB);
  });
});
