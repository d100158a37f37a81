import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { emailKey, isValidEmail } from '../audience/email-address.js';
import { ValidationError } from '../errors.js';

/** Why an address may no longer receive mail from an account. */
export type SuppressionReason = 'unsubscribe' | 'complaint' | 'hard_bounce' | 'manual';

export interface Suppression {
  address: string;
  reason: SuppressionReason;
  messageId: number | null;
  createdAt: string;
}

/** Adds an address (idempotent: the first reason stays). Call inside the event's transaction. */
export async function suppress(db: Db, accountId: number, address: string, reason: SuppressionReason, messageId: number | null): Promise<void> {
  await db
    .insertInto('suppressions')
    .values({ accountId, addressKey: emailKey(address), reason, messageId, createdAt: nowIso() })
    .onConflict((oc) => oc.columns(['accountId', 'addressKey']).doNothing())
    .execute();
}

/** The subset of `addresses` (as keys) that is suppressed. */
export async function suppressedAmong(db: Db, accountId: number, addresses: readonly string[]): Promise<Set<string>> {
  const keys = [...new Set(addresses.map(emailKey))];
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('suppressions')
      .select('addressKey')
      .where('accountId', '=', accountId)
      .where('addressKey', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.addressKey);
  }
  return found;
}

export async function listSuppressions(scope: AccountScope, options: { limit: number; offset: number }): Promise<{ items: Suppression[]; total: number }> {
  const base = scope.db.selectFrom('suppressions').where('accountId', '=', scope.accountId);
  const rows = await base.selectAll().orderBy('createdAt', 'desc').orderBy('addressKey').limit(options.limit).offset(options.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({ address: r.addressKey, reason: r.reason as SuppressionReason, messageId: r.messageId, createdAt: r.createdAt })),
    total: Number(count.n),
  };
}

export async function addSuppression(scope: AccountScope, address: string): Promise<void> {
  if (!isValidEmail(address.trim())) throw ValidationError.single('address', 'invalid', 'address must be a valid email address');
  await suppress(scope.db, scope.accountId, address.trim(), 'manual', null);
}

/** Removing an address lets it receive mail again (an operator's decision, e.g. after a fixed mailbox). */
export async function removeSuppression(scope: AccountScope, address: string): Promise<boolean> {
  const result = await scope.db
    .deleteFrom('suppressions')
    .where('accountId', '=', scope.accountId)
    .where('addressKey', '=', emailKey(address))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
