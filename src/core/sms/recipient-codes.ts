import { normaliseNumber } from './numbers/normalise.js';
import { fillPlaceholders, type PlaceholdersFlag } from './placeholders.js';

/**
 * The per-recipient result codes of Mobizon campaign/addRecipients (docs/protocols/mobizon.md
 * §Campaigns, the vendor's "Recipient adding result code" table), and the rules that give them for a number.
 */
export const RecipientCode = {
  Added: 0,
  Empty: 1,
  NoNumber: 2,
  BadFormat: 3,
  Duplicate: 4,
  StopListed: 5,
  CountryRestricted: 6,
  UnknownOperator: 7,
  UnsupportedOperator: 8,
  MissingPlaceholders: 20,
  ContactCardNotFound: 30,
  ContactCardWithoutMobile: 31,
  ContactNotFound: 32,
  ShortLinkFailed: 51,
  SystemError: 99,
} as const;
export type RecipientCode = (typeof RecipientCode)[keyof typeof RecipientCode];

/** The meanings, as the reference words them. */
export const RECIPIENT_CODE_MEANINGS: Readonly<Record<RecipientCode, string>> = {
  0: 'the number was successfully added to the campaign',
  1: 'there is no phone number in the transferred data or the value is empty',
  2: 'no phone number found in the transferred data (most likely the data was incorrectly formatted)',
  3: "the number doesn't correspond to the international format requirements",
  4: 'the number was already added to the campaign (deletion of duplicates from a campaign)',
  5: 'the number is included to the stop-list (it can be either your stop-list or the system stop-list)',
  6: 'sending to the country of destination is limited by your account settings',
  7: 'it is impossible to identify the operator and/or the country of destination',
  8: 'the system is not able to send to this operator',
  20: 'sent data does not contain all necessary placeholders',
  30: 'contact card was not found in the contact book',
  31: 'contact card does not contain a mobile number',
  32: 'contact was not found in the contact book',
  51: 'for technical reasons it is currently impossible to create a short link',
  99: 'system error adding recipient number',
};

export interface RecipientContext {
  /**
   * E.164 numbers already in the campaign. checkRecipient adds the number when (and only when) it
   * returns 0, so a rejected number does not make a later, acceptable copy a duplicate.
   */
  seen: Set<string>;
  /** Account and system stop-lists merged; E.164 with or without the leading `+`. */
  stopList: ReadonlySet<string>;
  /** ISO alpha-2 (upper case) the account may send to; null = every country. */
  allowedCountries: ReadonlySet<string> | null;
  defaultCountry?: string;
  /** Whether Herald has a route to this destination (code 8 when not); absent = every destination. */
  canRoute?: (country: string, operator: string | null) => boolean;
  /** Template campaigns: the text to fill per recipient and the placeholdersFlag (code 20 under 3). */
  template?: { text: string; flag: PlaceholdersFlag };
}

export interface RecipientCheck {
  code: RecipientCode;
  e164?: string;
  country?: string;
  operator?: string | null;
  /** The filled text of a template campaign, when the recipient is added. */
  text?: string;
  /** Placeholders without a value (code 20). */
  missing?: string[];
}

/**
 * Judges one recipient in the reference's order: 1 empty, 2 no number, 3 bad format (and 7 when
 * a valid number has no country — judged while parsing, since nothing after it can be judged
 * without a country), 4 duplicate, 5 stop-listed, 6 country not allowed, 8 no route, 20 missing
 * placeholders. An unknown operator alone is not code 7: the carrier data has gaps (the US, some
 * Russian ranges) and its ranges ignore porting, so such numbers go at the country's price.
 * Codes 30–32 (contacts), 51 (short links) and 99 are given by the callers that meet them.
 */
export function checkRecipient(raw: string, context: RecipientContext, values: Readonly<Record<string, string | number | null | undefined>> = {}): RecipientCheck {
  const number = normaliseNumber(raw, context.defaultCountry === undefined ? {} : { defaultCountry: context.defaultCountry });
  if (!number.ok) return { code: number.code };
  const { e164, country, operator } = number;
  const found = { e164, country, operator };
  if (context.seen.has(e164)) return { code: RecipientCode.Duplicate, ...found };
  if (context.stopList.has(e164) || context.stopList.has(e164.slice(1))) return { code: RecipientCode.StopListed, ...found };
  if (context.allowedCountries !== null && !context.allowedCountries.has(country)) return { code: RecipientCode.CountryRestricted, ...found };
  if (context.canRoute && !context.canRoute(country, operator)) return { code: RecipientCode.UnsupportedOperator, ...found };
  let text: string | undefined;
  if (context.template) {
    const filled = fillPlaceholders(context.template.text, values, context.template.flag);
    if ('missing' in filled) return { code: RecipientCode.MissingPlaceholders, ...found, missing: filled.missing };
    text = filled.text;
  }
  context.seen.add(e164);
  return text === undefined ? { code: RecipientCode.Added, ...found } : { code: RecipientCode.Added, ...found, text };
}
