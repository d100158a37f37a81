import type { Db } from '../../../store/database.js';
import { SMS_STATUSES, isSmsStatus, type SmsStatus } from '../statuses.js';

/** Segments, messages and cost of a campaign's messages in one status. */
export interface StatusTotals {
  segments: number;
  messages: number;
  costMicros: number;
}

/** Mobizon GetInfo `counters`, in Herald's units (money in micros). */
export interface CampaignCounters {
  byStatus: Record<SmsStatus, StatusTotals>;
  totalSegments: number;
  totalMessages: number;
  totalCostMicros: number;
  recipientsRejected: number;
  updatedAt: string;
}

const zero = (): StatusTotals => ({ segments: 0, messages: 0, costMicros: 0 });

/** Pure: counters from per-status rows (statuses outside Mobizon's list count as UNKNOWN). */
export function countersFromRows(rows: readonly { status: string; messages: number; segments: number; costMicros: number }[], recipientsRejected: number, updatedAt: string): CampaignCounters {
  const byStatus = Object.fromEntries(SMS_STATUSES.map((s) => [s, zero()])) as Record<SmsStatus, StatusTotals>;
  let totalSegments = 0;
  let totalMessages = 0;
  let totalCostMicros = 0;
  for (const row of rows) {
    const bucket = byStatus[isSmsStatus(row.status) ? row.status : 'UNKNOWN'];
    bucket.segments += row.segments;
    bucket.messages += row.messages;
    bucket.costMicros += row.costMicros;
    totalSegments += row.segments;
    totalMessages += row.messages;
    totalCostMicros += row.costMicros;
  }
  return { byStatus, totalSegments, totalMessages, totalCostMicros, recipientsRejected, updatedAt };
}

/**
 * The counters of campaigns, computed from their messages — except campaigns that reached DONE,
 * whose counters were frozen then (Mobizon: "Once this status is set, no campaign counters are
 * changed"), so a late receipt does not move them.
 */
export async function campaignCounters(db: Db, campaigns: readonly { id: number; counters: string | null; recipientsRejected: number }[], now: Date): Promise<Map<number, CampaignCounters>> {
  const out = new Map<number, CampaignCounters>();
  const live = campaigns.filter((c) => c.counters === null);
  for (const c of campaigns) if (c.counters !== null) out.set(c.id, JSON.parse(c.counters) as CampaignCounters);
  if (live.length === 0) return out;
  const rows = await db
    .selectFrom('messages')
    .select((eb) => ['campaignId', 'status', eb.fn.countAll<number>().as('messages'), eb.fn.sum<number>('segments').as('segments'), eb.fn.sum<number>('costMicros').as('costMicros')])
    .where('campaignId', 'in', live.map((c) => c.id))
    .groupBy(['campaignId', 'status'])
    .execute();
  for (const c of live) {
    const mine = rows
      .filter((r) => r.campaignId === c.id)
      .map((r) => ({ status: r.status, messages: Number(r.messages), segments: Number(r.segments), costMicros: Number(r.costMicros) }));
    out.set(c.id, countersFromRows(mine, c.recipientsRejected, now.toISOString()));
  }
  return out;
}
