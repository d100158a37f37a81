import { sql, type RawBuilder } from 'kysely';
import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import { STAT_COUNTERS, type StatCounter } from './counters.js';

type Counts = Partial<Record<StatCounter, number>>;

interface Bucket {
  accountId: number;
  channel: string;
  day: string;
  counts: Counts;
}

/**
 * Counter changes collected while a batch of events is recorded, written as one upsert per
 * (account, channel, day): the rollups stay exact and a batch of thousands costs a few statements.
 */
export class StatsDelta {
  private readonly buckets = new Map<string, Bucket>();

  add(accountId: number, channel: string, day: string, counter: StatCounter, n = 1): void {
    const key = `${accountId}|${channel}|${day}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { accountId, channel, day, counts: {} };
      this.buckets.set(key, bucket);
    }
    bucket.counts[counter] = (bucket.counts[counter] ?? 0) + n;
  }

  get isEmpty(): boolean {
    return this.buckets.size === 0;
  }

  /** Writes the changes; call inside the transaction that records the events. */
  async apply(db: Db): Promise<void> {
    for (const bucket of this.buckets.values()) {
      const counters = (Object.keys(bucket.counts) as StatCounter[]).filter((c) => bucket.counts[c] !== 0);
      if (counters.length === 0) continue;
      await db
        .insertInto('dailyStats')
        .values({ accountId: bucket.accountId, channel: bucket.channel, day: bucket.day, ...bucket.counts })
        .onConflict((oc) =>
          oc.columns(['accountId', 'channel', 'day']).doUpdateSet(() => {
            const set: Partial<Record<StatCounter, RawBuilder<number>>> = {};
            for (const c of counters) set[c] = sql<number>`${sql.ref(`dailyStats.${c}`)} + ${sql.ref(`excluded.${c}`)}`;
            return set;
          }),
        )
        .execute();
    }
    this.buckets.clear();
  }
}

export type DayCounts = Record<StatCounter, number>;

function zeroCounts(): DayCounts {
  return Object.fromEntries(STAT_COUNTERS.map((c) => [c, 0])) as DayCounts;
}

/**
 * Counters for the given local days (account time zone, ascending), every day present even when
 * nothing happened. Reads one rollup row per day: the cost does not grow with message volume.
 */
export async function readDailyStats(scope: AccountScope, channel: string, days: readonly string[]): Promise<Map<string, DayCounts>> {
  const result = new Map<string, DayCounts>(days.map((d) => [d, zeroCounts()]));
  if (days.length === 0) return result;
  const rows = await scope.db
    .selectFrom('dailyStats')
    .selectAll()
    .where('accountId', '=', scope.accountId)
    .where('channel', '=', channel)
    .where('day', '>=', days[0] as string)
    .where('day', '<=', days[days.length - 1] as string)
    .execute();
  for (const row of rows) {
    const counts = result.get(row.day);
    if (!counts) continue;
    for (const c of STAT_COUNTERS) counts[c] = Number(row[c]);
  }
  return result;
}
