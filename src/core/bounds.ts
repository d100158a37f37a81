/*
 * The largest numbers a client may send. Each keeps values inside what both databases store and
 * compare exactly, so an absurd number is refused as bad input instead of failing in SQL
 * (SQLite binds numbers beyond 64 bits as reals: "datatype mismatch" in LIMIT/OFFSET; PostgreSQL
 * raises "out of range" for its integer columns).
 */

/** Ids: bigint keys, kept exact in JavaScript numbers. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

/** Offsets, page numbers, page sizes and counters kept in 4-byte integer columns. */
export const MAX_INT32 = 2 ** 31 - 1;

/** Money in whole currency units: stored in millionths, which must stay exact (< 2^53). */
export const MAX_MONEY = 1_000_000_000;

const WHOLE_NUMBER = /^-?\d{1,16}$/;

/**
 * Text that is a whole number within [min, max], as a number; anything else (fraction, exponent,
 * sign-only, too many digits, out of range) is null, for the faces that parse numbers themselves.
 */
export function wholeNumberIn(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}
