import { isSupportedCountry } from 'libphonenumber-js/max';
import type { Db } from '../../store/database.js';
import { IssueList, NotFoundError } from '../errors.js';

/**
 * The SMS settings the operator keeps per account: whether its campaigns wait for a moderator
 * (accounts.smsModeration) and the countries it may send to (accounts.smsAllowedCountries, a
 * JSON array read by destinations.ts; null = every country). An empty list blocks every country.
 */
export interface SmsSettings {
  moderation: boolean;
  /** ISO alpha-2, upper case, sorted; null: every country. */
  allowedCountries: string[] | null;
}

export async function getSmsSettings(db: Db, accountId: number): Promise<SmsSettings> {
  const row = await db.selectFrom('accounts').select(['smsModeration', 'smsAllowedCountries']).where('id', '=', accountId).executeTakeFirst();
  if (!row) throw new NotFoundError('account', accountId);
  return {
    moderation: row.smsModeration === 1,
    allowedCountries: row.smsAllowedCountries === null ? null : (JSON.parse(row.smsAllowedCountries) as string[]),
  };
}

/** Absent keys are kept. Countries are upper-cased, de-duplicated and must have a numbering plan. */
export async function updateSmsSettings(db: Db, accountId: number, input: { moderation?: boolean; allowedCountries?: readonly string[] | null }): Promise<SmsSettings> {
  await getSmsSettings(db, accountId);
  const issues = new IssueList();
  let countries: string[] | null | undefined;
  if (input.allowedCountries === null) countries = null;
  else if (input.allowedCountries !== undefined) {
    countries = [...new Set(input.allowedCountries.map((c) => c.trim().toUpperCase()))].sort();
    countries.forEach((c, i) => {
      if (!/^[A-Z]{2}$/.test(c) || !isSupportedCountry(c)) issues.add(`allowedCountries[${i}]`, 'invalid', `"${c}" is not an ISO 3166 alpha-2 code with a phone numbering plan`);
    });
  }
  issues.throwIfAny();
  const set = {
    ...(input.moderation !== undefined ? { smsModeration: input.moderation ? 1 : 0 } : {}),
    ...(countries !== undefined ? { smsAllowedCountries: countries === null ? null : JSON.stringify(countries) } : {}),
  };
  if (Object.keys(set).length > 0) await db.updateTable('accounts').set(set).where('id', '=', accountId).execute();
  return getSmsSettings(db, accountId);
}
