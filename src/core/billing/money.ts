/** Money is kept in millionths of the currency unit so charges add up exactly. */
const MICROS = 1_000_000;

/** The largest balance or top-up (core/bounds): far below what millionths in a safe integer can hold. */
export { MAX_MONEY as MAX_AMOUNT } from '../bounds.js';

export const toMicros = (amount: number): number => Math.round(amount * MICROS);
export const fromMicros = (micros: number): number => micros / MICROS;
