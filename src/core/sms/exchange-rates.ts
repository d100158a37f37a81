import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { IssueList, NotFoundError, ValidationError } from '../errors.js';

/**
 * The operator's exchange rates (table exchangeRates): how many units of `to` one unit of `from`
 * is worth. The SMS price list is kept in the account's billing currency; a client asking for
 * prices in another currency gets them converted by the rate from that currency, when the
 * operator has set one. Rates are operator data: only the operator API and the CLI change them.
 *
 * Amounts are converted in integers (micros × rate scaled by 10^12), so a price converts to the
 * same digits on every run and both databases.
 */

export interface ExchangeRate {
  /** ISO 4217, upper case. */
  from: string;
  to: string;
  /** Units of `to` per unit of `from`, a decimal string ("0.0021", "470.5"). */
  rate: string;
  updatedAt: string;
}

export interface ExchangeRateInput {
  from: string;
  to: string;
  rate: string;
}

const RATE_DECIMALS = 12;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);
const MICROS_DIGITS = 6;
/** Converted prices are rounded to this many decimals, as Mobizon shows prices (`0.0150`). */
export const CONVERTED_DECIMALS = 4;

/**
 * A rate as an integer of 10^-12 units, or null when the text is not a positive decimal of at most
 * 12 integer and 12 fraction digits.
 */
export function parseRate(text: string): bigint | null {
  const m = /^(\d{1,12})(?:\.(\d{1,12}))?$/.exec(text.trim());
  if (!m) return null;
  const scaled = BigInt(m[1] as string) * RATE_SCALE + BigInt((m[2] ?? '').padEnd(RATE_DECIMALS, '0'));
  return scaled > 0n ? scaled : null;
}

/** The canonical text of a parsed rate: no leading or trailing zeros ("0470.50" → "470.5"). */
export function formatRate(scaled: bigint): string {
  const whole = (scaled / RATE_SCALE).toString();
  const fraction = (scaled % RATE_SCALE).toString().padStart(RATE_DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * An amount in micros converted by a rate, rounded half up to `decimals` decimals, in micros.
 * @throws RangeError for a rate parseRate refuses or a negative amount (callers pass stored values).
 */
export function convertMicros(micros: number, rate: string, decimals = CONVERTED_DECIMALS): number {
  const scaled = parseRate(rate);
  if (scaled === null) throw new RangeError(`not an exchange rate: ${rate}`);
  if (!Number.isSafeInteger(micros) || micros < 0) throw new RangeError(`not an amount in micros: ${micros}`);
  // micros × scaled is in 10^-(6+12) units; one step of the result is 10^-decimals.
  const step = 10n ** BigInt(MICROS_DIGITS + RATE_DECIMALS - decimals);
  const units = (BigInt(micros) * scaled + step / 2n) / step;
  return Number(units * 10n ** BigInt(MICROS_DIGITS - decimals));
}

function currencyCode(value: string, field: string, issues: IssueList): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) issues.add(field, 'invalid', `"${value}" is not an ISO 4217 currency code such as USD`);
  return code;
}

interface ValidRate {
  fromCurrency: string;
  toCurrency: string;
  rate: string;
}

function validateRate(input: ExchangeRateInput, prefix: string, issues: IssueList): ValidRate | null {
  const before = issues.issues.length;
  const fromCurrency = currencyCode(input.from, `${prefix}from`, issues);
  const toCurrency = currencyCode(input.to, `${prefix}to`, issues);
  if (issues.issues.length === before && fromCurrency === toCurrency) issues.add(`${prefix}to`, 'invalid', 'a rate converts between two different currencies');
  const scaled = parseRate(input.rate);
  if (scaled === null) issues.add(`${prefix}rate`, 'invalid', `rate "${input.rate}" is not a positive decimal with at most 12 decimals`);
  if (issues.issues.length > before || scaled === null) return null;
  return { fromCurrency, toCurrency, rate: formatRate(scaled) };
}

function toRate(row: { fromCurrency: string; toCurrency: string; rate: string; updatedAt: string }): ExchangeRate {
  return { from: row.fromCurrency, to: row.toCurrency, rate: row.rate, updatedAt: row.updatedAt };
}

export async function listExchangeRates(db: Db): Promise<ExchangeRate[]> {
  const rows = await db.selectFrom('exchangeRates').select(['fromCurrency', 'toCurrency', 'rate', 'updatedAt']).orderBy('fromCurrency').orderBy('toCurrency').execute();
  return rows.map(toRate);
}

/**
 * Sets rates, adding pairs or replacing the rate of existing ones. Every row is validated first:
 * one bad row changes nothing. Returns the rates written.
 */
export async function setExchangeRates(db: Db, inputs: readonly ExchangeRateInput[]): Promise<ExchangeRate[]> {
  if (inputs.length === 0) throw ValidationError.single('rows', 'required', 'give at least one rate');
  const issues = new IssueList();
  const rows = inputs.map((input, i) => validateRate(input, inputs.length > 1 ? `rows[${i}].` : '', issues));
  issues.throwIfAny();
  const updatedAt = nowIso();
  return db.transaction().execute(async (trx) => {
    const written: ExchangeRate[] = [];
    for (const row of rows as ValidRate[]) {
      await trx
        .insertInto('exchangeRates')
        .values({ ...row, updatedAt })
        .onConflict((oc) => oc.columns(['fromCurrency', 'toCurrency']).doUpdateSet({ rate: row.rate, updatedAt }))
        .execute();
      written.push(toRate({ ...row, updatedAt }));
    }
    return written;
  });
}

export async function deleteExchangeRate(db: Db, from: string, to: string): Promise<void> {
  const res = await db.deleteFrom('exchangeRates').where('fromCurrency', '=', from.trim().toUpperCase()).where('toCurrency', '=', to.trim().toUpperCase()).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError('exchange rate', `${from}/${to}`);
}

/** The rate from one currency to another: '1' for the same currency, null when the operator set none. */
export async function exchangeRate(db: Db, from: string, to: string): Promise<string | null> {
  if (from === to) return '1';
  const row = await db.selectFrom('exchangeRates').select('rate').where('fromCurrency', '=', from).where('toCurrency', '=', to).executeTakeFirst();
  return row?.rate ?? null;
}
