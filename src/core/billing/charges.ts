import type { Db } from '../../store/database.js';
import { SendRefusedError } from '../messages/refusal.js';
import { lockedBillingRow, recordLedgerEntry } from './ledger.js';

/*
 * Where sending moves money. Each runs inside the caller's transaction and writes one ledger row
 * with the balance change, for metered accounts only: an account without billing is not charged.
 */

/**
 * Charges `count` mails: prepaid package mails first (while the package runs), then the balance at
 * the extra-mail price. All or nothing: if the total is not covered nothing is charged and the
 * send is refused.
 */
export async function chargeMails(db: Db, accountId: number, count: number, now: Date, batchIndex = 0): Promise<void> {
  if (count === 0) return;
  const row = await lockedBillingRow(db, accountId);
  if (!row) return;
  const packageRuns = row.packageName !== null && (row.packageEndsAt === null || row.packageEndsAt > now.toISOString());
  const fromPackage = packageRuns ? Math.min(Number(row.mailsLeft), count) : 0;
  const extra = count - fromPackage;
  const cost = extra * Number(row.extraMailPriceMicros);
  const balance = Number(row.balanceMicros);
  if (cost > balance) {
    throw new SendRefusedError('insufficient_funds', 'Not enough money: neither the prepaid package nor the balance covers this send', batchIndex);
  }
  if (cost === 0 && fromPackage === 0) return;
  await db
    .updateTable('accountBilling')
    .set((eb) => ({ mailsLeft: eb('mailsLeft', '-', fromPackage), balanceMicros: eb('balanceMicros', '-', cost) }))
    .where('accountId', '=', accountId)
    .execute();
  const reason = `${count} mail${count === 1 ? '' : 's'} accepted (${fromPackage} from the package)`;
  await recordLedgerEntry(db, accountId, { actor: 'system', kind: 'mail_charge', amountMicros: -cost, balanceAfterMicros: balance - cost, packageMails: -fromPackage, reason }, now);
}

/**
 * Charges an amount from the balance (SMS: price per segment times segments), all or nothing.
 * `reason` names what was charged (the campaign or message).
 */
export async function chargeAmount(db: Db, accountId: number, micros: number, reason: string, batchIndex = 0): Promise<void> {
  if (micros <= 0) return;
  const row = await lockedBillingRow(db, accountId);
  if (!row) return;
  const balance = Number(row.balanceMicros);
  if (micros > balance) throw new SendRefusedError('insufficient_funds', 'Not enough money on the balance for this send', batchIndex);
  await db.updateTable('accountBilling').set({ balanceMicros: balance - micros }).where('accountId', '=', accountId).execute();
  await recordLedgerEntry(db, accountId, { actor: 'system', kind: 'sms_charge', amountMicros: -micros, balanceAfterMicros: balance - micros, reason });
}

/** Gives back an amount charged earlier (an SMS campaign deleted or declined before it went out). */
export async function refundAmount(db: Db, accountId: number, micros: number, reason: string): Promise<void> {
  if (micros <= 0) return;
  const row = await lockedBillingRow(db, accountId);
  if (!row) return;
  const after = Number(row.balanceMicros) + micros;
  await db.updateTable('accountBilling').set({ balanceMicros: after }).where('accountId', '=', accountId).execute();
  await recordLedgerEntry(db, accountId, { actor: 'system', kind: 'sms_refund', amountMicros: micros, balanceAfterMicros: after, reason });
}
