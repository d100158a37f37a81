/**
 * getStatByDate: per-day counters keyed `YYYY-MM-DD`, one entry for every day from the day of
 * time_start to the day of time_end in the account's time zone (days without mail count zeros, as
 * the document's second day shows). The range always holds at least one day, so the result is
 * always a JSON object, never PHP's `[]`.
 */
import type { DayCounts } from '../../core/stats/daily-stats.js';
import { counterWireName, STAT_COUNTERS } from '../../core/stats/counters.js';
import { daysBetween } from '../../core/stats/stat-day.js';
import { TransError } from './envelope.js';
import { isBlank, param, unixTimeOf, type Params } from './params.js';

/** The longest range one call may ask for (a year, leap day included): the cost is O(days). */
export const MAX_STAT_DAYS = 366;
/** The local days the parameters cover; TransError for missing, malformed or oversized ranges. */
export function statDays(params: Params, timeZone: string): string[] {
  const startValue = param(params, 'time_start');
  const endValue = param(params, 'time_end');
  if (isBlank(startValue) || isBlank(endValue)) throw new TransError('NOT_REQUIRED_FIELDS', 'time_start and time_end are required');
  const start = unixTimeOf(startValue);
  const end = unixTimeOf(endValue);
  if (start === null || end === null) throw new TransError('ERROR_DATE_RANGE', 'time_start and time_end must be Unix timestamps');
  if (end < start) throw new TransError('ERROR_DATE_RANGE', 'time_end is before time_start');
  // One day more than allowed is enough to know the range is too long, however long it is.
  const days = daysBetween(new Date(start * 1000), new Date(end * 1000), timeZone, MAX_STAT_DAYS + 1);
  if (days.length > MAX_STAT_DAYS) throw new TransError('DATE_RANGE_TOO_LARGE', `at most ${MAX_STAT_DAYS} days per call`);
  return days;
}

/** `{"2017-09-27":{"TOTAL":110,"SENDING":0,"SENT":110,"VIEW":2,…}}` in the document's key order. */
export function statByDate(stats: ReadonlyMap<string, DayCounts>): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const [day, counts] of stats) {
    const row: Record<string, number> = {};
    for (const counter of STAT_COUNTERS) row[counterWireName(counter)] = counts[counter];
    result[day] = row;
  }
  return result;
}
