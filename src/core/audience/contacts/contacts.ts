import type { AccountScope } from '../../context.js';
import type { ContactStatus, NewContactRow } from '../../../store/schema.js';
import { nowIso } from '../../clock.js';
import { ConflictError, IssueList, NotFoundError } from '../../errors.js';
import { emailKey } from '../email-address.js';
import { validateContactFields, type ContactFieldValues } from './fields.js';
import { hydrateContacts, toContact } from './hydrate.js';
import { queryContacts } from './list.js';
import { normalisePhone, type BareDigits } from './phone.js';
import { allocateOffice, checkOffice, isId, resolveCustomFields, resolveGroups, type OfficeCheck } from './references.js';
import { applyCustomValues, replaceMemberships } from './relations.js';
import { isUniqueViolation } from '../../../store/constraint-errors.js';
import { DEFAULT_STATUS } from './status.js';

export type { ContactStatus };
export const CONTACT_STATUSES: readonly ContactStatus[] = ['Permitted', 'Dormant', 'Excluded'];

export interface Contact {
  id: number;
  officeId: number;
  title: string;
  firstName: string;
  middleName: string;
  lastName: string;
  addressee: string;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  gender: 'Male' | 'Female' | null;
  /** Phone numbers are E.164 (`+441903123456`) or empty. */
  telephone: string;
  mobile: string;
  fax: string;
  email: string | null;
  website: string;
  company: string;
  jobTitle: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  postCode: string;
  /** ISO-3166 alpha-2 or empty. */
  country: string;
  status: ContactStatus;
  /** Group ids the contact is in (all in the contact's office). */
  groups: number[];
  /** Common group ids of those groups. */
  commonGroups: number[];
  /** Custom field id → value. */
  customFields: Record<string, string>;
  source: string;
  joinedAt: string;
  unsubscribedAt: string | null;
  unsubscribeSource: string | null;
  resubscribedAt: string | null;
  resubscribeSource: string | null;
  smsUnsubscribedAt: string | null;
  hardBouncedAt: string | null;
  hardBounceReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Fields to set. Absent fields are kept (update) or empty (create). Strings are validated:
 * email syntax, dateOfBirth ISO-8601, gender Male/Female, country alpha-2 or alpha-3 (stored
 * alpha-2), phones normalised to E.164 with the contact's country (else the account's default)
 * as the region.
 */
export interface ContactInput {
  title?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  addressee?: string;
  dateOfBirth?: string | null;
  gender?: string | null;
  telephone?: string;
  mobile?: string;
  fax?: string;
  email?: string | null;
  website?: string;
  company?: string;
  jobTitle?: string;
  property?: string;
  street?: string;
  area?: string;
  town?: string;
  county?: string;
  postCode?: string;
  country?: string;
  status?: string;
  /** 0 = allocate by post code. Required on create. */
  officeId?: number;
  /** Replaces the contact's groups. */
  groups?: number[];
  /** Used only when `groups` is absent or empty: the groups with these common ids in the contact's office. */
  commonGroups?: number[];
  /** Custom field id → value; an empty string removes the value. Merged on update. */
  customFields?: Record<string, string>;
  source?: string;
  /** How the phones above read when written without `+` (not stored); default 'national'. */
  phoneDigits?: BareDigits;
}

export interface ContactFilter {
  officeId?: number;
  groupId?: number;
  status?: ContactStatus;
  /** Matches name, email or phone (substring, case-insensitive). */
  search?: string;
  limit: number;
  offset: number;
}

export interface ContactPage {
  items: Contact[];
  total: number;
}

const EMAIL_TAKEN = 'Email address already exists in this office';

/** Column defaults of a new contact; inputs overwrite the fields they carry. */
const BLANK = {
  title: '', firstName: '', middleName: '', lastName: '', addressee: '', dateOfBirth: null, gender: null,
  telephone: '', mobile: '', fax: '', email: null, emailKey: null, website: '', company: '', jobTitle: '',
  property: '', street: '', area: '', town: '', county: '', postCode: '', country: '', source: '',
} satisfies ContactFieldValues;

