import type { AccountScope } from '../context.js';
import { NotFoundError } from '../errors.js';

/** pending: waiting for its (next) attempt; delivered: a 2xx came back; failed: retries ran out. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

export interface DeliveryView {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  /** Events in the batch. */
  events: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  /** When it is tried next; null when finished or parked on a disabled webhook. */
  nextAttemptAt: string | null;
  finishedAt: string | null;
}

/** A webhook's delivery log, newest first. */
export async function listDeliveries(scope: AccountScope, webhookId: number, options: { status?: DeliveryStatus; limit: number; offset: number }): Promise<{ items: DeliveryView[]; total: number }> {
  const hook = await scope.db.selectFrom('webhooks').select('id').where('id', '=', webhookId).where('accountId', '=', scope.accountId).executeTakeFirst();
  if (!hook) throw new NotFoundError('Callback', webhookId);
  let query = scope.db.selectFrom('webhookDeliveries').where('webhookId', '=', webhookId);
  if (options.status) query = query.where('status', '=', options.status);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      status: r.status as DeliveryStatus,
      attempts: r.attempts,
      events: r.events,
      lastStatusCode: r.lastStatusCode,
      lastError: r.lastError,
      createdAt: r.createdAt,
      nextAttemptAt: r.status === 'pending' ? r.dueAt : null,
      finishedAt: r.finishedAt,
    })),
  };
}
