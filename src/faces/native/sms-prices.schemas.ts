import { Type, type Static } from '@sinclair/typebox';
import { MAX_MICROS, formatMicros, type StoredPriceRow } from '../../core/sms/price-list.js';
import { inputObject, nullable } from './common.schemas.js';

/* The SMS price list: read by accounts (sms-prices.ts), edited by the operator (operator/prices.ts). */

const priceFields = {
  country: Type.String({ description: 'ISO 3166 alpha-2, or `*`: the price of destinations without a row of their own' }),
  operator: nullable(Type.String({ description: 'Mobile operator as the carrier data names it (compared ignoring case); null: the whole country' })),
  price: Type.String({ description: 'Per SMS segment, in the account currency, as a decimal string (e.g. `0.035`)' }),
  priceMicros: Type.Integer({ description: 'The same price in millionths' }),
};

export const SmsPrice = Type.Object(priceFields, { description: 'A row of the price list' });
export const SmsPriceList = Type.Object({ items: Type.Array(SmsPrice) }, { description: 'The price list: the most specific row wins (operator, then country, then `*`); a destination without any row cannot be sent to from a metered account' });

export const SmsPriceRow = Type.Object({ id: Type.Integer(), ...priceFields }, { description: 'A row of the price list' });
export const SmsPriceRowList = Type.Object({ items: Type.Array(SmsPriceRow) }, { description: 'Rows of the price list' });

export const SmsPriceInput = inputObject(
  {
    country: Type.String({ minLength: 1, maxLength: 2, description: 'ISO 3166 alpha-2, or `*` for the default row' }),
    operator: nullable(Type.String({ maxLength: 100, description: 'Omit or null for the whole country' })),
    price: Type.String({ maxLength: 20, description: 'Decimal price per segment, e.g. `0.035`; or give priceMicros' }),
    priceMicros: Type.Integer({ minimum: 0, maximum: MAX_MICROS, description: 'Price per segment in millionths; or give price' }),
  },
  ['country'],
  { title: 'SmsPriceInput' },
);
export type SmsPriceInputBody = Static<typeof SmsPriceInput>;

export const SmsPriceUpsert = inputObject({ rows: Type.Array(SmsPriceInput, { minItems: 1, maxItems: 1000 }) }, ['rows'], { title: 'SmsPriceUpsert' });

export function toSmsPriceDto(row: StoredPriceRow): Static<typeof SmsPrice> {
  return { country: row.country, operator: row.operator, price: formatMicros(row.priceMicros), priceMicros: row.priceMicros };
}

export function toSmsPriceRowDto(row: StoredPriceRow): Static<typeof SmsPriceRow> {
  return { id: row.id, ...toSmsPriceDto(row) };
}
