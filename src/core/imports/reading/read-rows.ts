/**
 * The one entry point the writer uses to read a stored file, whatever its format: the same
 * SourceRow batches, rowNumber and `startAfterRecord` semantics for CSV, XLSX and XLS.
 */
import type { ReadOptions, SourceRow } from './contract.js';
import { readCsvRows } from './csv-reader.js';
import { readSpreadsheet } from './sheet-thread.js';
import { sourceRows } from './spreadsheet-rows.js';

/**
 * Every record of the file (header included, as rowNumber 1 for CSV) in batches, skipping those
 * numbered ≤ `startAfterRecord`. Spreadsheets are parsed in a worker thread (sheet-thread.ts).
 * @throws ValidationError for unusable options or a refused or unreadable spreadsheet.
 */
export async function* readRows(path: string, opts: ReadOptions, startAfterRecord = 0): AsyncGenerator<SourceRow[]> {
  if (opts.format === 'csv') {
    yield* readCsvRows(path, opts, startAfterRecord);
    return;
  }
  yield* sourceRows(readSpreadsheet(path, opts.format), opts.expectedColumns, startAfterRecord);
}
