/**
 * Legacy .xls (BIFF, OLE2) through SheetJS. It has no streaming reader, but an .xls sheet holds at
 * most 65,536 rows × 256 columns and the file is capped by SheetLimits.maxXlsBytes, so reading it
 * whole is bounded; rows are still handed out in the same batches as the other readers.
 *
 * SheetJS 0.18.5 has known advisories (prototype pollution, ReDoS) no registry release fixes, and
 * it parses many formats besides BIFF: it only ever sees files with the OLE2 signature (checked
 * before the worker starts), and only inside the parsing worker.
 */
import { readFile } from 'node:fs/promises';
import XLSX from 'xlsx';
import { ValidationError } from '../../errors.js';
import { BATCH_ROWS } from './csv-reader.js';
import { isoFromParts, numberText, trimTrailingEmpty, type SheetRow } from './spreadsheet-rows.js';

/** The two SSF helpers used, typed here because SheetJS declares SSF as `any`. */
interface DateCode {
  y: number; m: number; d: number; H: number; M: number; S: number;
}
interface Ssf {
  is_date(format: string | number): boolean;
  parse_date_code(serial: number): DateCode | null;
}
const SSF = XLSX.SSF as Ssf;

/**
 * Text of one SheetJS cell. Dates come from the serial number through SSF.parse_date_code rather
 * than `cellDates`, which builds Date objects in the process's local time zone.
 */
export function xlsCellText(cell: XLSX.CellObject | undefined): string {
  if (cell === undefined || cell.v === undefined || cell.v === null) return '';
  const v = cell.v;
  switch (cell.t) {
    case 's':
      return String(v);
    case 'b':
      return v === true ? 'TRUE' : 'FALSE';
    case 'e':
    case 'z':
      return '';
    case 'd':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case 'n': {
      const n = Number(v);
      if (cell.z !== undefined && SSF.is_date(cell.z)) {
        const dc = SSF.parse_date_code(n);
        if (dc !== null) return isoFromParts(dc.y, dc.m, dc.d, dc.H, dc.M, Math.round(dc.S));
      }
      return numberText(n);
    }
    default:
      return String(v);
  }
}

/** Rows of the first sheet; rowNumber is the sheet's row number; empty rows are skipped. */
export async function* readXlsRows(path: string): AsyncGenerator<SheetRow[]> {
  const bytes = await readFile(path);
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, { type: 'buffer', cellNF: true, cellDates: false, cellHTML: false, cellFormula: false });
  } catch (e) {
    throw ValidationError.single('file', 'invalid', `The file is not a readable XLS spreadsheet (${e instanceof Error ? e.message : String(e)})`);
  }
  const name = workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  const ref = sheet?.['!ref'];
  if (sheet === undefined || ref === undefined) return;
  const range = XLSX.utils.decode_range(ref);
  const addresses: string[] = [];
  for (let c = 0; c <= range.e.c; c++) addresses.push(XLSX.utils.encode_col(c));
  let batch: SheetRow[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    // Columns left of the used range are empty but still columns: A is always column 1.
    for (let c = 0; c <= range.e.c; c++) cells.push(c < range.s.c ? '' : xlsCellText(sheet[`${addresses[c]}${r + 1}`] as XLSX.CellObject | undefined));
    trimTrailingEmpty(cells);
    if (cells.length === 0) continue;
    // The progress of an in-memory read: the share of rows done, in bytes of the file.
    const offset = Math.round((bytes.length * (r + 1 - range.s.r)) / (range.e.r + 1 - range.s.r));
    batch.push({ rowNumber: r + 1, cells, offset });
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
