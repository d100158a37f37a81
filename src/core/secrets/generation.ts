import { randomBytes, randomInt } from 'node:crypto';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/** A random integer with exactly `digits` digits (no leading zero). */
export function randomDigits(digits: number): number {
  return randomInt(10 ** (digits - 1), 10 ** digits);
}
