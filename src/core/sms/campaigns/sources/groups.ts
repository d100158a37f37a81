/**
 * Recipients from contact groups (Mobizon AddRecipients `recipientGroups`): every contact of the
 * account's groups, once (a contact in two groups is one recipient), in contact id order so a
 * resumed task sees the same list. The number is the contact's mobile (E.164); a contact without
 * one still goes to the campaign core, which answers code 31 for it. Two contacts sharing a
 * mobile: the second gets code 4 from the campaign's duplicate check ("Only unique numbers will be
 * added").
 *
 * Template placeholders from the contact card (see contactValues): `{name}` and `{firstName}` the
 * first name; `{middleName}`, `{lastName}`, `{title}`, `{email}`, `{company}`, `{jobTitle}`,
 * `{town}`, `{country}`, `{postCode}`, `{telephone}`, `{mobile}`, `{dateOfBirth}`; and each custom
 * field by its name (`{Balance}` for a field named Balance; a custom field never overrides the
 * standard names above). A standard text field that is empty fills its placeholder with nothing;
 * a null one (no email, no birth date) and a custom field without a value are missing, so
 * placeholdersFlag decides.
 */
import type { AccountScope } from '../../../context.js';
import { NotFoundError, ValidationError } from '../../../errors.js';
import type { RecipientInput } from './inputs.js';

const isId = (v: number): boolean => Number.isSafeInteger(v) && v > 0;

/** The ids as given, each checked to be one of the account's groups. @throws ValidationError, NotFoundError */
export async function checkGroupIds(scope: AccountScope, groupIds: readonly number[]): Promise<number[]> {
  const ids = [...new Set(groupIds)];
  if (ids.length === 0) throw ValidationError.single('recipientGroups', 'required', 'No contact group was given');
  const bad = ids.find((id) => !isId(id));
  if (bad !== undefined) throw ValidationError.single('recipientGroups', 'invalid', `Invalid contact group id ${String(bad)}`);
  const found = new Set(
    (await scope.db.selectFrom('contactGroups').select('id').where('accountId', '=', scope.accountId).where('id', 'in', ids).execute()).map((r) => r.id),
  );
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new NotFoundError('Contact group', missing);
  return ids;
}

/** Distinct contact ids of the groups, ascending. */
export async function groupContactIds(scope: AccountScope, groupIds: readonly number[]): Promise<number[]> {
  if (groupIds.length === 0) return [];
  const rows = await scope.db
    .selectFrom('contactGroupMembers')
    .select('contactId')
    .distinct()
    .where('accountId', '=', scope.accountId)
    .where('groupId', 'in', [...groupIds])
    .orderBy('contactId')
    .execute();
  return rows.map((r) => r.contactId);
}

/** The fields of a contact card that may fill placeholders. */
export interface ContactCard {
  firstName: string;
  middleName: string;
  lastName: string;
  title: string;
  email: string | null;
  company: string;
  jobTitle: string;
  town: string;
  country: string;
  postCode: string;
  telephone: string;
  mobile: string;
  dateOfBirth: string | null;
}

/** Pure: placeholder values of a contact (mapping in the header comment). */
export function contactValues(card: ContactCard, custom: ReadonlyMap<string, string> = new Map()): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of custom) values[name] = value;
  const standard: Record<string, string | null> = {
    name: card.firstName,
    firstName: card.firstName,
    middleName: card.middleName,
    lastName: card.lastName,
    title: card.title,
    email: card.email,
    company: card.company,
    jobTitle: card.jobTitle,
    town: card.town,
    country: card.country,
    postCode: card.postCode,
    telephone: card.telephone,
    mobile: card.mobile,
    dateOfBirth: card.dateOfBirth,
  };
  for (const [name, value] of Object.entries(standard)) {
    if (value === null) delete values[name];
    else values[name] = value;
  }
  return values;
}

/**
 * The recipient inputs of some contacts (a chunk of groupContactIds), in the order of `contactIds`;
 * contacts deleted since the list was made are left out.
 */
export async function contactInputs(scope: AccountScope, contactIds: readonly number[]): Promise<RecipientInput[]> {
  if (contactIds.length === 0) return [];
  const ids = [...contactIds];
  const contacts = await scope.db
    .selectFrom('contacts')
    .select(['id', 'firstName', 'middleName', 'lastName', 'title', 'email', 'company', 'jobTitle', 'town', 'country', 'postCode', 'telephone', 'mobile', 'dateOfBirth', 'unsubscribedAt', 'smsUnsubscribedAt'])
    .where('accountId', '=', scope.accountId)
    .where('id', 'in', ids)
    .execute();
  const customRows = await scope.db
    .selectFrom('contactCustomValues as v')
    .innerJoin('customFields as f', 'f.id', 'v.fieldId')
    .select(['v.contactId', 'f.name', 'v.value'])
    .where('v.accountId', '=', scope.accountId)
    .where('v.contactId', 'in', ids)
    .execute();
  const custom = new Map<number, Map<string, string>>();
  for (const r of customRows) {
    let m = custom.get(r.contactId);
    if (m === undefined) custom.set(r.contactId, (m = new Map()));
    m.set(r.name, r.value);
  }
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const inputs: RecipientInput[] = [];
  for (const id of ids) {
    const c = byId.get(id);
    if (c === undefined) continue;
    // Without a mobile the contact alone goes in: the campaign core answers code 31 for it.
    const optedOut = c.unsubscribedAt !== null || c.smsUnsubscribedAt !== null ? { optedOut: true } : {};
    inputs.push(c.mobile.trim() === '' ? { contactId: id, ...optedOut } : { contactId: id, number: c.mobile, values: contactValues(c, custom.get(id)), ...optedOut });
  }
  return inputs;
}
