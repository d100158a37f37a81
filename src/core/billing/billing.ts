import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import { ConflictError, IssueList, NotFoundError, ValidationError } from '../errors.js';
import { MAX_AMOUNT, fromMicros, toMicros } from './money.js';
import { listLedger, lockedBillingRow, recordLedgerEntry, type BillingChange, type LedgerEntry } from './ledger.js';

/*
 * An account's money: a balance and an optional prepaid mail package. Only the operator changes
 * them (operator API, `herald billing`); the account reads them. Charges are in charges.ts.
 */

export interface Billing {
  currency: string;
  balance: number;
  package: {
    name: string;
    mailsTotal: number;
    mailsLeft: number;
    periodDays: number;
    endsAt: string | null;
    price: number;
    pricePerExtraMail: number;
  } | null;
}

export interface BillingInput {
  currency: string;
  balance: number;
  package?: { name: string; mailsTotal: number; mailsLeft?: number; periodDays: number; endsAt?: string | null; price: number; pricePerExtraMail: number } | null;
}

const MAX_REASON = 500;

/** Null: the account is not metered (every send is allowed, nothing is charged). */
export async function getBilling(scope: AccountScope): Promise<Billing | null> {
  const row = await scope.db.selectFrom('accountBilling').selectAll().where('accountId', '=', scope.accountId).executeTakeFirst();
  if (!row) return null;
  return {
    currency: row.currency,
    balance: fromMicros(Number(row.balanceMicros)),
    package:
      row.packageName === null
        ? null
        : {
            name: row.packageName,
            mailsTotal: Number(row.mailsTotal),
            mailsLeft: Number(row.mailsLeft),
            periodDays: row.periodDays,
            endsAt: row.packageEndsAt,
            price: fromMicros(Number(row.packagePriceMicros)),
            pricePerExtraMail: fromMicros(Number(row.extraMailPriceMicros)),
          },
  };
}

/** For the operator, who names accounts by id: an unknown one is a 404, not "unmetered". */
export async function getAccountBilling(scope: AccountScope): Promise<Billing | null> {
  await requireAccount(scope.db, scope.accountId);
  return getBilling(scope);
}

/** The ledger of an account named by id (operator, CLI): an unknown account is a 404. */
export async function getAccountLedger(scope: AccountScope, page: { limit: number; offset: number }): Promise<{ items: LedgerEntry[]; total: number }> {
  await requireAccount(scope.db, scope.accountId);
  return listLedger(scope, page);
}

async function requireAccount(db: Db, accountId: number): Promise<void> {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (!row) throw new NotFoundError('account', accountId);
}

function checkAmount(issues: IssueList, field: string, amount: number, minimum: 'zero' | 'positive'): void {
  const low = minimum === 'zero' ? amount < 0 : amount <= 0;
  if (!Number.isFinite(amount) || low || amount > MAX_AMOUNT) {
    issues.add(field, 'invalid', `${field} must be a number ${minimum === 'zero' ? 'from 0' : 'above 0'} up to ${MAX_AMOUNT}`);
  }
}

function checkChange(issues: IssueList, change: BillingChange, required: boolean): void {
  if (change.reason.length > MAX_REASON) issues.add('reason', 'too_long', `reason must be at most ${MAX_REASON} characters`);
  if (required && change.reason.trim() === '') issues.add('reason', 'required', 'reason is required');
}

function validateInput(input: BillingInput, change: BillingChange): void {
  const issues = new IssueList();
  if (!/^[A-Z]{3}$/.test(input.currency)) issues.add('currency', 'invalid', 'currency must be an ISO 4217 code such as EUR');
  checkAmount(issues, 'balance', input.balance, 'zero');
  const p = input.package ?? null;
  if (p && (p.mailsTotal < 0 || (p.mailsLeft ?? 0) < 0 || p.periodDays < 0 || p.price < 0 || p.pricePerExtraMail < 0)) {
    issues.add('package', 'invalid', 'package amounts must not be negative');
  }
  checkChange(issues, change, false);
  issues.throwIfAny();
}

