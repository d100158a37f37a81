import type { AccountScope } from '../../../core/context.js';
import type { Contact, ContactInput } from '../../../core/audience/contacts/contacts.js';
import type { ContactCriterion, CriterionTextField } from '../../../core/audience/contacts/criteria.js';
import { internationalDigits, type BareDigits } from '../../../core/audience/contacts/phone.js';
import { listCustomFields, type CustomField } from '../../../core/audience/custom-fields/custom-fields.js';

/**
 * The SmartFocus member table as Herald presents it: each column is a contact field (or a custom
 * field) with the vendor's type. Reading gives the member entries; writing (dynContent, the one
 * field of updateMemberByEmailAddress) gives a ContactInput; criteria (memberUID) give a
 * ContactCriterion. Columns without `write` are maintained by Herald itself (ids, join/unjoin
 * dates, bounces) and refuse writes.
 */
export type ColumnType = 'STRING' | 'NUMBER' | 'DATE';

/** A column value: strings and numbers as they are, dates as ISO (timestamp or YYYY-MM-DD), null when empty. */
export type ColumnValue = string | number | null;

export interface MemberColumn {
  name: string;
  type: ColumnType;
  read(c: Contact): ColumnValue;
  /** Absent: read-only. Returns the part of a ContactInput the value sets ({} = accepted, not stored). */
  write?(value: string): ContactInput;
  /** Absent: the column cannot identify members in memberUID. */
  criterion?(value: string): ContactCriterion;
}

/**
 * SmartFocus stores cellphones as international digits without `+` (`33612345678`): that is how
 * members read, and how bare digits in writes and lookups are understood first.
 */
export const CELLPHONE_DIGITS: BareDigits = 'international';

const orNull = (v: string | null): string | null => (v === null || v === '' ? null : v);

function text(name: string, field: CriterionTextField): MemberColumn {
  return {
    name,
    type: 'STRING',
    read: (c) => orNull(c[field]),
    write: (value) => ({ [field]: value }),
    criterion: (value) => ({ field, value }),
  };
}

function systemDate(name: string, read: (c: Contact) => string | null): MemberColumn {
  return { name, type: 'DATE', read: (c) => orNull(read(c)) };
}

/** Standard columns, in the order descMemberTable and member entries list them. */
const STANDARD: readonly MemberColumn[] = [
  { name: 'MEMBER_ID', type: 'NUMBER', read: (c) => c.id, criterion: (value) => ({ field: 'id', value }) },
  {
    name: 'EMAIL',
    type: 'STRING',
    read: (c) => orNull(c.email),
    write: (value) => ({ email: value }),
    criterion: (value) => ({ field: 'email', value }),
  },
  // Herald sends every message in the formats the template has; the client's preference is
  // accepted (so vendor payloads that carry it keep working) but not stored.
  { name: 'EMAIL_FORMAT', type: 'NUMBER', read: () => null, write: () => ({}) },
  text('FIRSTNAME', 'firstName'),
  text('LASTNAME', 'lastName'),
  text('TITLE', 'title'),
  {
    name: 'DATEOFBIRTH',
    type: 'DATE',
    read: (c) => c.dateOfBirth,
    write: (value) => ({ dateOfBirth: value }),
    criterion: (value) => ({ field: 'dateOfBirth', value }),
  },
  systemDate('DATEJOIN', (c) => c.joinedAt),
  systemDate('DATEUNJOIN', (c) => c.unsubscribedAt),
  systemDate('SMS_DATE_UNJOIN', (c) => c.smsUnsubscribedAt),
  text('SOURCE', 'source'),
  {
    name: 'EMVCELLPHONE',
    type: 'STRING',
    read: (c) => orNull(internationalDigits(c.mobile)),
    write: (value) => ({ mobile: value, phoneDigits: CELLPHONE_DIGITS }),
    criterion: (value) => ({ field: 'mobile', value, phoneDigits: CELLPHONE_DIGITS }),
  },
  systemDate('EMVHBQ', (c) => c.hardBouncedAt),
  { name: 'HBQ_REASON', type: 'STRING', read: (c) => orNull(c.hardBounceReason) },
  text('COMPANY', 'company'),
  text('TOWN', 'town'),
  text('POSTCODE', 'postCode'),
  text('COUNTRY', 'country'),
];

/** A custom field's column name: upper-cased, every non-alphanumeric character as `_`. */
export function customColumnName(fieldName: string): string {
  return fieldName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function customColumn(name: string, field: CustomField): MemberColumn {
  const id = String(field.id);
  return {
    name,
    type: 'STRING',
    read: (c) => orNull(c.customFields[id] ?? null),
    write: (value) => ({ customFields: { [id]: value } }),
    criterion: (value) => ({ field: 'custom', customFieldId: field.id, value }),
  };
}

export class MemberTable {
  private readonly byName: Map<string, MemberColumn>;
  constructor(readonly columns: readonly MemberColumn[]) {
    this.byName = new Map(columns.map((c) => [c.name, c]));
  }
  /**
   * Column names compare case-insensitively (vendor samples write `firstname` as often as
   * FIRSTNAME), and a custom field is also found by its own name (`Member-Level (2)`), which
   * derives to its column name.
   */
  find(name: string): MemberColumn | undefined {
    return this.byName.get(customColumnName(name.trim()));
  }
}

/**
 * The account's member table: the standard columns, then one per custom field. A custom field
 * whose derived name is already taken (by a standard column or an earlier custom field) gets its
 * id appended (`EMAIL_7`), so every field stays reachable and names never change meaning.
 */
export async function loadMemberTable(scope: AccountScope): Promise<MemberTable> {
  const columns = [...STANDARD];
  const taken = new Set(columns.map((c) => c.name));
  for (const field of await listCustomFields(scope)) {
    let name = customColumnName(field.name);
    if (taken.has(name)) name = `${name}_${field.id}`;
    taken.add(name);
    columns.push(customColumn(name, field));
  }
  return new MemberTable(columns);
}

/** Merges column writes into one ContactInput (custom field maps are combined). */
export function mergeInputs(parts: readonly ContactInput[]): ContactInput {
  const out: ContactInput = {};
  for (const p of parts) {
    const { customFields, ...rest } = p;
    Object.assign(out, rest);
    if (customFields) out.customFields = { ...out.customFields, ...customFields };
  }
  return out;
}
