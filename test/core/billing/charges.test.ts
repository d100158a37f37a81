import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { BY_TEST } from '../../support/billing.js';
import { twoAccounts, type TwoAccounts } from '../fixture.js';
import { getBilling, setBilling } from '../../../src/core/billing/billing.js';
import { listLedger, type LedgerEntry } from '../../../src/core/billing/ledger.js';
import { acceptEmails } from '../../../src/core/messages/accept.js';
import { upsertPrices } from '../../../src/core/sms/price-list.js';
import { acceptSingleSms } from '../../../src/core/sms/single-send.js';
import { createCampaign, deleteCampaign } from '../../../src/core/sms/campaigns/campaigns.js';
import { withAddingLock } from '../../../src/core/sms/campaigns/lock.js';
import { addRecipientsLocked } from '../../../src/core/sms/campaigns/recipients.js';
import { declineCampaign, sendCampaign } from '../../../src/core/sms/campaigns/sending.js';
import { updateSmsSettings } from '../../../src/core/accounts/sms-settings.js';
import type { AccountScope } from '../../../src/core/context.js';

/* Every place sending moves money writes one ledger row in the same transaction, metered accounts only. */
describeEachDatabase('billing ledger of charges and refunds', (kind) => {
  let t: TwoAccounts;
  const publicUrl = 'https://herald.example';

  before(async () => {
    t = await twoAccounts(kind);
    await upsertPrices(t.ctx.db, [{ country: 'KZ', price: '0.5' }]);
  });
  after(() => t.dispose());

  const newest = async (scope: AccountScope, n = 1): Promise<Pick<LedgerEntry, 'actor' | 'kind' | 'amount' | 'balanceAfter' | 'packageMails' | 'reason'>[]> =>
    (await listLedger(scope, { limit: n, offset: 0 })).items.map(({ actor, kind, amount, balanceAfter, packageMails, reason }) => ({ actor, kind, amount, balanceAfter, packageMails, reason }));
  const total = async (scope: AccountScope): Promise<number> => (await listLedger(scope, { limit: 1, offset: 0 })).total;
  const mails = (n: number) => Array.from({ length: n }, (_, i) => ({ to: `r${i}@example.com`, from: 'shop@example.com', subject: 'Hi', text: 'Hello' }));

  const sentCampaign = async (scope: AccountScope, numbers: string[]): Promise<number> => {
    const id = await createCampaign(scope, { name: 'c', text: 'Hello', type: 2 }, { source: 'native', publicUrl });
    await withAddingLock(scope, id, () => addRecipientsLocked(scope, id, numbers.map((number) => ({ number })), { publicUrl }));
    await sendCampaign(scope, id);
    return id;
  };

  test('an accepted mail batch is one entry: package mails first, then the balance at the extra price', async () => {
    await setBilling(t.a, { currency: 'EUR', balance: 10, package: { name: 'Two', mailsTotal: 2, periodDays: 30, price: 1, pricePerExtraMail: 0.25 } }, BY_TEST);
    assert.deepEqual(await newest(t.a), [{ actor: 'cli', kind: 'set', amount: 10, balanceAfter: 10, packageMails: 2, reason: 'set by a test' }]);
    await acceptEmails(t.a, mails(5), { source: 'native', skipSenderCheck: true });
    assert.deepEqual(await newest(t.a), [{ actor: 'system', kind: 'mail_charge', amount: -0.75, balanceAfter: 9.25, packageMails: -2, reason: '5 mails accepted (2 from the package)' }]);
    assert.equal((await getBilling(t.a))?.balance, 9.25);

    // Refused for money: nothing charged, nothing written.
    const before = await total(t.a);
    await assert.rejects(acceptEmails(t.a, mails(40), { source: 'native', skipSenderCheck: true }), /Not enough money/);
    assert.equal(await total(t.a), before);
    assert.equal((await getBilling(t.a))?.balance, 9.25);
  });

  test('a single SMS and a campaign send are charged; declined and deleted campaigns are refunded', async () => {
    await setBilling(t.a, { currency: 'KZT', balance: 10 }, BY_TEST);
    const sms = await acceptSingleSms(t.a, { to: '+77010000001', text: 'Hi' }, 'native');
    assert.deepEqual(await newest(t.a), [{ actor: 'system', kind: 'sms_charge', amount: -0.5, balanceAfter: 9.5, packageMails: 0, reason: `SMS ${sms.messageId} (1 segment)` }]);

    const deleted = await sentCampaign(t.a, ['+77010000002', '+77010000003']);
    assert.deepEqual(await newest(t.a), [{ actor: 'system', kind: 'sms_charge', amount: -1, balanceAfter: 8.5, packageMails: 0, reason: `SMS campaign ${deleted} sent (2 messages)` }]);
    await deleteCampaign(t.a, deleted);
    assert.deepEqual(await newest(t.a), [{ actor: 'system', kind: 'sms_refund', amount: 1, balanceAfter: 9.5, packageMails: 0, reason: `SMS campaign ${deleted} deleted` }]);

    await updateSmsSettings(t.ctx.db, t.a.accountId, { moderation: true });
    const declined = await sentCampaign(t.a, ['+77010000004']);
    await declineCampaign(t.ctx.db, declined, 'no');
    assert.deepEqual(await newest(t.a, 2), [
      { actor: 'system', kind: 'sms_refund', amount: 0.5, balanceAfter: 9.5, packageMails: 0, reason: `SMS campaign ${declined} declined` },
      { actor: 'system', kind: 'sms_charge', amount: -0.5, balanceAfter: 9, packageMails: 0, reason: `SMS campaign ${declined} sent (1 message)` },
    ]);
    assert.equal((await getBilling(t.a))?.balance, 9.5);
  });

  test("an unmetered account sends without ledger entries, and never sees another account's", async () => {
    await acceptEmails(t.b, mails(3), { source: 'native', skipSenderCheck: true });
    await acceptSingleSms(t.b, { to: '+77010000009', text: 'Hi' }, 'native');
    assert.deepEqual(await listLedger(t.b, { limit: 100, offset: 0 }), { items: [], total: 0 });
    assert.ok((await total(t.a)) > 0);
  });
});
