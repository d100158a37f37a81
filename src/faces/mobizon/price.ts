/**
 * price/listPublic, which mobizon-node calls (getPrices) though Mobizon does not document it:
 * `countryA2`, `currency`, `language` → `{priceGroups, prices}`. Herald has one price list (the
 * operator's, per segment), so priceGroups is empty and prices lists its rows; a country or a
 * currency Herald cannot answer for is code 12, as the live service answers bad values.
 */
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { stringParam } from './params.js';
import type { MobizonHandler } from './registry.js';
import { decimalString } from './values.js';
import { getBilling } from '../../core/billing/billing.js';

const LANGUAGES = ['en', 'ru', 'kk', 'uk', 'pt', 'br'];

export const listPublicPricesMethod: MobizonHandler = async (_ctx, scope, params) => {
  const country = stringParam(params, 'countryA2')?.trim().toUpperCase() ?? '';
  const currency = stringParam(params, 'currency')?.trim().toUpperCase() ?? '';
  const language = stringParam(params, 'language')?.trim().toLowerCase() ?? '';
  if (country !== '' && !/^[A-Z]{2}$/.test(country)) throw new MobizonError(MobizonCode.CONSTRAINT, `countryA2 ${country} is not an ISO 3166 alpha-2 code`);
  if (language !== '' && !LANGUAGES.includes(language)) throw new MobizonError(MobizonCode.CONSTRAINT, `language ${language} is not one of ${LANGUAGES.join(', ')}`);
  const accountCurrency = (await getBilling(scope))?.currency ?? '';
  if (currency !== '' && currency !== accountCurrency.toUpperCase()) throw new MobizonError(MobizonCode.CONSTRAINT, `Prices are in ${accountCurrency || 'the account currency'}, not ${currency}`);
  let q = scope.db.selectFrom('smsPrices').select(['country', 'operator', 'priceMicros']).orderBy('country').orderBy('operator');
  if (country !== '') q = q.where('country', 'in', [country, '*']);
  const rows = await q.execute();
  const prices = rows.map((r) => ({ countryA2: r.country, operatorName: r.operator, price: decimalString(Number(r.priceMicros) / 1e6, 4), currency: accountCurrency }));
  return success({ priceGroups: [], prices });
};
