import type { Db } from '../../store/database.js';
import type { ImportJobRow } from '../../store/schema.js';
import type { ReadOptions, RecordRules } from './reading/contract.js';
import { requireKeyColumn, resolveMapping } from './reading/mapping.js';
import { readRows } from './reading/read-rows.js';
import { sniffFile } from './reading/sniff.js';
import type { ColumnMapping, ImportOptions } from './types.js';

/** How a job reads its file, decided once at its first start and stored with the job. */
export interface ReadPlan {
  read: ReadOptions;
  mapping: ColumnMapping[];
  /** Header cells (column labels in the log), null without a header. */
  columnNames: string[] | null;
}

async function headerCells(path: string, read: ReadOptions): Promise<string[] | null> {
  const rows = readRows(path, read, 0);
  try {
    const first = await rows.next();
    const row = first.done === true ? undefined : first.value[0];
    return row === undefined || row.rowNumber !== 1 ? null : row.cells;
  } finally {
    await rows.return(undefined);
  }
}

/**
 * Sniffs the file and resolves the mapping against the header and the account's custom fields.
 * @throws ValidationError when the file cannot be imported as asked (the job ends in `error`).
 */
export async function makeReadPlan(db: Db, accountId: number, path: string, options: ImportOptions): Promise<ReadPlan> {
  const sniffed = await sniffFile(path, { format: options.format, encoding: options.encoding, delimiter: options.delimiter, enclosure: options.enclosure });
  const customFields = await db.selectFrom('customFields').select(['id', 'name']).where('accountId', '=', accountId).orderBy('id').execute();
  const header = options.header ? await headerCells(path, sniffed) : null;
  const mapping = resolveMapping(header, options.mapping, customFields);
  requireKeyColumn(mapping, options.dedupKey);
  // Headerless files: the mapping says how many columns a row may have (see ReadOptions).
  const read: ReadOptions = options.header ? sniffed : { ...sniffed, expectedColumns: Math.max(...mapping.map((m) => m.column)) };
  return { read, mapping, columnNames: header };
}

export function storedPlan(row: ImportJobRow): ReadPlan | null {
  return row.readPlan === null ? null : (JSON.parse(row.readPlan) as ReadPlan);
}

export function recordRules(plan: ReadPlan, options: ImportOptions, defaultCountry: string | null): RecordRules {
  return {
    mapping: plan.mapping,
    dateFormat: options.dateFormat ?? 'yyyy-MM-dd',
    dedupKey: options.dedupKey,
    defaultCountry,
    ...(options.phoneDigits === undefined ? {} : { phoneDigits: options.phoneDigits }),
    ...(plan.columnNames === null ? {} : { columnNames: plan.columnNames }),
  };
}

/** The label the log gives a field's column: header name, else column number. */
export function columnLabel(plan: ReadPlan, field: string): string {
  const m = plan.mapping.find((x) => x.field === field);
  if (m === undefined) return '';
  return plan.columnNames?.[m.column - 1]?.trim() || String(m.column);
}
