/**
 * The periods of link statistics (Mobizon link/getStats): clicks grouped by month, day, hour or
 * minute in the account's time zone, over a window no longer than the type allows — monthly 3
 * years, daily 90 days, hourly 1 week, minute 3 hours. Without dates the window is the longest
 * one ending now; with only dateFrom, or a window too long, it is the longest one from dateFrom;
 * with only dateTo, the longest one ending then; dateFrom after dateTo is an empty window.
 */

export const STATS_TYPES = ['monthly', 'daily', 'hourly', 'minute'] as const;
export type StatsType = (typeof STATS_TYPES)[number];

export function isStatsType(value: string): value is StatsType {
  return (STATS_TYPES as readonly string[]).includes(value);
}

/** `at` moved by the type's longest window, forwards (+1) or backwards (-1). */
function shifted(type: StatsType, at: Date, sign: 1 | -1): Date {
  const d = new Date(at.getTime());
  if (type === 'monthly') d.setUTCFullYear(d.getUTCFullYear() + 3 * sign);
  else if (type === 'daily') d.setUTCDate(d.getUTCDate() + 90 * sign);
  else if (type === 'hourly') d.setUTCDate(d.getUTCDate() + 7 * sign);
  else d.setUTCHours(d.getUTCHours() + 3 * sign);
  return d;
}

/** The window to report (inclusive), or null when it is empty. */
export function statsWindow(type: StatsType, from: Date | null, to: Date | null, now: Date): { from: Date; to: Date } | null {
  if (from === null && to === null) return { from: shifted(type, now, -1), to: now };
  if (from === null && to !== null) return { from: shifted(type, to, -1), to };
  if (from !== null && to !== null && from.getTime() > to.getTime()) return null;
  const longest = shifted(type, from as Date, 1);
  return { from: from as Date, to: to === null || to.getTime() > longest.getTime() ? longest : to };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/**
 * The period an instant falls in, as the `param` of a statistics item: `YYYY-MM`, `YYYY-MM-DD`,
 * `YYYY-MM-DD HH:00` or `YYYY-MM-DD HH:MM` in the account's time zone. (Mobizon does not document
 * the format of `param`; these sort as text and read naturally.)
 */
export function periodOf(type: StatsType, at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  const day = `${p.year}-${p.month}-${p.day}`;
  if (type === 'monthly') return `${p.year}-${p.month}`;
  if (type === 'daily') return day;
  if (type === 'hourly') return `${day} ${p.hour}:00`;
  return `${day} ${p.hour}:${p.minute}`;
}

/** Steps short enough never to skip a period, whatever the offset or DST change. */
const STEP_MS: Record<StatsType, number> = { monthly: 86_400_000, daily: 3_600_000, hourly: 3_600_000, minute: 60_000 };

/** Every period of the window in order, each once (a repeated hour at a DST change is one period). */
export function periodsOf(type: StatsType, window: { from: Date; to: Date }, timeZone: string): string[] {
  const seen = new Set<string>();
  for (let t = window.from.getTime(); t <= window.to.getTime(); t += STEP_MS[type]) seen.add(periodOf(type, new Date(t), timeZone));
  seen.add(periodOf(type, window.to, timeZone));
  return [...seen];
}
