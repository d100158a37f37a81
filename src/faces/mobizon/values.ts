/**
 * Numbers the way the live Mobizon service writes them: ids, counters and amounts are JSON strings
 * (`"totalItemCount":"3"`, `"balance":"16.2000"`), a few fields stay ints (`code`, the `status` of
 * sendSMSMessage, `data` of campaign/send). Handlers build typed results with numbers and pass them
 * through these helpers at the edge.
 */

/** An integer id or counter as a string; null/undefined stay null (the service writes `null`). */
export function intString(value: number | bigint | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'bigint' ? value.toString() : String(Math.trunc(value));
}

const MICRO_DIGITS = 6;

/**
 * A decimal with exactly `digits` fraction digits (`12.5` → `"12.5000"`), rounded half away from
 * zero like PHP's number_format/sprintf on a DECIMAL column. Amounts in Herald are exact to a
 * millionth, so the value is first taken to micros: `toFixed` on the binary double would round
 * 1.00005 down.
 */
export function decimalString(value: number, digits = 4): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  if (digits > MICRO_DIGITS || Math.abs(value) >= 9e9) return value.toFixed(digits);
  const micros = BigInt(Math.round(Math.abs(value) * 10 ** MICRO_DIGITS));
  const step = 10n ** BigInt(MICRO_DIGITS - digits);
  const units = (micros + step / 2n) / step; // half up on the magnitude = half away from zero
  const scale = 10n ** BigInt(digits);
  const whole = (units / scale).toString();
  const fraction = digits === 0 ? '' : `.${(units % scale).toString().padStart(digits, '0')}`;
  return `${value < 0 && units !== 0n ? '-' : ''}${whole}${fraction}`;
}

/** T with every number (and bigint) turned into a string, except properties named in Keep. */
export type NumbersAsStrings<T, Keep extends string = never> = T extends number | bigint
  ? string
  : T extends readonly (infer U)[]
    ? NumbersAsStrings<U, Keep>[]
    : T extends object
      ? { [K in keyof T]: K extends Keep ? T[K] : NumbersAsStrings<T[K], Keep> }
      : T;

/**
 * Deep copy of a typed result with numbers as strings (integers as written, other numbers via
 * String()), for results whose every number the live service sends as a string; properties named
 * in `keep` stay as they are (at any depth).
 */
export function numbersAsStrings<T, Keep extends string = never>(value: T, keep: readonly Keep[] = []): NumbersAsStrings<T, Keep> {
  const kept = new Set<string>(keep);
  const convert = (v: unknown): unknown => {
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (Array.isArray(v)) return v.map(convert);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = kept.has(k) ? item : convert(item);
      return out;
    }
    return v;
  };
  return convert(value) as NumbersAsStrings<T, Keep>;
}
