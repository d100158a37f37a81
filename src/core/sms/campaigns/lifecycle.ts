import type { Db } from '../../../store/database.js';
import { dayInTimeZone } from '../../stats/stat-day.js';
import { signalMessagesQueued } from '../../messages/wake.js';
import { campaignCounters } from './counters.js';
import { dueOffsetMs, packetIntervalMs, PACKET_SIZE } from './pacing.js';

/**
 * A campaign's way after campaign/send (Mobizon's statuses):
 *   READY_FOR_SEND | AUTO_READY_FOR_SEND → DEFERRED (start ahead) → RUNNING → SENT → DONE.
 * Sending is the dispatcher's work; this only gives the messages their due times and moves the
 * campaign on as they progress. Every step is one conditional update, so several workers running
 * it on one database do each step once.
 */

/** DONE also comes this long after the last message went out, receipts or not (Mobizon: 24 h). */
export const DONE_AFTER_MS = 24 * 3600_000;
const SENDING = ['NEW', 'ENQUEUD'];
const AWAITING_RECEIPT = ['NEW', 'ENQUEUD', 'ACCEPTD'];

export interface LifecycleStep {
  scheduled: number[];
  started: number[];
  sent: number[];
  done: number[];
}

/**
 * Gives a ready campaign's messages their due times: all at the start, or packets of 10 at equal
 * intervals under a rate limit (pacing.ts). Each message may be tried until its validity runs out.
 */
async function schedule(db: Db, campaignId: number, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('smsCampaigns').select(['id', 'accountId', 'status', 'deferredTo', 'rateLimit', 'ratePeriod', 'validityMinutes']).where('id', '=', campaignId).executeTakeFirst();
    if (!c || (c.status !== 'READY_FOR_SEND' && c.status !== 'AUTO_READY_FOR_SEND')) return false;
    const deferred = c.deferredTo !== null && Date.parse(c.deferredTo) > now.getTime();
    const start = deferred ? new Date(c.deferredTo!) : now;
    const moved = await trx
      .updateTable('smsCampaigns')
      .set({ status: deferred ? 'DEFERRED' : 'RUNNING', startSendAt: start.toISOString() })
      .where('id', '=', campaignId)
      .where('status', '=', c.status)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const account = await trx.selectFrom('accounts').select(['timeZone', 'retryHours']).where('id', '=', c.accountId).executeTakeFirstOrThrow();
    const windowMs = Math.min(c.validityMinutes * 60_000, account.retryHours * 3600_000);
    const interval = packetIntervalMs(c.rateLimit, c.ratePeriod);
    const timesFor = (due: Date) => ({
      dueAt: due.toISOString(),
      giveUpAt: new Date(due.getTime() + windowMs).toISOString(),
      statDay: dayInTimeZone(due, account.timeZone),
      scheduledAt: deferred ? due.toISOString() : null,
    });
    if (interval === 0) {
      await trx.updateTable('messages').set(timesFor(start)).where('campaignId', '=', campaignId).execute();
      return true;
    }
    const ids = (await trx.selectFrom('messages').select('id').where('campaignId', '=', campaignId).orderBy('id').execute()).map((r) => r.id);
    for (let i = 0; i < ids.length; i += PACKET_SIZE) {
      const due = new Date(start.getTime() + dueOffsetMs(i, interval));
      await trx.updateTable('messages').set(timesFor(due)).where('id', 'in', ids.slice(i, i + PACKET_SIZE)).execute();
    }
    return true;
  });
}

/** One pass over every campaign that may move on; returns what moved. */
export async function advanceCampaigns(db: Db, now = new Date()): Promise<LifecycleStep> {
  const step: LifecycleStep = { scheduled: [], started: [], sent: [], done: [] };
  const at = now.toISOString();

  const ready = await db.selectFrom('smsCampaigns').select('id').where('status', 'in', ['READY_FOR_SEND', 'AUTO_READY_FOR_SEND']).where('deleted', '=', 0).orderBy('id').execute();
  for (const { id } of ready) if (await schedule(db, id, now)) step.scheduled.push(id);
  if (step.scheduled.length > 0) signalMessagesQueued();

  const started = await db.updateTable('smsCampaigns').set({ status: 'RUNNING' }).where('status', '=', 'DEFERRED').where('startSendAt', '<=', at).where('deleted', '=', 0).returning('id').execute();
  step.started.push(...started.map((r) => r.id));

  const sent = await db
    .updateTable('smsCampaigns')
    .set({ status: 'SENT', endSendAt: at })
    .where('status', '=', 'RUNNING')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('messages').select('messages.id').whereRef('messages.campaignId', '=', 'smsCampaigns.id').where('messages.status', 'in', SENDING))),
    )
    .returning('id')
    .execute();
  step.sent.push(...sent.map((r) => r.id));

  const finishing = await db
    .selectFrom('smsCampaigns')
    .select(['id', 'counters', 'recipientsRejected'])
    .where('status', '=', 'SENT')
    .where((eb) =>
      eb.or([
        eb('endSendAt', '<=', new Date(now.getTime() - DONE_AFTER_MS).toISOString()),
        eb.not(eb.exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.campaignId', '=', 'smsCampaigns.id').where('messages.status', 'in', AWAITING_RECEIPT))),
      ]),
    )
    .execute();
  if (finishing.length > 0) {
    const counters = await campaignCounters(db, finishing.map((c) => ({ ...c, counters: null })), now);
    for (const c of finishing) {
      const done = await db
        .updateTable('smsCampaigns')
        .set({ status: 'DONE', doneAt: at, counters: JSON.stringify(counters.get(c.id)) })
        .where('id', '=', c.id)
        .where('status', '=', 'SENT')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 1) step.done.push(c.id);
    }
  }
  return step;
}