/** Resolves `input.officeId` (0 = allocation by post code); null after adding an issue. */
async function targetOffice(scope: AccountScope, officeId: number | undefined, postCode: string, issues: IssueList): Promise<number | null> {
  if (officeId === undefined || officeId === null) {
    issues.add('officeId', 'required', 'Office Required');
    return null;
  }
  if (officeId === 0) return allocateOffice(scope, postCode, issues);
  if (!isId(officeId)) {
    issues.add('officeId', 'invalid', `Invalid office id ${String(officeId)}`);
    return null;
  }
  return officeId;
}

function rawEmailKey(email: string | null | undefined): string | null {
  const e = email?.trim() ?? '';
  return e === '' ? null : emailKey(e);
}

function reportOffice(issues: IssueList, officeId: number | null, check: OfficeCheck, fromInput: boolean): boolean {
  if (officeId === null) return false;
  if (check.officeExists) return true;
  // An allocated office always exists; only an explicit id can miss (or belong to another account).
  if (fromInput) issues.add('officeId', 'invalid', `Office ${officeId} not found`);
  return false;
}

function requireReachable(issues: IssueList, email: string | null | undefined, mobile: string | undefined): void {
  const emailField = issues.issues.some((i) => i.field === 'email' || i.field === 'mobile');
  if (!emailField && !email && !mobile) issues.add('email', 'required', 'Email Address or Mobile Number Required');
}

export async function createContact(scope: AccountScope, input: ContactInput): Promise<Contact> {
  const { db, accountId } = scope;
  const issues = new IssueList();
  const officeIssues = new IssueList();
  const officeId = await targetOffice(scope, input.officeId, input.postCode ?? '', officeIssues);
  const groupIssues = new IssueList();
  const fieldIssues = new IssueList();
  // Independent lookups run concurrently: on PostgreSQL each takes its own pooled connection.
  const [office, groups, custom] = await Promise.all([
    checkOffice(db, accountId, officeId ?? 0, rawEmailKey(input.email), null),
    officeId === null ? null : resolveGroups(db, accountId, officeId, input.groups, input.commonGroups, groupIssues),
    resolveCustomFields(db, accountId, input.customFields, fieldIssues),
  ]);
  const values = validateContactFields(input, { currentCountry: '', defaultCountry: office.defaultCountry }, issues);
  requireReachable(issues, values.email, values.mobile);
  issues.issues.push(...officeIssues.issues);
  const officeOk = reportOffice(issues, officeId, office, input.officeId !== 0);
  if (officeOk) issues.issues.push(...groupIssues.issues);
  issues.issues.push(...fieldIssues.issues);
  issues.throwIfAny();
  if (office.emailTaken) throw new ConflictError(EMAIL_TAKEN, 'email');

  const now = nowIso();
  const row: NewContactRow = {
    ...BLANK,
    ...values,
    accountId,
    officeId: officeId as number,
    status: values.status ?? DEFAULT_STATUS,
    joinedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const groupIds = [...(groups?.groupIds ?? [])].sort((a, b) => a - b);
  try {
    // A lone insert is atomic by itself; skipping BEGIN/COMMIT saves two round trips on PostgreSQL.
    const inserted =
      groupIds.length === 0 && custom.set.size === 0
        ? await db.insertInto('contacts').values(row).returningAll().executeTakeFirstOrThrow()
        : await db.transaction().execute(async (trx) => {
            const created = await trx.insertInto('contacts').values(row).returningAll().executeTakeFirstOrThrow();
            await replaceMemberships(trx, accountId, created.id, groupIds, true);
            await applyCustomValues(trx, accountId, created.id, custom);
            return created;
          });
    const customFields = Object.fromEntries([...custom.set].sort(([a], [b]) => a - b).map(([id, v]) => [String(id), v]));
    const commonGroups = [...(groups?.commonIds ?? [])].sort((a, b) => a - b);
    return toContact(inserted, { groups: groupIds, commonGroups, customFields });
  } catch (err) {
    // A concurrent create of the same address passed the check; the unique index has the last word.
    if (isUniqueViolation(err)) throw new ConflictError(EMAIL_TAKEN, 'email');
    throw err;
  }
}

export async function getContact(scope: AccountScope, id: number): Promise<Contact> {
  const row = isId(id)
    ? await scope.db.selectFrom('contacts').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('Contact', id);
  const [contact] = await hydrateContacts(scope.db, scope.accountId, [row]);
  return contact as Contact;
}

export async function updateContact(scope: AccountScope, id: number, patch: ContactInput): Promise<Contact> {
  const { db, accountId } = scope;
  const current = await getContact(scope, id);
  const issues = new IssueList();
  const officeIssues = new IssueList();
  const officeId = patch.officeId === undefined ? current.officeId : await targetOffice(scope, patch.officeId, patch.postCode ?? current.postCode, officeIssues);
  const moved = officeId !== null && officeId !== current.officeId;
  // Memberships belong to one office: a moved contact keeps its groups' counterparts (same common ids).
  const keepByCommon = moved && patch.groups === undefined && patch.commonGroups === undefined;
  const key = patch.email !== undefined ? rawEmailKey(patch.email) : rawEmailKey(current.email);
  const groupIssues = new IssueList();
  const fieldIssues = new IssueList();
  const [office, groups, custom] = await Promise.all([
    checkOffice(db, accountId, officeId ?? 0, key, id),
    officeId === null
      ? null
      : resolveGroups(db, accountId, officeId, patch.groups, keepByCommon ? current.commonGroups : patch.commonGroups, groupIssues),
    resolveCustomFields(db, accountId, patch.customFields, fieldIssues),
  ]);
  const values = validateContactFields(patch, { currentCountry: current.country, defaultCountry: office.defaultCountry }, issues);
  requireReachable(issues, values.email !== undefined ? values.email : current.email, values.mobile ?? current.mobile);
  issues.issues.push(...officeIssues.issues);
  const officeOk = reportOffice(issues, officeId, office, patch.officeId !== 0);
  if (officeOk) issues.issues.push(...groupIssues.issues);
  issues.issues.push(...fieldIssues.issues);
  issues.throwIfAny();
  if (office.emailTaken) throw new ConflictError(EMAIL_TAKEN, 'email');

  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('contacts')
        .set({ ...values, officeId: officeId as number, updatedAt: nowIso() })
        .where('accountId', '=', accountId)
        .where('id', '=', id)
        .execute();
      if (groups !== null) await replaceMemberships(trx, accountId, id, groups.groupIds, false);
      await applyCustomValues(trx, accountId, id, custom);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(EMAIL_TAKEN, 'email');
    throw err;
  }
  return getContact(scope, id);
}

