/**
 * Reading action parameters the way the PHP service would: values arrive as PHP's json_encode wrote
 * them, so a number may come as an int or as a numeric string (`"timestamp_send":"1507622644"`),
 * and an absent value may be missing, null or "".
 */

export type Params = Record<string, unknown>;

/** The parameter if the object has it as its own member (never something inherited). */
export function param(params: Params, name: string): unknown {
  return Object.hasOwn(params, name) ? params[name] : undefined;
}

/** PHP's idea of "not given" for an optional parameter. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false;
}

/** A text parameter: strings as they are, numbers as PHP prints them; null when of another type. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A whole number given as an int or a decimal string; null for anything else. */
export function integerOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?[0-9]{1,16}\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

/** 9999-12-31T23:59:59Z: the last second with a four-digit year (day strings compare as text). */
export const LAST_UNIX_TIME = 253402300799;

/** A Unix timestamp from 1970 to 9999 (int or decimal string); null for anything else. */
export function unixTimeOf(value: unknown): number | null {
  const seconds = integerOf(value);
  return seconds !== null && seconds >= 0 && seconds <= LAST_UNIX_TIME ? seconds : null;
}

/** ISO timestamp → Unix seconds. */
export function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
