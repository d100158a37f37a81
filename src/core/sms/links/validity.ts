/**
 * When a short link redirects: status 1 (active) and not past its expiration date. Mobizon: "The
 * link will be valid until the end of the specified day in the user's time zone."
 */
import { dayInTimeZone } from '../../stats/stat-day.js';
import { ValidationError } from '../../errors.js';

export type LinkState = 'active' | 'inactive' | 'expired';

/** Whether the link redirects at `now` for an account in `timeZone`. */
export function linkState(link: { status: number; expirationDate: string | null }, now: Date, timeZone: string): LinkState {
  if (link.status !== 1) return 'inactive';
  if (link.expirationDate !== null && dayInTimeZone(now, timeZone) > link.expirationDate) return 'expired';
  return 'active';
}

/** A real calendar date `YYYY-MM-DD`; empty means none (null). */
export function parseExpirationDate(input: string | null | undefined, field = 'expirationDate'): string | null {
  if (input === null || input === undefined) return null;
  const text = input.trim();
  if (text === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(`${text}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    throw ValidationError.single(field, 'invalid', 'The expiration date must be a date in the format YYYY-MM-DD.');
  }
  return text;
}

/** 0 or 1 (numbers or their strings); anything else is a ValidationError. */
export function parseLinkStatus(input: string | number, field = 'status'): 0 | 1 {
  const text = String(input).trim();
  if (text === '0') return 0;
  if (text === '1') return 1;
  throw ValidationError.single(field, 'invalid', 'The status must be 0 (inactive) or 1 (active).');
}
