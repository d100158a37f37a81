/**
 * Which price applies to a destination: the pure rule, no I/O (price-list.ts stores and edits the
 * rows). Prices are per segment, in micros (millionths of the account currency, as billing keeps
 * money). The operator's price list is rows of a country with an optional operator and a price, plus
 * a default for destinations the list does not name. The most specific row wins: operator of the
 * country, then the country, then the default. Operator names match the carrier data's names
 * (numbers/carriers.ts) ignoring case and surrounding spaces.
 */

/** One row of the price list. */
export interface PriceRow {
  /** ISO alpha-2; the stored list's default row (`*`) is given to buildPriceIndex on its own. */
  country: string;
  /** Null: the price of every operator of the country without a row of its own. */
  operator: string | null;
  priceMicros: number;
}

/** The rows indexed for lookups by destination. */
export interface PriceIndex {
  /** Null: destinations without a row cannot be priced (and so are not sent). */
  readonly defaultMicros: number | null;
  readonly countries: ReadonlyMap<string, { micros: number | null; operators: ReadonlyMap<string, number> }>;
}

const operatorKey = (name: string): string => name.trim().toLowerCase();

/** Indexes the rows for lookups. A later row for the same country and operator replaces an earlier one. */
export function buildPriceIndex(rows: readonly PriceRow[], defaultMicros: number | null = null): PriceIndex {
  const countries = new Map<string, { micros: number | null; operators: Map<string, number> }>();
  for (const row of rows) {
    if (!Number.isSafeInteger(row.priceMicros) || row.priceMicros < 0) throw new RangeError(`price ${row.priceMicros} for ${row.country} is not a whole, non-negative number of micros`);
    const country = row.country.toUpperCase();
    let entry = countries.get(country);
    if (!entry) countries.set(country, (entry = { micros: null, operators: new Map() }));
    if (row.operator === null) entry.micros = row.priceMicros;
    else entry.operators.set(operatorKey(row.operator), row.priceMicros);
  }
  return { defaultMicros, countries };
}

/** Micros per segment to this destination, or null when neither a row nor the default prices it. */
export function priceFor(index: PriceIndex, country: string, operator: string | null): number | null {
  const entry = index.countries.get(country.toUpperCase());
  if (entry) {
    if (operator !== null) {
      const byOperator = entry.operators.get(operatorKey(operator));
      if (byOperator !== undefined) return byOperator;
    }
    if (entry.micros !== null) return entry.micros;
  }
  return index.defaultMicros;
}

/** Micros for a message of this many segments; null when the destination has no price. */
export function costOf(segments: number, price: number | null): number | null {
  if (price === null) return null;
  if (!Number.isSafeInteger(segments) || segments < 0) throw new RangeError(`segment count ${segments} is not a whole, non-negative number`);
  return segments * price;
}
