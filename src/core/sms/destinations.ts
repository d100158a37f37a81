import type { Db } from '../../store/database.js';
import { buildPriceIndex, type PriceIndex } from './pricing.js';

/** What deciding on one account's recipients needs from the database. */
export interface SmsDestinationRules {
  stopList: Set<string>;
  allowedCountries: ReadonlySet<string> | null;
  defaultCountry: string | undefined;
  prices: PriceIndex;
}

/**
 * The account's rules for the given raw numbers: the stop-list entries among them (account and
 * system lists), the countries it may send to, its default country and the price list.
 */
export async function loadDestinationRules(db: Db, accountId: number, candidates: readonly string[]): Promise<SmsDestinationRules> {
  const account = await db.selectFrom('accounts').select(['smsAllowedCountries', 'defaultCountry']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const digits = [...new Set(candidates.flatMap((c) => {
    const d = c.replace(/[^\d]/g, '');
    return d === '' ? [] : [d, `+${d}`];
  }))];
  const stopList = new Set<string>();
  for (let i = 0; i < digits.length; i += 500) {
    const rows = await db
      .selectFrom('stopList')
      .select('number')
      .where('number', 'in', digits.slice(i, i + 500))
      .where((eb) => eb.or([eb('accountId', 'is', null), eb('accountId', '=', accountId)]))
      .execute();
    for (const r of rows) stopList.add(r.number.startsWith('+') ? r.number : `+${r.number}`);
  }
  const priceRows = await db.selectFrom('smsPrices').select(['country', 'operator', 'priceMicros']).execute();
  const defaultRow = priceRows.find((r) => r.country === '*');
  return {
    stopList,
    allowedCountries: account.smsAllowedCountries === null ? null : new Set((JSON.parse(account.smsAllowedCountries) as string[]).map((c) => c.toUpperCase())),
    defaultCountry: account.defaultCountry ?? undefined,
    prices: buildPriceIndex(
      priceRows.filter((r) => r.country !== '*').map((r) => ({ country: r.country, operator: r.operator === '' ? null : r.operator, priceMicros: Number(r.priceMicros) })),
      defaultRow ? Number(defaultRow.priceMicros) : null,
    ),
  };
}
