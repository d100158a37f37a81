import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import { ValidationError } from '../errors.js';
import { SendRefusedError } from '../messages/refusal.js';

/** Money is kept in millionths of the currency unit so charges add up exactly. */
const MICROS = 1_000_000;

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

const toMicros = (amount: number): number => Math.round(amount * MICROS);
const fromMicros = (micros: number): number => micros / MICROS;

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

export async function setBilling(scope: AccountScope, input: BillingInput): Promise<Billing> {
  if (!/^[A-Z]{3}$/.test(input.currency)) throw ValidationError.single('currency', 'invalid', 'currency must be an ISO 4217 code such as EUR');
  if (!Number.isFinite(input.balance)) throw ValidationError.single('balance', 'invalid', 'balance must be a number');
  const p = input.package ?? null;
  if (p && (p.mailsTotal < 0 || p.periodDays < 0 || p.price < 0 || p.pricePerExtraMail < 0)) {
    throw ValidationError.single('package', 'invalid', 'package amounts must not be negative');
  }
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
  await scope.db
    .insertInto('accountBilling')
    .values({ accountId: scope.accountId, ...values })
    .onConflict((oc) => oc.column('accountId').doUpdateSet(values))
    .execute();
  const billing = await getBilling(scope);
  if (!billing) throw new Error('billing row vanished');
  return billing;
}

/** Makes the account unmetered again: nothing is charged or refused for money from then on. */
export async function clearBilling(scope: AccountScope): Promise<void> {
  await scope.db.deleteFrom('accountBilling').where('accountId', '=', scope.accountId).execute();
}

/**
 * Charges `count` mails: prepaid package mails first (while the package runs), then the balance at
 * the extra-mail price. All or nothing: if the total is not covered nothing is charged and the
 * send is refused. Runs inside the transaction that stores the messages.
 */
export async function chargeMails(db: Db, accountId: number, count: number, now: Date, batchIndex = 0): Promise<void> {
  const row = await db.selectFrom('accountBilling').selectAll().where('accountId', '=', accountId).executeTakeFirst();
  if (!row || count === 0) return;
  const packageRuns = row.packageName !== null && (row.packageEndsAt === null || row.packageEndsAt > now.toISOString());
  const fromPackage = packageRuns ? Math.min(Number(row.mailsLeft), count) : 0;
  const extra = count - fromPackage;
  const cost = extra * Number(row.extraMailPriceMicros);
  if (cost > Number(row.balanceMicros)) {
    throw new SendRefusedError('insufficient_funds', 'Not enough money: neither the prepaid package nor the balance covers this send', batchIndex);
  }
  await db
    .updateTable('accountBilling')
    .set((eb) => ({ mailsLeft: eb('mailsLeft', '-', fromPackage), balanceMicros: eb('balanceMicros', '-', cost) }))
    .where('accountId', '=', accountId)
    .execute();
}

/**
 * Charges an amount from the balance (SMS: price per segment times segments). All or nothing, in
 * the caller's transaction; an account without billing is not metered.
 */
export async function chargeAmount(db: Db, accountId: number, micros: number, batchIndex = 0): Promise<void> {
  if (micros <= 0) return;
  const row = await db.selectFrom('accountBilling').select('balanceMicros').where('accountId', '=', accountId).executeTakeFirst();
  if (!row) return;
  if (micros > Number(row.balanceMicros)) throw new SendRefusedError('insufficient_funds', 'Not enough money on the balance for this send', batchIndex);
  await db.updateTable('accountBilling').set((eb) => ({ balanceMicros: eb('balanceMicros', '-', micros) })).where('accountId', '=', accountId).execute();
}

/** Gives back an amount charged earlier (an SMS campaign deleted or declined before it went out). */
export async function refundAmount(db: Db, accountId: number, micros: number): Promise<void> {
  if (micros <= 0) return;
  await db.updateTable('accountBilling').set((eb) => ({ balanceMicros: eb('balanceMicros', '+', micros) })).where('accountId', '=', accountId).execute();
}
