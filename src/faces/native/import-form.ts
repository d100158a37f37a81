import { IssueList } from '../../core/errors.js';
import type { ColumnMapping, DedupKey, ImportMode, ImportOptions } from '../../core/imports/types.js';
import { DEDUP_KEYS, IMPORT_MODES } from './imports.schemas.js';

/** The text fields of the multipart form; multipart has no types, so everything arrives as text. */
export type FormFields = Record<string, string>;

const KNOWN = new Set([
  'mode', 'header', 'delimiter', 'encoding', 'enclosure', 'dateFormat', 'dedupKey', 'dedupOrder',
  'skipUnsubscribedAndHardBounced', 'groupIds', 'officeId', 'mapping',
]);

const oneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

function bool(issues: IssueList, field: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  issues.add(field, 'invalid', `${field} must be true or false`);
  return fallback;
}

function ids(issues: IssueList, value: string | undefined): number[] {
  if (value === undefined || value.trim() === '') return [];
  const parts = value.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= Number.MAX_SAFE_INTEGER)) {
    issues.add('groupIds', 'invalid', 'groupIds must be group ids separated by commas');
    return [];
  }
  return [...new Set(parts.map(Number))];
}

function office(issues: IssueList, value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^\d+$/.test(value.trim()) || Number(value) > Number.MAX_SAFE_INTEGER) {
    issues.add('officeId', 'invalid', 'officeId must be an office id, or 0 to allocate by post code');
    return null;
  }
  return Number(value);
}

function isMappingEntry(v: unknown): v is ColumnMapping {
  if (typeof v !== 'object' || v === null) return false;
  const { column, field, replace } = v as Record<string, unknown>;
  return Number.isInteger(column) && (column as number) >= 1 && typeof field === 'string' && field !== '' && typeof replace === 'boolean';
}

function mapping(issues: IssueList, value: string | undefined): ColumnMapping[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    issues.add('mapping', 'invalid', 'mapping is not valid JSON');
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isMappingEntry)) {
    issues.add('mapping', 'invalid', 'mapping must be a non-empty array of {"column": n, "field": "name", "replace": true|false}');
    return undefined;
  }
  return parsed.map((m) => ({ column: m.column, field: m.field, replace: m.replace }));
}

/**
 * Form fields → ImportOptions. Only the shape is checked here; what depends on the account or the
 * file (groups, office, encoding names, date patterns, mapped fields) is the core's to validate.
 * @throws ValidationError naming every bad field.
 */
export function toImportOptions(fields: FormFields): ImportOptions {
  const issues = new IssueList();
  for (const name of Object.keys(fields)) if (!KNOWN.has(name)) issues.add(name, 'not_allowed', `Unknown field ${name}`);
  const mode = fields.mode ?? 'insert';
  if (!oneOf<ImportMode>(IMPORT_MODES, mode)) issues.add('mode', 'invalid', 'mode must be insert, update or upsert');
  const dedupKey = fields.dedupKey ?? 'email';
  if (!oneOf<DedupKey>(DEDUP_KEYS, dedupKey)) issues.add('dedupKey', 'invalid', 'dedupKey must be email, mobile or memberId');
  const dedupOrder = fields.dedupOrder;
  if (dedupOrder !== undefined && dedupOrder !== 'first' && dedupOrder !== 'last') issues.add('dedupOrder', 'invalid', 'dedupOrder must be first or last');
  const options: ImportOptions = {
    mode: oneOf<ImportMode>(IMPORT_MODES, mode) ? mode : 'insert',
    header: bool(issues, 'header', fields.header, true),
    dedupKey: oneOf<DedupKey>(DEDUP_KEYS, dedupKey) ? dedupKey : 'email',
    skipUnsubscribedAndHardBounced: bool(issues, 'skipUnsubscribedAndHardBounced', fields.skipUnsubscribedAndHardBounced, false),
    groupIds: ids(issues, fields.groupIds),
    officeId: office(issues, fields.officeId),
  };
  const map = mapping(issues, fields.mapping);
  issues.throwIfAny();
  // `\t` typed into a form field means TAB.
  const delimiter = fields.delimiter === '\\t' ? '\t' : fields.delimiter;
  if (delimiter) options.delimiter = delimiter;
  if (fields.encoding) options.encoding = fields.encoding;
  if (fields.enclosure) options.enclosure = fields.enclosure;
  if (fields.dateFormat) options.dateFormat = fields.dateFormat;
  if (dedupOrder === 'first' || dedupOrder === 'last') options.dedupOrder = dedupOrder;
  if (map) options.mapping = map;
  return options;
}
