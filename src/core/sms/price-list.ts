import { isSupportedCountry } from 'libphonenumber-js/max';
import type { Db } from '../../store/database.js';
import { IssueList, NotFoundError, ValidationError } from '../errors.js';
import type { PriceRow } from './pricing.js';

/**
 * The operator's SMS price list as stored, read and edited (table smsPrices, also read by
 * destinations.ts; which row prices a destination is pricing.ts's rule): one row per country, or
 * country and operator, plus an optional default row with country `*`. Prices are per segment in
 * micros. The operator column holds '' for "the whole country"; callers see null.
 */

/** A row of the list with its id (`*`: destinations without a row of their own). */
export interface StoredPriceRow extends PriceRow {
  id: number;
}

export interface PriceRowInput {
  country: string;
  operator?: string | null;
  /** A decimal amount ("0.035") or whole micros (35000); exactly one. */
  price?: string;
  priceMicros?: number;
}

const MICROS_DIGITS = 6;
/** A price above this is surely a typo (a million per segment). */
export const MAX_MICROS = 1_000_000 * 1_000_000;

/** "12.5" → 12500000. Null when the text is not a non-negative decimal of at most 6 decimals. */
export function parseDecimalMicros(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(MICROS_DIGITS, '0'));
}

/** 12500000 → "12.5"; whole amounts keep no decimals ("3"). */
export function formatMicros(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000).padStart(MICROS_DIGITS, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

interface ValidRow {
  country: string;
  operator: string;
  priceMicros: number;
}

function validateRow(input: PriceRowInput, field: string, issues: IssueList): ValidRow | null {
  const before = issues.issues.length;
  const country = input.country.trim().toUpperCase();
  if (country !== '*' && !(/^[A-Z]{2}$/.test(country) && isSupportedCountry(country))) {
    issues.add(`${field}country`, 'invalid', `country "${input.country}" is not an ISO 3166 alpha-2 code with a phone numbering plan (or * for the default)`);
  }
  const operator = (input.operator ?? '').trim();
  if (operator.length > 100) issues.add(`${field}operator`, 'too_long', 'operator is at most 100 characters');
  if (country === '*' && operator !== '') issues.add(`${field}operator`, 'not_allowed', 'the default row (*) has no operator');
  let micros: number | null = null;
  if ((input.price === undefined) === (input.priceMicros === undefined)) {
    issues.add(`${field}price`, 'required', 'give exactly one of price (a decimal string such as "0.035") and priceMicros (whole millionths)');
  } else if (input.price !== undefined) {
    micros = parseDecimalMicros(input.price);
    if (micros === null) issues.add(`${field}price`, 'invalid', `price "${input.price}" is not a non-negative decimal with at most 6 decimals`);
  } else {
    micros = input.priceMicros ?? null;
    if (micros === null || !Number.isSafeInteger(micros) || micros < 0) issues.add(`${field}priceMicros`, 'invalid', 'priceMicros must be a whole, non-negative number');
  }
  if (micros !== null && micros > MAX_MICROS) issues.add(`${field}price`, 'invalid', 'price is larger than 1,000,000 per segment');
  if (issues.issues.length > before || micros === null) return null;
  return { country, operator, priceMicros: micros };
}

function toRow(row: { id: number; country: string; operator: string; priceMicros: number | string }): StoredPriceRow {
  return { id: Number(row.id), country: row.country, operator: row.operator === '' ? null : row.operator, priceMicros: Number(row.priceMicros) };
}

/**
 * Every row: the default first, then by country and operator (the country row before its
 * operators). With a country: only the rows that can price it (its own and the default).
 */
export async function listPrices(db: Db, country?: string): Promise<StoredPriceRow[]> {
  let q = db.selectFrom('smsPrices').select(['id', 'country', 'operator', 'priceMicros']).orderBy('country').orderBy('operator');
  if (country !== undefined) q = q.where('country', 'in', [country, '*']);
  return (await q.execute()).map(toRow);
}

/**
 * Sets the price of each destination, adding rows or replacing the price of existing ones (a row
 * is its country and operator; operator names compare ignoring case, as pricing.ts looks them
 * up). Every row is validated first: one bad row changes nothing. Returns the rows written.
 */
export async function upsertPrices(db: Db, inputs: readonly PriceRowInput[]): Promise<StoredPriceRow[]> {
  if (inputs.length === 0) throw ValidationError.single('rows', 'required', 'give at least one row');
  const issues = new IssueList();
  const rows = inputs.map((input, i) => validateRow(input, inputs.length > 1 ? `rows[${i}].` : '', issues));
  issues.throwIfAny();
  return db.transaction().execute(async (trx) => {
    const written: StoredPriceRow[] = [];
    for (const row of rows as ValidRow[]) {
      const existing = (await trx.selectFrom('smsPrices').select(['id', 'operator']).where('country', '=', row.country).execute()).find(
        (r) => r.operator.toLowerCase() === row.operator.toLowerCase(),
      );
      if (existing) {
        await trx.updateTable('smsPrices').set({ priceMicros: row.priceMicros, operator: row.operator }).where('id', '=', existing.id).execute();
        written.push(toRow({ id: existing.id, ...row }));
      } else {
        const inserted = await trx.insertInto('smsPrices').values(row).returning('id').executeTakeFirstOrThrow();
        written.push(toRow({ id: inserted.id, ...row }));
      }
    }
    return written;
  });
}

export async function deletePrice(db: Db, id: number): Promise<void> {
  const res = await db.deleteFrom('smsPrices').where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError('price row', id);
}

/** Deletes the row of a destination (the CLI names rows by country and operator, not id). */
export async function deletePriceOf(db: Db, country: string, operator: string | null = null): Promise<void> {
  const c = country.trim().toUpperCase();
  const op = (operator ?? '').trim().toLowerCase();
  const row = (await db.selectFrom('smsPrices').select(['id', 'operator']).where('country', '=', c).execute()).find((r) => r.operator.toLowerCase() === op);
  if (!row) throw new NotFoundError('price row', operator ? `${c}/${operator}` : c);
  await deletePrice(db, row.id);
}
