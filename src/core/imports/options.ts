import type { AccountScope } from '../context.js';
import { IssueList } from '../errors.js';
import type { BareDigits } from '../audience/contacts/phone.js';
import { isId } from '../audience/contacts/references.js';
import { DELIMITERS, normaliseEncoding } from './reading/sniff.js';
import type { DedupKey, FileFormat, ImportMode, ImportOptions } from './types.js';

const MODES: readonly ImportMode[] = ['insert', 'update', 'upsert'];
const KEYS: readonly DedupKey[] = ['email', 'mobile', 'memberId'];
const FORMATS: readonly FileFormat[] = ['csv', 'xlsx', 'xls'];
const DIGIT_READINGS: readonly BareDigits[] = ['national', 'international'];

function checkShape(o: ImportOptions, issues: IssueList): void {
  if (!MODES.includes(o.mode)) issues.add('mode', 'invalid', `Mode must be one of ${MODES.join(', ')}`);
  if (!KEYS.includes(o.dedupKey)) issues.add('dedupKey', 'invalid', `Dedup key must be one of ${KEYS.join(', ')}`);
  if (o.dedupOrder !== undefined && o.dedupOrder !== 'first' && o.dedupOrder !== 'last') issues.add('dedupOrder', 'invalid', 'Dedup order must be first or last');
  if (o.format !== undefined && !FORMATS.includes(o.format)) issues.add('format', 'invalid', `Format must be one of ${FORMATS.join(', ')}`);
  if (o.delimiter !== undefined && !DELIMITERS.includes(o.delimiter)) issues.add('delimiter', 'invalid', 'Delimiter must be , ; | or TAB');
  if (o.enclosure !== undefined && o.enclosure.length !== 1) issues.add('enclosure', 'invalid', 'Enclosure must be one character');
  if (typeof o.header !== 'boolean') issues.add('header', 'invalid', 'header must be true or false');
  if (typeof o.skipUnsubscribedAndHardBounced !== 'boolean') issues.add('skipUnsubscribedAndHardBounced', 'invalid', 'skipUnsubscribedAndHardBounced must be true or false');
  if (o.encoding !== undefined) {
    try {
      normaliseEncoding(o.encoding);
    } catch {
      issues.add('encoding', 'invalid', `Unsupported encoding: ${o.encoding}`);
    }
  }
  if (!o.header && (o.mapping === undefined || o.mapping.length === 0)) issues.add('mapping', 'required', 'A column mapping is required when the file has no header');
  for (const m of o.mapping ?? []) {
    if (!Number.isSafeInteger(m.column) || m.column < 1) issues.add('mapping', 'invalid', `Invalid column number ${String(m.column)}`);
    if (typeof m.field !== 'string' || m.field === '') issues.add('mapping', 'invalid', `Column ${m.column} maps to no field`);
  }
  if (!Array.isArray(o.groupIds) || o.groupIds.some((g) => !isId(g))) issues.add('groupIds', 'invalid', 'groupIds must be group ids');
  if (o.officeId !== null && o.officeId !== 0 && !isId(o.officeId)) issues.add('officeId', 'invalid', `Invalid office id ${String(o.officeId)}`);
  if (o.phoneDigits !== undefined && !DIGIT_READINGS.includes(o.phoneDigits)) issues.add('phoneDigits', 'invalid', `phoneDigits must be one of ${DIGIT_READINGS.join(', ')}`);
}

/**
 * Checks an import's options before its file is accepted: every value known, the office and the
 * groups belonging to the account. Collects every problem (ValidationError).
 */
export async function validateImportOptions(scope: AccountScope, options: ImportOptions): Promise<ImportOptions> {
  const issues = new IssueList();
  checkShape(options, issues);
  issues.throwIfAny();
  const { db, accountId } = scope;
  if (options.officeId !== null && options.officeId !== 0) {
    const office = await db.selectFrom('offices').select('id').where('accountId', '=', accountId).where('id', '=', options.officeId).executeTakeFirst();
    if (!office) issues.add('officeId', 'invalid', `Office ${options.officeId} not found`);
  }
  const wanted = [...new Set(options.groupIds)];
  if (wanted.length > 0) {
    const rows = await db.selectFrom('contactGroups').select('id').where('accountId', '=', accountId).where('id', 'in', wanted).execute();
    const found = new Set(rows.map((r) => r.id));
    for (const id of wanted) if (!found.has(id)) issues.add('groupIds', 'invalid', `Group ${id} not found`);
  }
  issues.throwIfAny();
  return { ...options, groupIds: wanted, dedupOrder: options.dedupOrder ?? 'first' };
}
