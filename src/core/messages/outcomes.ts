import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { StatsDelta } from '../stats/daily-stats.js';
import { errorCounter } from '../stats/counters.js';
import { suppress } from '../suppression/suppressions.js';
import { recordEvents, type NewMessageEvent } from './events.js';
import { channelStatuses, HARD_BOUNCE_STATUSES, isEmailErrorStatus, type EmailErrorStatus } from './statuses.js';
import type { SmsFailureStatus } from '../sms/statuses.js';
import { smsReportDetail } from '../sms/report-detail.js';

/** A final failure in the channel's words (email ERROR_*; SMS REJECTD…). */
export type FailureStatus = EmailErrorStatus | SmsFailureStatus;

/** One SMS part the SMSC accepted, with the id its receipt will name. */
export interface SubmittedPart {
  partNo: number;
  route: string;
  smscId: string;
  /** The id's decimal value when it reads as hex (receipts may use either form). */
  smscIdAlt: string | null;
}

/** What is recorded for one attempt (the dispatcher has decided retry or failure). */
export type AttemptResult =
  | { kind: 'sent'; response: string; parts?: SubmittedPart[] }
  | { kind: 'retry'; response: string; retryAt: Date }
  | { kind: 'failed'; status: FailureStatus; response: string };

/** The claimed message an outcome is about (what recording needs without reading it again). */
export interface AttemptedMessage {
  id: number;
  accountId: number;
  channel: string;
  statDay: string;
  recipient: string;
  attempts: number;
  claimedBy: string | null;
  /** SMS: what status callbacks report (Mobizon sms-delivery-report). */
  campaignId?: number | null;
  segments?: number;
}

export interface AttemptOutcome {
  message: AttemptedMessage;
  result: AttemptResult;
}


/**
 * Records a batch of attempts in one transaction: message rows, events, statistics and the
 * suppression list move together. Only rows still claimed by this worker change, so a message
 * whose lease ran out and was taken over elsewhere is not recorded twice.
 */
export async function recordAttempts(db: Db, workerId: string, outcomes: readonly AttemptOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    const stats = new StatsDelta();
    const events: NewMessageEvent[] = [];
    const sentIds: number[] = [];
    for (const { message, result } of outcomes) {
      const mine = trx.updateTable('messages').where('id', '=', message.id).where('claimedBy', '=', workerId);
      if (result.kind === 'sent') {
        sentIds.push(message.id);
        continue;
      }
      if (result.kind === 'retry') {
        const updated = await mine.set({ dueAt: result.retryAt.toISOString(), claimedBy: null, response: result.response }).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) continue;
        events.push({ accountId: message.accountId, messageId: message.id, type: 'deferred', at, detail: { response: result.response, attempt: message.attempts, retryAt: result.retryAt.toISOString() } });
        continue;
      }
      const updated = await mine.set({ status: result.status, dueAt: null, claimedBy: null, response: result.response, finishedAt: at }).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) continue;
      const sms = message.channel === 'sms' ? smsReportDetail(message) : {};
      events.push({ accountId: message.accountId, messageId: message.id, type: 'failed', at, detail: { status: result.status, response: result.response, ...sms } });
      if (isEmailErrorStatus(result.status)) {
        stats.add(message.accountId, message.channel, message.statDay, 'sending', -1);
        stats.add(message.accountId, message.channel, message.statDay, errorCounter(result.status));
        if (HARD_BOUNCE_STATUSES.has(result.status)) await suppress(trx, message.accountId, message.recipient, 'hard_bounce', message.id);
      }
    }
    if (sentIds.length > 0) await recordSent(trx, workerId, outcomes, sentIds, at, stats, events);
    await recordEvents(trx, events);
    await stats.apply(trx);
  });
}

/** The common case in bulk, written with one statement per channel and distinct reply rather than per message. */
async function recordSent(trx: Db, workerId: string, outcomes: readonly AttemptOutcome[], ids: number[], at: string, stats: StatsDelta, events: NewMessageEvent[]): Promise<void> {
  const byId = new Map(outcomes.map((o) => [o.message.id, o]));
  const groups = new Map<string, { channel: string; response: string; ids: number[] }>();
  for (const id of ids) {
    const o = byId.get(id);
    if (o?.result.kind !== 'sent') continue;
    const key = `${o.message.channel}\u0000${o.result.response}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { channel: o.message.channel, response: o.result.response, ids: [] }));
    group.ids.push(id);
  }
  const parts: { messageId: number; partNo: number; route: string; smscId: string; smscIdAlt: string | null; status: string; submittedAt: string; updatedAt: string }[] = [];
  for (const { channel, response, ids: group } of groups.values()) {
    const statuses = channelStatuses(channel);
    for (let i = 0; i < group.length; i += 500) {
      const slice = group.slice(i, i + 500);
      const updated = await trx
        .updateTable('messages')
        .set({ status: statuses.handedOver, dueAt: null, claimedBy: null, response, sentAt: at, ...(statuses.handedOverIsFinal ? { finishedAt: at } : {}) })
        .where('id', 'in', slice)
        .where('claimedBy', '=', workerId)
        .returning('id')
        .execute();
      for (const { id } of updated) {
        const o = byId.get(id);
        if (!o || o.result.kind !== 'sent') continue;
        const m = o.message;
        // SMS: the status it shows now (ACCEPTD) and what a status callback reports with it.
        const sms = channel === 'sms' ? { status: statuses.handedOver, ...smsReportDetail({ ...m, segments: o.result.parts?.length || m.segments }) } : {};
        events.push({ accountId: m.accountId, messageId: m.id, type: 'sent', at, detail: { response, worker: workerId, ...sms } });
        if (channel === 'email') {
          stats.add(m.accountId, m.channel, m.statDay, 'sending', -1);
          stats.add(m.accountId, m.channel, m.statDay, 'sent');
        }
        for (const p of o.result.parts ?? []) parts.push({ messageId: m.id, ...p, status: statuses.handedOver, submittedAt: at, updatedAt: at });
      }
    }
  }
  for (let i = 0; i < parts.length; i += 500) await trx.insertInto('smsParts').values(parts.slice(i, i + 500)).execute();
}
