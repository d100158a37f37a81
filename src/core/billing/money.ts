/** Money is kept in millionths of the currency unit so charges add up exactly. */
const MICROS = 1_000_000;

/** The largest balance or top-up: far below what millionths in a safe integer can hold. */
export const MAX_AMOUNT = 1_000_000_000;

export const toMicros = (amount: number): number => Math.round(amount * MICROS);
export const fromMicros = (micros: number): number => micros / MICROS;
