import type { Db } from '../../store/database.js';
import type { CallbackPayload } from '../messages/events.js';
import { STAT_COUNTERS, type StatCounter } from '../stats/counters.js';
import { dayInTimeZone } from '../stats/stat-day.js';

/** Below this many finished mails a day's error rate says nothing (one bounce out of two is 50 %). */
export const SMTP_WARNING_MIN_FINISHED = 10;

export interface SmtpWarning {
  /** errors / (sent + errors) × 100, two decimals. */
  rate: number;
  errors: number;
  sent: number;
}

/**
 * The smtp-warning rule: the day's error rate among finished mails reaches the webhook's
 * threshold (percent), with at least SMTP_WARNING_MIN_FINISHED finished mails. Null: no warning.
 */
export function smtpWarningFor(figures: { sent: number; errors: number }, thresholdPercent: number): SmtpWarning | null {
  const finished = figures.sent + figures.errors;
  if (finished < SMTP_WARNING_MIN_FINISHED) return null;
  const rate = (figures.errors / finished) * 100;
  if (rate < thresholdPercent) return null;
  return { rate: Math.round(rate * 100) / 100, errors: figures.errors, sent: figures.sent };
}

const ERROR_COUNTERS: readonly StatCounter[] = STAT_COUNTERS.filter((c) => c.startsWith('error'));

/**
 * Queues an smtp-warning for every enabled webhook that listens to it and whose threshold today's
 * figures reach, at most once per webhook per day (account time zone). Returns how many it queued.
 */
export async function queueSmtpWarnings(db: Db, now: Date = new Date()): Promise<number> {
  const hooks = (
    await db
      .selectFrom('webhooks')
      .innerJoin('accounts', 'accounts.id', 'webhooks.accountId')
      .select(['webhooks.id', 'webhooks.accountId', 'webhooks.events', 'webhooks.errorThreshold', 'webhooks.lastWarningDay', 'accounts.timeZone'])
      .where('webhooks.enabled', '=', 1)
      .where('webhooks.errorThreshold', 'is not', null)
      .execute()
  ).filter((h) => (JSON.parse(h.events) as string[]).includes('smtp-warning'));
  let queued = 0;
  const figuresOf = new Map<string, { sent: number; errors: number }>();
  for (const hook of hooks) {
    const day = dayInTimeZone(now, hook.timeZone);
    if (hook.lastWarningDay === day || hook.errorThreshold === null) continue;
    const key = `${hook.accountId}|${day}`;
    let figures = figuresOf.get(key);
    if (!figures) {
      const row = await db.selectFrom('dailyStats').selectAll().where('accountId', '=', hook.accountId).where('channel', '=', 'email').where('day', '=', day).executeTakeFirst();
      figures = { sent: Number(row?.sent ?? 0), errors: ERROR_COUNTERS.reduce((sum, c) => sum + Number(row?.[c] ?? 0), 0) };
      figuresOf.set(key, figures);
    }
    const warning = smtpWarningFor(figures, hook.errorThreshold);
    if (!warning) continue;
    const at = now.toISOString();
    const payload: CallbackPayload = { event: 'smtp-warning', messageId: 0, at, detail: { rate: warning.rate, errors: warning.errors, sent: warning.sent, day } };
    await db.transaction().execute(async (trx) => {
      // The conditional update is the once-a-day guard, also between several workers.
      const claimed = await trx
        .updateTable('webhooks')
        .set({ lastWarningDay: day })
        .where('id', '=', hook.id)
        .where('enabled', '=', 1)
        .where((eb) => eb.or([eb('lastWarningDay', 'is', null), eb('lastWarningDay', '!=', day)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      await trx.insertInto('webhookEvents').values({ webhookId: hook.id, payload: JSON.stringify(payload), createdAt: at }).execute();
      queued++;
    });
  }
  return queued;
}
