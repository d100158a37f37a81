/**
 * Which column goes to which contact field: from the header (SmartFocus autoMapping) or from an
 * explicit mapping (SmartFocus `<mapping>`, native API). Resolved once per job, before any row is
 * imported, so a wrong name fails the job instead of rejecting every row.
 */
import { IssueList, ValidationError } from '../../errors.js';
import type { ColumnMapping, DedupKey, FieldTarget } from '../types.js';

export interface CustomFieldRef {
  id: number;
  name: string;
}

/** Standard targets (ContactInput names, plus the member id). */
export const STANDARD_FIELDS = [
  'email', 'title', 'firstName', 'middleName', 'lastName', 'addressee', 'dateOfBirth', 'gender', 'telephone',
  'mobile', 'fax', 'website', 'company', 'jobTitle', 'property', 'street', 'area', 'town', 'county', 'postCode',
  'country', 'status', 'source', 'memberId',
] as const;

export type StandardField = (typeof STANDARD_FIELDS)[number];

/**
 * Other names the three faces' files use for the standard fields. Each canonical camelCase name
 * matches itself, which also covers the FranchiseMailer snake_case names (`first_name`,
 * `post_code`), since names compare without case, spaces, `_`, `-` and dots.
 */
const ALIASES: Readonly<Partial<Record<StandardField, readonly string[]>>> = {
  email: ['emailaddress', 'mail'],
  firstName: ['forename'],
  lastName: ['surname'],
  dateOfBirth: ['dob', 'birthdate'],
  gender: ['sex'],
  telephone: ['phone', 'tel', 'landline', 'phonenumber'],
  mobile: ['emvcellphone', 'cellphone', 'mobilephone', 'mobilenumber', 'cell'],
  website: ['url', 'web'],
  town: ['city'],
  postCode: ['zip', 'zipcode', 'postalcode'],
  country: ['countrycode'],
  memberId: [], // MEMBER_ID normalises to memberid already
};

/** The comparison form of a column or field name. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}

const BY_KEY: ReadonlyMap<string, StandardField> = new Map(
  STANDARD_FIELDS.flatMap((f) => [[nameKey(f), f] as const, ...(ALIASES[f] ?? []).map((a) => [a, f] as const)]),
);

/** The standard field a column name denotes, or null. */
export function standardFieldFor(name: string): StandardField | null {
  return BY_KEY.get(nameKey(name)) ?? null;
}

export function customTarget(id: number): FieldTarget {
  return `custom:${id}`;
}

/** The custom field id of a `custom:<id>` target, else null. */
export function customFieldId(target: FieldTarget): number | null {
  const m = /^custom:(\d+)$/.exec(target);
  return m === null ? null : Number(m[1]);
}

/** The SmartFocus column name of a standard field, for messages ("EMAIL is empty"). */
export const SMARTFOCUS_NAMES: Readonly<Partial<Record<StandardField, string>>> = {
  email: 'EMAIL', mobile: 'EMVCELLPHONE', memberId: 'MEMBER_ID', firstName: 'FIRSTNAME', lastName: 'LASTNAME',
  dateOfBirth: 'DATEOFBIRTH', title: 'TITLE', source: 'SOURCE',
};

/**
 * SmartFocus system columns a member-table export carries but that are the system's to set (join
 * and unjoin dates, bounce flags, SmartFocus bookkeeping). A file that has them imports with those
 * columns skipped, as the vendor does, rather than failing as "unknown column".
 */
const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(
  ['DATEJOIN', 'DATEUNJOIN', 'SMS_DATE_UNJOIN', 'EMAIL_FORMAT', 'EMAIL_ORIGINE', 'EMVHBQ', 'HBQ_REASON', 'EMVUNROUTABLE', 'EMVISP', 'EMVDOUBLON', 'LHE', 'SEED', 'SEGMENT', 'CODE', 'CLIENTURN', 'CLIENT_ID', 'EMVADMIN1', 'EMVADMIN2', 'EMVADMIN3', 'EMVADMIN4', 'EMVADMIN5'].map(nameKey),
);

export function isSystemColumn(name: string): boolean {
  return SYSTEM_COLUMNS.has(nameKey(name));
}

class Resolver {
  private readonly exact = new Map<string, number>();
  private readonly loose = new Map<string, number>();
  private readonly ids: ReadonlySet<number>;

