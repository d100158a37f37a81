import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A phone number in E.164, or null when it is not a valid number. `region` is an ISO-3166
 * alpha-2 code used for national-format input (`01903 123 456`); without one only international
 * input (`+44 1903 123456`) can be understood. Punctuation, spaces and extensions are tolerated:
 * imports carry numbers the way people type them.
 */
export function normalisePhone(raw: string, region: string | null): string | null {
  const text = raw.trim();
  if (text === '') return null;
  const defaultCountry = region !== null && isSupportedCountry(region.toUpperCase()) ? (region.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry } : undefined);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export type PhoneField = 'telephone' | 'mobile' | 'fax';

const LABELS: Record<PhoneField, string> = { telephone: 'Telephone', mobile: 'Mobile', fax: 'Fax' };

/** FranchiseMailer-style message naming the field, e.g. "Invalid Mobile Number". */
export function invalidPhoneMessage(field: PhoneField): string {
  return `Invalid ${LABELS[field]} Number`;
}
