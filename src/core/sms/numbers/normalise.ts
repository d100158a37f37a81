import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { operatorFor } from './carriers.js';

/**
 * A recipient number as people and CSV files write it, made E.164 and judged the way Mobizon
 * judges recipients ("international format; all extraneous characters will be removed
 * automatically"): failures carry the Mobizon per-recipient code (see recipient-codes.ts).
 *
 * - Separators are dropped: spaces (incl. no-break and thin), dashes, dots, parentheses, slashes.
 *   Any other character left (letters, `#`, `*`) makes the number a bad format rather than being
 *   deleted: deleting them could glue two numbers or an extension into a plausible wrong number.
 * - `+` or `00` first means international. Bare digits are international too, as Mobizon's own
 *   examples are (`380971112233`); only when that reading is not a valid mobile number, and a
 *   default country is given, are they read as a national number of that country (`8 701 …` in
 *   KZ, `07700 …` in GB).
 * - A number must be valid for its country and of type MOBILE or FIXED_LINE_OR_MOBILE (the NANP
 *   and a few plans cannot tell the two apart): fixed lines, toll-free, premium etc. cannot take SMS.
 */

export type SmsNumberType = 'MOBILE' | 'FIXED_LINE_OR_MOBILE';

export interface NormalisedNumber {
  ok: true;
  /** `+` and digits. */
  e164: string;
  /** ISO 3166 alpha-2 of the number plan (KZ and RU share +7: told apart by range). */
  country: string;
  /** Original holder of the range, from the carrier data; null when the data has no entry. */
  operator: string | null;
  type: SmsNumberType;
}

export interface RejectedNumber {
  ok: false;
  /** 1 empty, 2 no number found, 3 not a valid international mobile number, 7 no country. */
  code: 1 | 2 | 3 | 7;
  reason: string;
}

export type NumberResult = NormalisedNumber | RejectedNumber;

export interface NormaliseOptions {
  /** ISO alpha-2 used to read numbers written nationally; unknown codes are ignored. */
  defaultCountry?: string;
}

// Whitespace of every kind, ASCII and Unicode dashes, dots, parentheses, slashes.
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u2010-\u2015\u2212.()\-/]/g;

function reject(code: RejectedNumber['code'], reason: string): RejectedNumber {
  return { ok: false, code, reason };
}

/** The number's type when it is a valid number that can take SMS, else null. */
function smsType(parsed: PhoneNumber | undefined): SmsNumberType | null {
  if (!parsed) return null;
  // getType() matches the number against its country's patterns, which also validates it: no
  // separate isValid() on the success path (it would match the same patterns again).
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? type : null;
}

export function normaliseNumber(raw: string, options: NormaliseOptions = {}): NumberResult {
  const trimmed = raw.trim();
  if (trimmed === '') return reject(1, 'empty value');
  let text = trimmed.replace(SEPARATORS, '');
  if (!/\d/.test(text)) return reject(2, 'no phone number found in the value');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (!/^\+?\d+$/.test(text)) return reject(3, 'the value has characters that are not part of a phone number');
  const explicit = text.startsWith('+');
  const digits = explicit ? text.slice(1) : text;
  if (digits.length < 3 || digits.length > 17) return reject(3, 'the number is not of a valid length');

  let parsed = parsePhoneNumberFromString(`+${digits}`);
  let type = smsType(parsed);
  if (type === null && !explicit && options.defaultCountry !== undefined) {
    const region = options.defaultCountry.toUpperCase();
    if (isSupportedCountry(region)) {
      const national = parsePhoneNumberFromString(digits, region as CountryCode);
      const nationalType = smsType(national);
      if (nationalType !== null) {
        parsed = national;
        type = nationalType;
      }
    }
  }
  if (!parsed) return reject(3, 'not a valid phone number in international format');
  if (type === null) return reject(3, parsed.isValid() ? 'not a mobile number' : 'not a valid phone number in international format');
  const country = parsed.country;
  if (country === undefined) return reject(7, 'the country of the number cannot be identified');
  return {
    ok: true,
    e164: parsed.number,
    country,
    operator: operatorFor(parsed.countryCallingCode, parsed.nationalNumber),
    type,
  };
}
