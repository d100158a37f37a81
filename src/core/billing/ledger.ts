import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import { isPostgres } from '../../store/database.js';
import { fromMicros } from './money.js';

/** Who moved the money: the operator API, the `herald billing` CLI, or Herald itself (charges, refunds). */
export const LEDGER_ACTORS = ['operator', 'cli', 'system'] as const;
export type LedgerActor = (typeof LEDGER_ACTORS)[number];
export const LEDGER_KINDS = ['set', 'clear', 'top_up', 'mail_charge', 'sms_charge', 'sms_refund'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Who changes billing by hand, and why; the ledger keeps both. */
export interface BillingChange {
  actor: Exclude<LedgerActor, 'system'>;
  reason: string;
}

export interface LedgerEntry {
  id: number;
  at: string;
  actor: LedgerActor;
  kind: LedgerKind;
  /** Signed: credits are positive, charges negative. */
  amount: number;
  balanceAfter: number;
  /** Prepaid package mails granted (positive) or used (negative) by this change. */
  packageMails: number;
  reason: string;
}

export interface NewLedgerEntry {
  actor: LedgerActor;
  kind: LedgerKind;
  amountMicros: number;
  balanceAfterMicros: number;
  packageMails?: number;
  reason: string;
}

export const MAX_LEDGER_PAGE = 500;

/** Written in the transaction that changes the balance, so the ledger and the balance never disagree. */
export async function recordLedgerEntry(db: Db, accountId: number, entry: NewLedgerEntry, at = new Date()): Promise<void> {
  await db
    .insertInto('billingLedger')
    .values({
      accountId,
      at: at.toISOString(),
      actor: entry.actor,
      kind: entry.kind,
      amountMicros: entry.amountMicros,
      balanceAfterMicros: entry.balanceAfterMicros,
      packageMails: entry.packageMails ?? 0,
      reason: entry.reason,
    })
    .execute();
}

/**
 * The billing row of an account, locked on PostgreSQL until the transaction ends so a check of the
 * balance and the change that follows see the same money (SQLite runs one writer at a time).
 */
export async function lockedBillingRow(db: Db, accountId: number) {
  let query = db.selectFrom('accountBilling').selectAll().where('accountId', '=', accountId);
  if (isPostgres(db)) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The account's ledger, newest first. */
export async function listLedger(scope: AccountScope, page: { limit: number; offset: number }): Promise<{ items: LedgerEntry[]; total: number }> {
  const limit = Math.min(Math.max(page.limit, 1), MAX_LEDGER_PAGE);
  const rows = await scope.db
    .selectFrom('billingLedger')
    .selectAll()
    .where('accountId', '=', scope.accountId)
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(Math.max(page.offset, 0))
    .execute();
  const count = await scope.db.selectFrom('billingLedger').select((eb) => eb.fn.countAll<number>().as('n')).where('accountId', '=', scope.accountId).executeTakeFirstOrThrow();
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor as LedgerActor,
      kind: r.kind as LedgerKind,
      amount: fromMicros(Number(r.amountMicros)),
      balanceAfter: fromMicros(Number(r.balanceAfterMicros)),
      packageMails: Number(r.packageMails),
      reason: r.reason,
    })),
  };
}
