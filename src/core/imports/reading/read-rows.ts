/**
 * The one entry point the writer uses to read a stored file, whatever its format: the same
 * SourceRow batches, rowNumber and `startAfterRecord` semantics for CSV, XLSX and XLS.
 */
import type { ReadOptions, SourceRow } from './contract.js';
import { readCsvRows } from './csv-reader.js';

/**
 * Every record of the file (header included, as rowNumber 1 for CSV) in batches, skipping those
 * numbered ≤ `startAfterRecord`. @throws ValidationError for unusable options or an unreadable
 * spreadsheet.
 */
export async function* readRows(path: string, opts: ReadOptions, startAfterRecord = 0): AsyncGenerator<SourceRow[]> {
  switch (opts.format) {
    case 'csv':
      yield* readCsvRows(path, opts, startAfterRecord);
      return;
    // The spreadsheet libraries are loaded on first use: together they weigh tens of MB of heap
    // that a server importing only CSV never needs.
    case 'xlsx': {
      const { readXlsxRows } = await import('./xlsx-reader.js');
      yield* readXlsxRows(path, opts, startAfterRecord);
      return;
    }
    case 'xls': {
      const { readXlsRows } = await import('./xls-reader.js');
      yield* readXlsRows(path, opts, startAfterRecord);
      return;
    }
  }
}
