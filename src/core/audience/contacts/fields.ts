import type { IssueList } from '../../errors.js';
import type { ContactTable } from '../../../store/schema.js';
import type { ContactInput } from './contacts.js';
import { normaliseCountry } from './country.js';
import { normaliseDate } from './dates.js';
import { emailKey, isValidEmail } from '../email-address.js';
import { normaliseGender } from './gender.js';
import { invalidPhoneMessage, normalisePhone, type PhoneField } from './phone.js';
import { normaliseStatus } from './status.js';

/** Column values a contact input sets; a key is present only when the input carried that field. */
export type ContactFieldValues = Partial<
  Omit<ContactTable, 'id' | 'accountId' | 'officeId' | 'joinedAt' | 'createdAt' | 'updatedAt'>
>;

export interface FieldDefaults {
  /** The contact's stored country ('' on create): the phone region when the input has none. */
  currentCountry: string;
  /** The account's default country: the phone region of last resort. */
  defaultCountry: string | null;
}

const TEXT_FIELDS = [
  'title', 'firstName', 'middleName', 'lastName', 'addressee', 'website', 'company', 'jobTitle',
  'property', 'street', 'area', 'town', 'county', 'postCode', 'source',
] as const;

const PHONE_FIELDS: readonly PhoneField[] = ['telephone', 'mobile', 'fax'];

/**
 * Validates and normalises the scalar fields of an input without touching the database. Every
 * problem is added to `issues` so the caller reports the whole input at once.
 */
export function validateContactFields(input: ContactInput, defaults: FieldDefaults, issues: IssueList): ContactFieldValues {
  const out: ContactFieldValues = {};
  for (const f of TEXT_FIELDS) {
    const v = input[f];
    if (v !== undefined) out[f] = v.trim();
  }

  let region: string | null = defaults.currentCountry || defaults.defaultCountry;
  if (input.country !== undefined) {
    if (input.country.trim() === '') {
      out.country = '';
      region = defaults.defaultCountry;
    } else {
      const alpha2 = normaliseCountry(input.country);
      if (alpha2 === null) issues.add('country', 'invalid', 'Invalid Country Code');
      else out.country = region = alpha2;
    }
  }

  for (const f of PHONE_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    if (v.trim() === '') {
      out[f] = '';
      continue;
    }
    const e164 = normalisePhone(v, region, input.phoneDigits);
    if (e164 === null) issues.add(f, 'invalid', invalidPhoneMessage(f));
    else out[f] = e164;
  }

  if (input.email !== undefined) {
    const email = input.email?.trim() ?? '';
    if (email === '') {
      out.email = null;
      out.emailKey = null;
    } else if (!isValidEmail(email)) {
      issues.add('email', 'invalid', 'Invalid Email Address');
    } else {
      out.email = email;
      out.emailKey = emailKey(email);
    }
  }

  if (input.dateOfBirth !== undefined) {
    const raw = input.dateOfBirth?.trim() ?? '';
    const date = raw === '' ? null : normaliseDate(raw);
    if (raw !== '' && date === null) issues.add('dateOfBirth', 'invalid', 'Invalid Date of Birth (expected ISO-8601 YYYY-MM-DD)');
    else out.dateOfBirth = date;
  }

  if (input.gender !== undefined) {
    const raw = input.gender?.trim() ?? '';
    const gender = raw === '' ? null : normaliseGender(raw);
    if (raw !== '' && gender === null) issues.add('gender', 'invalid', 'Gender must be Male or Female');
    else out.gender = gender;
  }

  if (input.status !== undefined) {
    const status = normaliseStatus(input.status);
    if (status === null) issues.add('status', 'invalid', 'Status must be Permitted, Dormant or Excluded');
    else out.status = status;
  }
  return out;
}