/** Memberships and custom values go with the contact (foreign keys cascade). */
export async function deleteContact(scope: AccountScope, id: number): Promise<void> {
  const result = isId(id)
    ? await scope.db.deleteFrom('contacts').where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!result || result.numDeletedRows === 0n) throw new NotFoundError('Contact', id);
}

export async function listContacts(scope: AccountScope, filter: ContactFilter): Promise<ContactPage> {
  return queryContacts(scope, filter);
}

export async function findContactsByEmail(scope: AccountScope, email: string): Promise<Contact[]> {
  const key = rawEmailKey(email);
  if (key === null) return [];
  const rows = await scope.db
    .selectFrom('contacts')
    .selectAll()
    .where('accountId', '=', scope.accountId)
    .where('emailKey', '=', key)
    .orderBy('id')
    .execute();
  return hydrateContacts(scope.db, scope.accountId, rows);
}

/**
 * Accepts any format libphonenumber understands; compares in E.164 against mobile and telephone.
 * National formats use the account's default country; input that is no valid number matches nothing.
 */
export async function findContactsByPhone(scope: AccountScope, phone: string, bareDigits: BareDigits = 'national'): Promise<Contact[]> {
  const account = await scope.db.selectFrom('accounts').select('defaultCountry').where('id', '=', scope.accountId).executeTakeFirst();
  const e164 = normalisePhone(phone, account?.defaultCountry ?? null, bareDigits);
  if (e164 === null) return [];
  const rows = await scope.db
    .selectFrom('contacts')
    .selectAll()
    .where('accountId', '=', scope.accountId)
    .where((eb) => eb.or([eb('mobile', '=', e164), eb('telephone', '=', e164)]))
    .orderBy('id')
    .execute();
  return hydrateContacts(scope.db, scope.accountId, rows);
}
