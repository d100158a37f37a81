/**
 * price/listPublic, which mobizon-node calls (getPrices) though Mobizon does not document it:
 * `countryA2`, `currency`, `language` → `{priceGroups, prices}`. Herald has one price list (the
 * operator's, per segment, in the account's currency), so priceGroups is empty and prices lists
 * its rows. Another currency is answered by the operator's exchange rate into it; a country, a
 * currency without a rate or a language Herald cannot answer for is code 12, as the live service
 * answers bad values.
 */
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { stringParam } from './params.js';
import type { MobizonHandler } from './registry.js';
import { decimalString } from './values.js';
import { getBilling } from '../../core/billing/billing.js';
import { convertMicros, CONVERTED_DECIMALS, exchangeRate } from '../../core/sms/exchange-rates.js';
import { listPrices } from '../../core/sms/price-list.js';

const LANGUAGES = ['en', 'ru', 'kk', 'uk', 'pt', 'br'];

export const listPublicPricesMethod: MobizonHandler = async (_ctx, scope, params) => {
  const country = stringParam(params, 'countryA2')?.trim().toUpperCase() ?? '';
  const currency = stringParam(params, 'currency')?.trim().toUpperCase() ?? '';
  const language = stringParam(params, 'language')?.trim().toLowerCase() ?? '';
  if (country !== '' && !/^[A-Z]{2}$/.test(country)) throw new MobizonError(MobizonCode.CONSTRAINT, `countryA2 ${country} is not an ISO 3166 alpha-2 code`);
  if (language !== '' && !LANGUAGES.includes(language)) throw new MobizonError(MobizonCode.CONSTRAINT, `language ${language} is not one of ${LANGUAGES.join(', ')}`);
  const accountCurrency = (await getBilling(scope))?.currency.toUpperCase() ?? '';
  const wanted = currency === '' ? accountCurrency : currency;
  const rate = accountCurrency === '' ? (currency === '' ? '1' : null) : await exchangeRate(scope.db, accountCurrency, wanted);
  if (rate === null) {
    throw new MobizonError(MobizonCode.CONSTRAINT, `Prices are in ${accountCurrency || 'the account currency'} and Herald has no exchange rate to ${currency}`);
  }
  const rows = await listPrices(scope.db, country === '' ? undefined : country);
  const prices = rows.map((r) => ({
    countryA2: r.country,
    operatorName: r.operator ?? '',
    price: decimalString(convertMicros(r.priceMicros, rate) / 1e6, CONVERTED_DECIMALS),
    currency: wanted,
  }));
  return success({ priceGroups: [], prices });
};
