import type { ContactRecord } from '../reading/contract.js';

/*
 * The contact columns an import writes from a record's values, in one fixed order so every batch
 * of a job builds the same SQL text (prepared once on SQLite, planned once on PostgreSQL).
 */
export const VALUE_FIELDS = [
  'title', 'firstName', 'middleName', 'lastName', 'addressee', 'dateOfBirth', 'gender', 'telephone', 'mobile', 'fax',
  'email', 'emailKey', 'website', 'company', 'jobTitle', 'property', 'street', 'area', 'town', 'county', 'postCode',
  'country', 'source', 'status',
] as const;

export type ValueField = (typeof VALUE_FIELDS)[number];

/** Values of a new contact for fields the file does not map. */
const DEFAULTS: Record<ValueField, string | null> = {
  title: '', firstName: '', middleName: '', lastName: '', addressee: '', dateOfBirth: null, gender: null, telephone: '',
  mobile: '', fax: '', email: null, emailKey: null, website: '', company: '', jobTitle: '', property: '', street: '',
  area: '', town: '', county: '', postCode: '', country: '', source: '', status: 'Permitted',
};

type Values = Partial<Record<ValueField, string | null>>;

function valuesOf(record: ContactRecord): Values {
  return record.values as Values;
}

/** Fields present in any of the records (email brings its key), in VALUE_FIELDS order. */
export function presentFields(records: readonly ContactRecord[]): ValueField[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.values)) seen.add(k);
  if (seen.has('email')) seen.add('emailKey');
  return VALUE_FIELDS.filter((f) => seen.has(f));
}

/** Fields every new contact is inserted with: the mapped ones plus status (always set). */
export function insertFields(records: readonly ContactRecord[]): ValueField[] {
  const fields = presentFields(records);
  return fields.includes('status') ? fields : [...fields, 'status'];
}

export function insertValue(record: ContactRecord, field: ValueField): string | null {
  const v = valuesOf(record)[field];
  return v === undefined ? DEFAULTS[field] : v;
}

/** Whether an empty cell of this field keeps the stored value (the email key follows the email). */
export function keepsIfEmpty(record: ContactRecord, field: ValueField): boolean {
  return record.keepIfEmpty.has(field === 'emailKey' ? 'email' : field);
}

/**
 * The fields an update of this record writes and whether each keeps the stored value when empty.
 * The signature groups records that share one UPDATE statement.
 */
export function updateShape(record: ContactRecord, unchanged: ValueField | null = null): { fields: ValueField[]; keep: boolean[]; signature: string } {
  // Runs once per updated row: one pass over VALUE_FIELDS instead of presentFields' Set and filters.
  const values = record.values;
  const hasEmail = Object.hasOwn(values, 'email');
  const fields: ValueField[] = [];
  const keep: boolean[] = [];
  let signature = '';
  for (const f of VALUE_FIELDS) {
    if (f === unchanged || !(Object.hasOwn(values, f) || (f === 'emailKey' && hasEmail))) continue;
    const k = keepsIfEmpty(record, f);
    fields.push(f);
    keep.push(k);
    signature += signature === '' ? (k ? `${f}?` : f) : k ? `,${f}?` : `,${f}`;
  }
  return { fields, keep, signature };
}

/** The value an update binds: null for a keep-if-empty field whose cell is empty (COALESCE keeps). */
export function updateValue(record: ContactRecord, field: ValueField, keep: boolean): string | null {
  const v = valuesOf(record)[field];
  const value = v === undefined ? null : v;
  if (keep && (value === null || value === '')) return null;
  return value;
}
