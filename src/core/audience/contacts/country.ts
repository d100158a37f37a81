import countries from 'i18n-iso-countries';

/**
 * ISO-3166 alpha-2 for an alpha-2 or alpha-3 code in any case, or null when the code is unknown.
 * Numeric codes are refused: the contract only promises alpha-2/3 and digits usually mean a
 * field mix-up in an import.
 */
export function normaliseCountry(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2,3}$/.test(code)) return null;
  // toAlpha2 echoes any two letters back, so validity is checked first.
  return countries.isValid(code) ? (countries.toAlpha2(code) ?? null) : null;
}
