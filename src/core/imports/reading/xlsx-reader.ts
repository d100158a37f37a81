/**
 * Streams the first worksheet of an .xlsx file with exceljs's WorkbookReader, which parses the
 * sheet XML as it inflates it: memory stays bounded by the shared-strings table, not the sheet.
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../errors.js';
import { BATCH_ROWS } from './csv-reader.js';
import { isoFromDate, numberText, trimTrailingEmpty, type SheetRow } from './spreadsheet-rows.js';

/** Text of one exceljs cell value, whatever its type (formulas give their cached result). */
export function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoFromDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return '';
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || typeof result === 'object' && !(result instanceof Date)) return '';
    return xlsxCellText(result as ExcelJS.CellValue);
  }
  if ('text' in value) {
    const text: unknown = value.text;
    // A hyperlink's text may itself be rich text.
    return typeof text === 'string' ? text : xlsxCellText(text as ExcelJS.CellValue);
  }
  return '';
}

/**
 * Rows of the first worksheet; rowNumber is the sheet's own row number (what the user sees in
 * Excel). Rows that are entirely empty are not rows here (exceljs does not emit them). Runs in the
 * parsing worker (sheet-worker.ts), whose TMPDIR is where exceljs spills worksheets.
 */
export async function* readXlsxRows(path: string): AsyncGenerator<SheetRow[]> {
  const input = createReadStream(path, { highWaterMark: 1024 * 1024 });
  // styles 'cache' is what lets exceljs turn date-formatted numbers into Date values.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  let batch: SheetRow[] = [];
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const values = row.values;
        const cells: string[] = [];
        if (Array.isArray(values)) {
          // 1-based and sparse: index 0 is always empty.
          for (let c = 1; c < values.length; c++) cells.push(xlsxCellText(values[c] as ExcelJS.CellValue));
        }
        trimTrailingEmpty(cells);
        if (cells.length === 0) continue;
        batch.push({ rowNumber: row.number, cells, offset: input.bytesRead });
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      break; // first worksheet only
    }
    if (batch.length > 0) yield batch;
  } catch (e) {
    // exceljs/unzipper report a damaged file as e.g. "FILE_ENDED": say what it means for the job.
    if (e instanceof ValidationError) throw e;
    throw ValidationError.single('file', 'invalid', `The file is not a readable XLSX spreadsheet (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    input.destroy();
  }
}
