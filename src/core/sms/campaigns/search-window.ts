/**
 * The time window of a campaign search (Mobizon campaign/list):
 * - no creation or launch dates (and no id): creation from 00:00:00 of the day 24 hours ago until now;
 * - at most 90 days: a longer range keeps the 90 days before its end;
 * - one bound only: the other is set 90 days away from it;
 * - a date without a time is 00:00:00 as a start and 23:59:59 as an end, in the user's time zone;
 * - an end before the start finds nothing.
 * Pure; wall-clock conversion is passed in so the rule is testable without time zones.
 */

export const WINDOW_MS = 90 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface Bound {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS; absent: start or end of the day. */
  time?: string;
}

export type Window = { from: Date; to: Date } | 'empty';

/** `YYYY-MM-DD HH:MM:SS` in the user's zone → instant (null when malformed). */
export type WallClock = (text: string) => Date | null;

export class BadBoundError extends Error {
  override name = 'BadBoundError';
}

function instant(bound: Bound, end: boolean, wallClock: WallClock): Date {
  const time = bound.time ?? (end ? '23:59:59' : '00:00:00');
  const at = /^\d{4}-\d{2}-\d{2}$/.test(bound.date) && /^\d{2}:\d{2}:\d{2}$/.test(time) ? wallClock(`${bound.date} ${time}`) : null;
  if (at === null) throw new BadBoundError(`${bound.date} ${bound.time ?? ''}`.trim());
  return end ? new Date(at.getTime() + 999) : at;
}

/** The window for one pair of bounds; null when neither is given. */
export function boundedWindow(from: Bound | undefined, to: Bound | undefined, wallClock: WallClock): Window | null {
  if (!from && !to) return null;
  let start = from ? instant(from, false, wallClock) : null;
  let end = to ? instant(to, true, wallClock) : null;
  if (start === null) start = new Date(end!.getTime() - WINDOW_MS);
  if (end === null) end = new Date(start.getTime() + WINDOW_MS);
  if (end < start) return 'empty';
  if (end.getTime() - start.getTime() > WINDOW_MS) start = new Date(end.getTime() - WINDOW_MS);
  return { from: start, to: end };
}

/** The default window: creation from the start of the day 24 hours ago (user's zone) until now. */
export function defaultWindow(now: Date, dayOf: (at: Date) => string, wallClock: WallClock): { from: Date; to: Date } {
  const from = wallClock(`${dayOf(new Date(now.getTime() - DAY_MS))} 00:00:00`) ?? new Date(now.getTime() - DAY_MS);
  return { from, to: now };
}