/** Replaces the billing (the account becomes metered); the ledger records the difference. */
export async function setBilling(scope: AccountScope, input: BillingInput, change: BillingChange): Promise<Billing> {
  validateInput(input, change);
  const p = input.package ?? null;
  const values = {
    currency: input.currency,
    balanceMicros: toMicros(input.balance),
    packageName: p?.name ?? null,
    mailsTotal: p?.mailsTotal ?? 0,
    mailsLeft: p ? (p.mailsLeft ?? p.mailsTotal) : 0,
    periodDays: p?.periodDays ?? 0,
    packageEndsAt: p?.endsAt ?? null,
    packagePriceMicros: toMicros(p?.price ?? 0),
    extraMailPriceMicros: toMicros(p?.pricePerExtraMail ?? 0),
  };
  await scope.db.transaction().execute(async (trx) => {
    await requireAccount(trx, scope.accountId);
    const before = await lockedBillingRow(trx, scope.accountId);
    await trx
      .insertInto('accountBilling')
      .values({ accountId: scope.accountId, ...values })
      .onConflict((oc) => oc.column('accountId').doUpdateSet(values))
      .execute();
    await recordLedgerEntry(trx, scope.accountId, {
      actor: change.actor,
      kind: 'set',
      amountMicros: values.balanceMicros - Number(before?.balanceMicros ?? 0),
      balanceAfterMicros: values.balanceMicros,
      packageMails: values.mailsLeft - Number(before?.mailsLeft ?? 0),
      reason: change.reason,
    });
  });
  const billing = await getBilling(scope);
  if (!billing) throw new Error('billing row vanished');
  return billing;
}

/** Credits the balance of a metered account; the reason is required and kept in the ledger. */
export async function topUp(scope: AccountScope, amount: number, change: BillingChange): Promise<Billing> {
  const issues = new IssueList();
  checkAmount(issues, 'amount', amount, 'positive');
  checkChange(issues, change, true);
  issues.throwIfAny();
  const micros = toMicros(amount);
  await scope.db.transaction().execute(async (trx) => {
    await requireAccount(trx, scope.accountId);
    const row = await lockedBillingRow(trx, scope.accountId);
    if (!row) throw new ConflictError(`account ${scope.accountId} is not metered: set its billing first`);
    const after = Number(row.balanceMicros) + micros;
    if (after > toMicros(MAX_AMOUNT)) throw ValidationError.single('amount', 'invalid', `the balance would exceed ${MAX_AMOUNT}`);
    await trx.updateTable('accountBilling').set({ balanceMicros: after }).where('accountId', '=', scope.accountId).execute();
    await recordLedgerEntry(trx, scope.accountId, { actor: change.actor, kind: 'top_up', amountMicros: micros, balanceAfterMicros: after, reason: change.reason });
  });
  const billing = await getBilling(scope);
  if (!billing) throw new Error('billing row vanished');
  return billing;
}

/** Makes the account unmetered again: nothing is charged or refused for money from then on. */
export async function clearBilling(scope: AccountScope, change: BillingChange): Promise<void> {
  const issues = new IssueList();
  checkChange(issues, change, false);
  issues.throwIfAny();
  await scope.db.transaction().execute(async (trx) => {
    await requireAccount(trx, scope.accountId);
    const row = await lockedBillingRow(trx, scope.accountId);
    if (!row) return;
    await trx.deleteFrom('accountBilling').where('accountId', '=', scope.accountId).execute();
    await recordLedgerEntry(trx, scope.accountId, {
      actor: change.actor,
      kind: 'clear',
      amountMicros: -Number(row.balanceMicros),
      balanceAfterMicros: 0,
      packageMails: -Number(row.mailsLeft),
      reason: change.reason,
    });
  });
}
