import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * How a number written without `+` is read:
 * - 'national' (people typing, files, most faces): as a number of the region (`01903 123 456` in GB).
 * - 'international': as a calling code and number first (`380975833227`, `0033612345678`), the way
 *   SmartFocus stores cellphones; only when that is no valid number, as a number of the region, so
 *   `07911 123456` still works with the region GB.
 * A number written with `+` reads the same either way.
 */
export type BareDigits = 'national' | 'international';

// Digits with the punctuation people put between them; letters (`tel:`, `ext 5`) are left to libphonenumber.
const BARE_DIGITS = /^[\d\s\u00a0().\-/]+$/;

function validE164(text: string, region: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(text, region ? { defaultCountry: region } : undefined);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** The number read as calling code + number when it is only digits (a leading 00 is the international prefix). */
function internationalReading(text: string): string | null {
  if (!BARE_DIGITS.test(text)) return null;
  const digits = text.replace(/\D/g, '').replace(/^00/, '');
  return digits === '' ? null : validE164(`+${digits}`, undefined);
}

/**
 * A phone number in E.164, or null when it is not a valid number. `region` is an ISO-3166
 * alpha-2 code used for national-format input (`01903 123 456`); without one only international
 * input (`+44 1903 123456`, or bare digits read as 'international') can be understood.
 * Punctuation, spaces and extensions are tolerated: imports carry numbers the way people type them.
 */
export function normalisePhone(raw: string, region: string | null, bareDigits: BareDigits = 'national'): string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (bareDigits === 'international') {
    const international = internationalReading(text);
    if (international !== null) return international;
  }
  const defaultCountry = region !== null && isSupportedCountry(region.toUpperCase()) ? (region.toUpperCase() as CountryCode) : undefined;
  return validE164(text, defaultCountry);
}

/** An E.164 number in the digits-only international form (`+380975833227` → `380975833227`). */
export function internationalDigits(e164: string): string {
  return e164.startsWith('+') ? e164.slice(1) : e164;
}

export type PhoneField = 'telephone' | 'mobile' | 'fax';

const LABELS: Record<PhoneField, string> = { telephone: 'Telephone', mobile: 'Mobile', fax: 'Fax' };

/** FranchiseMailer-style message naming the field, e.g. "Invalid Mobile Number". */
export function invalidPhoneMessage(field: PhoneField): string {
  return `Invalid ${LABELS[field]} Number`;
}
