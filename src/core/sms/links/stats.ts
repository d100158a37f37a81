/** Click and redirect statistics of up to five links per period, from the hit log. */
import type { AccountScope } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { periodOf, periodsOf, statsWindow, type StatsType } from './stats-periods.js';

export const MAX_STATS_LINKS = 5;

export interface LinkStatsPeriod {
  /** The period (stats-periods.ts periodOf). */
  period: string;
  /** Per requested link, in the order of `ids`. */
  clicks: number[];
  redirects: number[];
}

export interface LinkStats {
  type: StatsType;
  /** The window reported; null when dateFrom was after dateTo. */
  from: string | null;
  to: string | null;
  periods: LinkStatsPeriod[];
  totals: { clicks: number[]; redirects: number[] };
}

/**
 * Statistics of `ids` (≤ 5, in that order) between `from` and `to` (see statsWindow). Ids that are
 * not the account's count nothing: they show zeros, as a link nobody opened does.
 */
export async function linkStats(scope: AccountScope, ids: readonly number[], type: StatsType, range: { from?: Date | null; to?: Date | null; now?: Date } = {}): Promise<LinkStats> {
  if (ids.length === 0) throw ValidationError.single('ids', 'required', 'At least one link id is required.');
  if (ids.length > MAX_STATS_LINKS) throw ValidationError.single('ids', 'invalid', `At most ${MAX_STATS_LINKS} links at once.`);
  const window = statsWindow(type, range.from ?? null, range.to ?? null, range.now ?? new Date());
  const zeros = (): number[] => ids.map(() => 0);
  if (window === null) return { type, from: null, to: null, periods: [], totals: { clicks: zeros(), redirects: zeros() } };
  const { timeZone } = await scope.db.selectFrom('accounts').select('timeZone').where('id', '=', scope.accountId).executeTakeFirstOrThrow();
  const hits = await scope.db
    .selectFrom('shortLinkHits')
    .innerJoin('shortLinks', 'shortLinks.id', 'shortLinkHits.linkId')
    .select(['shortLinkHits.linkId', 'shortLinkHits.redirected', 'shortLinkHits.at'])
    .where('shortLinks.accountId', '=', scope.accountId)
    .where('shortLinkHits.linkId', 'in', [...new Set(ids)])
    .where('shortLinkHits.at', '>=', window.from.toISOString())
    .where('shortLinkHits.at', '<=', window.to.toISOString())
    .execute();
  const periods = new Map<string, LinkStatsPeriod>();
  for (const period of periodsOf(type, window, timeZone)) periods.set(period, { period, clicks: zeros(), redirects: zeros() });
  const totals = { clicks: zeros(), redirects: zeros() };
  for (const hit of hits) {
    const row = periods.get(periodOf(type, new Date(hit.at), timeZone));
    if (!row) continue;
    // The same id asked twice shows the same numbers in both columns.
    ids.forEach((id, i) => {
      if (id !== hit.linkId) return;
      row.clicks[i] = (row.clicks[i] ?? 0) + 1;
      totals.clicks[i] = (totals.clicks[i] ?? 0) + 1;
      if (hit.redirected === 1) {
        row.redirects[i] = (row.redirects[i] ?? 0) + 1;
        totals.redirects[i] = (totals.redirects[i] ?? 0) + 1;
      }
    });
  }
  return { type, from: window.from.toISOString(), to: window.to.toISOString(), periods: [...periods.values()], totals };
}
