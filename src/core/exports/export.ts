import { Readable } from 'node:stream';
import type { AccountScope } from '../context.js';
import type { ContactStatus } from '../audience/contacts/contacts.js';
import { listCustomFields } from '../audience/custom-fields/custom-fields.js';
import { contactBatches } from './batches.js';
import { exportLayout, type ExportLayout } from './columns.js';
import { csvRecord } from './csv.js';
import { neutraliseFormula } from './neutralise.js';
import { xlsxStream } from './xlsx.js';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFilter {
  officeId?: number;
  groupId?: number;
  status?: ContactStatus;
  /** Substring of name, email or phone, case-insensitive (as in contact listing). */
  search?: string;
}

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Excel only reads a CSV as UTF-8 when it starts with a BOM; csv-parse (`bom: true`) and the import engine skip it. */
const UTF8_BOM = '\uFEFF';

const safeRow = (cells: readonly string[]): string[] => cells.map(neutraliseFormula);

async function layoutFor(scope: AccountScope): Promise<ExportLayout> {
  return exportLayout(await listCustomFields(scope));
}

async function* csvChunks(scope: AccountScope, filter: ExportFilter): AsyncGenerator<string> {
  const layout = await layoutFor(scope);
  yield UTF8_BOM + csvRecord(safeRow(layout.header));
  // One chunk per batch: few enough writes to be fast, small enough to keep memory flat.
  for await (const batch of contactBatches(scope, filter)) {
    yield batch.map((contact) => csvRecord(safeRow(layout.cells(contact)))).join('');
  }
}

/**
 * The account's contacts matching `filter`, in id order, as a CSV (RFC 4180: UTF-8, CRLF, quoted
 * when needed) or XLSX byte stream. Columns: the standard fields, `groups`, then one per custom
 * field. Every cell goes through neutraliseFormula. Memory stays flat whatever the number of
 * contacts: they are read in keyset batches as the consumer reads.
 */
export function exportContacts(scope: AccountScope, filter: ExportFilter, format: ExportFormat): Readable {
  if (format === 'csv') return Readable.from(csvChunks(scope, filter), { objectMode: false });
  return xlsxStream(async () => {
    const layout = await layoutFor(scope);
    return { header: safeRow(layout.header), rows: (contact) => safeRow(layout.cells(contact)), batches: contactBatches(scope, filter) };
  });
}
