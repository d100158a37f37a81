import type { Db } from '../../store/database.js';
import { retryDelayMs } from '../retry.js';
import type { ClaimedDelivery } from './outbox.js';
import type { PostResult } from './post.js';

export interface RetryPolicy {
  /** First retry delay, doubling per attempt (jittered), capped at `capMs`. */
  baseMs: number;
  capMs: number;
  /** How long after a delivery's first attempt it is retried before it ends as failed. */
  windowMs: number;
  /** A webhook is disabled after this many deliveries in a row ended failed. */
  disableAfterFailures: number;
  random?: () => number;
}

/** What happens after a failed attempt: the next try, or the end of the delivery. */
export function nextDeliveryAttempt(now: Date, attempts: number, firstAttemptAt: Date, policy: RetryPolicy): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(attempts, policy.random, policy.baseMs, policy.capMs));
  return at.getTime() >= firstAttemptAt.getTime() + policy.windowMs ? null : at;
}

/** The failure-count rule: true when this failed delivery should disable its webhook. */
export function shouldDisable(consecutiveFailedDeliveries: number, policy: Pick<RetryPolicy, 'disableAfterFailures'>): boolean {
  return consecutiveFailedDeliveries >= policy.disableAfterFailures;
}

const ERROR_LIMIT = 500;

/**
 * Records one attempt of a claimed delivery. Only a claim whose lease is still the row's due time
 * writes (a worker that overran its lease and lost the delivery to another changes nothing).
 * A delivered batch clears the webhook's failure count; a batch whose retries ran out adds to it
 * and, at the limit, disables the webhook with the reason. Returns the delivery's new status.
 */
export async function recordDeliveryAttempt(db: Db, delivery: ClaimedDelivery, result: PostResult, policy: RetryPolicy, now: Date = new Date()): Promise<'delivered' | 'pending' | 'failed' | 'lost'> {
  const at = now.toISOString();
  const attempts = delivery.attempts + 1;
  return db.transaction().execute(async (trx) => {
    const mine = trx.updateTable('webhookDeliveries').where('id', '=', delivery.id).where('dueAt', '=', delivery.lease).where('status', '=', 'pending');
    if (result.ok) {
      const updated = await mine.set({ status: 'delivered', attempts, dueAt: null, finishedAt: at, lastStatusCode: result.statusCode, lastError: null }).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return 'lost';
      await trx.updateTable('webhooks').set({ consecutiveFailures: 0 }).where('id', '=', delivery.webhookId).where('consecutiveFailures', '!=', 0).execute();
      return 'delivered';
    }
    const error = result.error.slice(0, ERROR_LIMIT);
    const retryAt = nextDeliveryAttempt(now, attempts, new Date(delivery.createdAt), policy);
    if (retryAt !== null) {
      const updated = await mine.set({ attempts, dueAt: retryAt.toISOString(), lastStatusCode: result.statusCode, lastError: error }).executeTakeFirst();
      return Number(updated.numUpdatedRows) === 0 ? 'lost' : 'pending';
    }
    const updated = await mine.set({ status: 'failed', attempts, dueAt: null, finishedAt: at, lastStatusCode: result.statusCode, lastError: error }).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return 'lost';
    const hook = await trx
      .updateTable('webhooks')
      .set((eb) => ({ consecutiveFailures: eb('consecutiveFailures', '+', 1) }))
      .where('id', '=', delivery.webhookId)
      .returning(['consecutiveFailures', 'enabled'])
      .executeTakeFirst();
    if (hook && hook.enabled === 1 && shouldDisable(hook.consecutiveFailures, policy)) {
      const last = result.statusCode !== null ? `HTTP ${result.statusCode}` : error;
      await trx
        .updateTable('webhooks')
        .set({ enabled: 0, disabledReason: `disabled after ${hook.consecutiveFailures} deliveries in a row failed (last: ${last}); re-enable with PATCH {"enabled": true}`.slice(0, ERROR_LIMIT) })
        .where('id', '=', delivery.webhookId)
        .execute();
    }
    return 'failed';
  });
}

/** A claimed delivery whose webhook is disabled waits, without a due time, until it is re-enabled. */
export async function parkDelivery(db: Db, delivery: ClaimedDelivery): Promise<void> {
  await db.updateTable('webhookDeliveries').set({ dueAt: null }).where('id', '=', delivery.id).where('dueAt', '=', delivery.lease).where('status', '=', 'pending').execute();
}