  constructor(customFields: readonly CustomFieldRef[]) {
    for (const f of customFields) {
      if (!this.exact.has(f.name.toLowerCase())) this.exact.set(f.name.toLowerCase(), f.id);
      if (!this.loose.has(nameKey(f.name))) this.loose.set(nameKey(f.name), f.id);
    }
    this.ids = new Set(customFields.map((f) => f.id));
  }

  /** Standard fields first (a custom field cannot shadow EMAIL), then custom names, then `custom:<id>`. */
  target(name: string): FieldTarget | null {
    const std = standardFieldFor(name);
    if (std !== null) return std;
    const id = this.exact.get(name.trim().toLowerCase()) ?? this.loose.get(nameKey(name));
    if (id !== undefined) return customTarget(id);
    const explicit = customFieldId(name.trim());
    return explicit !== null && this.ids.has(explicit) ? customTarget(explicit) : null;
  }
}

/**
 * The job's column mapping. With `explicit`, its field names are resolved like header names
 * (canonical names, SmartFocus/FranchiseMailer names, custom field names or `custom:<id>`) and
 * its `replace` flags are kept (SmartFocus `toReplace`); otherwise the header names the columns
 * and every column replaces. Empty header cells are unnamed columns and are ignored.
 * @throws ValidationError listing unknown names, columns mapped twice, fields mapped twice.
 */
export function resolveMapping(
  headerCells: string[] | null, explicit: ColumnMapping[] | undefined, customFields: { id: number; name: string }[],
): ColumnMapping[] {
  const resolver = new Resolver(customFields);
  const issues = new IssueList();
  const out: ColumnMapping[] = [];
  const unknown: string[] = [];
  if (explicit !== undefined && explicit.length > 0) {
    const seen = new Set<number>();
    for (const m of explicit) {
      if (!Number.isSafeInteger(m.column) || m.column < 1) {
        issues.add('mapping', 'invalid', `Invalid column number ${String(m.column)}`);
        continue;
      }
      if (headerCells !== null && m.column > headerCells.length) {
        issues.add('mapping', 'invalid', `Column ${m.column} is beyond the header's ${headerCells.length} columns`);
      }
      if (seen.has(m.column)) issues.add('mapping', 'conflict', `Column ${m.column} is mapped twice`);
      seen.add(m.column);
      const target = resolver.target(m.field);
      if (target === null && isSystemColumn(m.field)) continue;
      if (target === null) unknown.push(m.field);
      else out.push({ column: m.column, field: target, replace: m.replace !== false });
    }
    if (unknown.length > 0) issues.add('mapping', 'unknown', `Unknown fields in the mapping: ${unknown.join(', ')}`);
  } else if (headerCells !== null) {
    headerCells.forEach((cell, i) => {
      if (cell.trim() === '') return;
      const target = resolver.target(cell);
      if (target === null && isSystemColumn(cell)) return;
      if (target === null) unknown.push(cell.trim());
      else out.push({ column: i + 1, field: target, replace: true });
    });
    if (unknown.length > 0) issues.add('header', 'unknown', `Unknown columns in the header: ${unknown.join(', ')}`);
  } else {
    issues.add('mapping', 'required', 'A column mapping is required when the file has no header');
  }
  const byField = new Map<string, number>();
  for (const m of out) {
    const earlier = byField.get(m.field);
    if (earlier !== undefined) issues.add('mapping', 'conflict', `Field ${m.field} is mapped by columns ${earlier} and ${m.column}`);
    else byField.set(m.field, m.column);
  }
  if (out.length === 0 && issues.issues.length === 0) issues.add('mapping', 'required', 'No column is mapped to a field');
  issues.throwIfAny();
  return out.sort((a, b) => a.column - b.column);
}

const KEY_FIELD: Readonly<Record<DedupKey, StandardField>> = { email: 'email', mobile: 'mobile', memberId: 'memberId' };

/** @throws ValidationError when the dedup key's field is not mapped (every row would be rejected). */
export function requireKeyColumn(mapping: readonly ColumnMapping[], dedupKey: DedupKey): void {
  const field = KEY_FIELD[dedupKey];
  if (!mapping.some((m) => m.field === field)) {
    throw ValidationError.single('dedupKey', 'required', `The dedup key ${SMARTFOCUS_NAMES[field] ?? field} is not mapped to any column`);
  }
}
