import { isPostgres, type Db } from '../../store/database.js';
import type { CallbackPayload } from '../../core/messages/events.js';

/**
 * Turns pending outbox rows into deliveries: per webhook, up to `batchSize` of its oldest
 * undelivered events become one delivery (one POST and its retries). A webhook gets a new delivery
 * only when it has none pending, so its deliveries go out one at a time, oldest first, and a
 * receiver sees events in order (Mobizon-flavour webhooks: one event per delivery, several at once). The webhook row is locked while its batch is formed (PostgreSQL:
 * FOR UPDATE SKIP LOCKED, so another worker busy with it is skipped rather than waited for).
 * Returns how many deliveries were created.
 */
/** Deliveries a Mobizon-flavour webhook may have out at once. */
export const MOBIZON_PARALLEL_DELIVERIES = 8;

export async function batchOutbox(db: Db, options: { batchSize: number; now?: Date; maxWebhooks?: number }): Promise<number> {
  const now = (options.now ?? new Date()).toISOString();
  const candidates = await db
    .selectFrom('webhookEvents')
    .innerJoin('webhooks', 'webhooks.id', 'webhookEvents.webhookId')
    .select(['webhookEvents.webhookId', 'webhooks.flavour'])
    .distinct()
    .where('webhookEvents.deliveryId', 'is', null)
    .where('webhooks.enabled', '=', 1)
    .limit(options.maxWebhooks ?? 200)
    .execute();
  let created = 0;
  for (const { webhookId, flavour } of candidates) {
    const made = await db.transaction().execute(async (trx) => {
      let lock = trx.selectFrom('webhooks').select('id').where('id', '=', webhookId).where('enabled', '=', 1);
      if (isPostgres(trx)) lock = lock.forUpdate().skipLocked();
      if (!(await lock.executeTakeFirst())) return false;
      // Mobizon posts each event alone and promises no order between them, so its webhooks may
      // have several deliveries out at once; the other flavours keep one, in order.
      const parallel = flavour === 'mobizon' ? MOBIZON_PARALLEL_DELIVERIES : 1;
      const pending = await trx.selectFrom('webhookDeliveries').select('id').where('webhookId', '=', webhookId).where('status', '=', 'pending').limit(parallel).execute();
      if (pending.length >= parallel) return false;
      const rows = await trx
        .selectFrom('webhookEvents')
        .select('id')
        .where('webhookId', '=', webhookId)
        .where('deliveryId', 'is', null)
        .orderBy('id')
        .limit(flavour === 'mobizon' ? parallel - pending.length : options.batchSize)
        .execute();
      if (rows.length === 0) return false;
      // Mobizon: one delivery per event (its eventId is the delivery's id); others: one for the batch.
      const groups = flavour === 'mobizon' ? rows.map((r) => [r.id]) : [rows.map((r) => r.id)];
      for (const ids of groups) {
        const delivery = await trx
          .insertInto('webhookDeliveries')
          .values({ webhookId, status: 'pending', attempts: 0, dueAt: now, events: ids.length, createdAt: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('webhookEvents').set({ deliveryId: delivery.id }).where('id', 'in', ids).execute();
      }
      return true;
    });
    if (made) created++;
  }
  return created;
}

export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  attempts: number;
  createdAt: string;
  /** The lease this claim holds; results are recorded only while it still does. */
  lease: string;
}

/**
 * Takes due deliveries for one worker by moving their due time to the end of a lease: a worker that
 * dies mid-POST lets them go when it runs out. PostgreSQL: FOR UPDATE SKIP LOCKED lets several
 * workers claim side by side.
 */
export async function claimDueDeliveries(db: Db, options: { limit: number; leaseMs: number; now?: Date }): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const now = options.now ?? new Date();
  const lease = new Date(now.getTime() + options.leaseMs).toISOString();
  let due = db
    .selectFrom('webhookDeliveries')
    .select('id')
    .where('dueAt', '<=', now.toISOString())
    .where('status', '=', 'pending')
    .orderBy('dueAt')
    .orderBy('id')
    .limit(options.limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('webhookDeliveries')
    .set({ dueAt: lease })
    .where('id', 'in', due)
    .returning(['id', 'webhookId', 'attempts', 'createdAt'])
    .execute();
  return rows.sort((a, b) => a.id - b.id).map((r) => ({ ...r, lease }));
}

/** The events of a delivery, in the order they happened. */
export async function deliveryPayloads(db: Db, deliveryId: number): Promise<CallbackPayload[]> {
  const rows = await db.selectFrom('webhookEvents').select('payload').where('deliveryId', '=', deliveryId).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.payload) as CallbackPayload);
}
