/**
 * Recipients from a file (Mobizon AddRecipients `recipientsFile`): CSV in one of the reference's
 * encodings, or a spreadsheet (XLS, and XLSX too), read by the import engine's readers
 * (src/core/imports/reading), so quoting, encodings, BOMs and spreadsheet cells behave exactly as
 * in contact imports.
 *
 * Regular campaigns: one number per line, in the first column (`skipHeader` drops line 1).
 * Template campaigns: line 1 always names the columns ("For the template campaign the value of
 * this parameter is always set to 1"); the `recipient` column holds the numbers, every other named
 * column a placeholder of the text (names matched literally, as placeholders are case-sensitive).
 * Two columns with one name are refused ("If there are columns with the same headings, an error
 * will be returned"). A cell that is present but empty gives an empty value, not a missing one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../../errors.js';
import type { ReadOptions } from '../../../imports/reading/contract.js';
import { readRows } from '../../../imports/reading/read-rows.js';
import { normaliseEncoding, sniffFormat } from '../../../imports/reading/sniff.js';
import type { RecipientInput } from './inputs.js';

/** The column of numbers in a template campaign's file. */
export const RECIPIENT_COLUMN = 'recipient';

export interface FileSourceOptions {
  encoding?: string;
  skipHeader?: boolean;
  delimiter?: string;
  enclosure?: string;
}

/**
 * How the file is to be read, from the request's options: encoding default UTF-8 (ASCII read as
 * UTF-8, its superset; UCS-2 as UTF-16LE, what Windows writes), delimiter default `,`, enclosure
 * default `'` (the reference's defaults). @throws ValidationError for anything unusable.
 */
export function fileReadOptions(bytes: Buffer, options: FileSourceOptions): ReadOptions {
  const requested = options.encoding?.trim() || 'UTF-8';
  let encoding: string;
  try {
    encoding = /^us-?ascii$|^ascii$/i.test(requested) ? 'UTF-8' : normaliseEncoding(requested);
  } catch {
    throw ValidationError.single('recipientsFileEncoding', 'invalid', `Unsupported encoding: ${requested}`);
  }
  const raw = options.delimiter ?? ',';
  const delimiter = raw === '' ? ',' : raw.toLowerCase() === 'tab' || raw === '\\t' ? '\t' : raw;
  const ascii = (s: string): boolean => s.length === 1 && s.charCodeAt(0) < 0x80 && s !== '\n' && s !== '\r';
  if (!ascii(delimiter)) throw ValidationError.single('recipientsFileDelimiter', 'invalid', 'The delimiter must be one ASCII character');
  const enclosure = options.enclosure === undefined || options.enclosure === '' ? "'" : options.enclosure;
  if (!ascii(enclosure) || enclosure === delimiter) {
    throw ValidationError.single('recipientsFileEnclosure', 'invalid', 'The enclosure must be one ASCII character other than the delimiter');
  }
  if (bytes.length === 0) throw ValidationError.single('recipientsFile', 'required', 'The recipients file is empty');
  return { format: sniffFormat(bytes.subarray(0, 8)), encoding, delimiter, enclosure };
}

/**
 * The file's non-empty rows as cells (whole file, or only the first `limit` rows). The readers
 * take a path, so the bytes go to a private temporary file under `<dataDir>/tmp` for the read (a
 * spreadsheet's reader keeps its own temporary files next to it).
 * @throws ValidationError for an unreadable or refused spreadsheet.
 */
export async function readFileCells(bytes: Buffer, opts: ReadOptions, dataDir: string, limit = Infinity): Promise<string[][]> {
  const work = path.join(dataDir, 'tmp');
  await mkdir(work, { recursive: true });
  const dir = await mkdtemp(path.join(work, 'recipients-'));
  const file = path.join(dir, `recipients.${opts.format}`);
  try {
    await writeFile(file, bytes, { mode: 0o600 });
    const rows: string[][] = [];
    for await (const batch of readRows(file, opts)) {
      for (const row of batch) {
        // Rows of empty cells (a spreadsheet's formatted blanks, `,,`) are not lines of the file.
        if (row.cells.every((c) => c.trim() === '')) continue;
        rows.push(row.cells);
        if (rows.length >= limit) return rows;
      }
    }
    return rows;
  } catch (err) {
    if (err instanceof ValidationError && err.issues[0]?.field === 'file') {
      throw ValidationError.single('recipientsFile', 'invalid', err.message);
    }
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface TemplateHeader {
  /** 0-based index of the `recipient` column. */
  recipientColumn: number;
  /** Placeholder name per column index ('' for unnamed columns and the recipient column). */
  names: string[];
}

/** Line 1 of a template campaign's file. @throws ValidationError: no `recipient` column, a name twice. */
export function templateHeader(cells: readonly string[]): TemplateHeader {
  const names = cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') continue;
    if (seen.has(name)) throw ValidationError.single('recipientsFile', 'invalid', `The file has two columns named "${name}"`);
    seen.add(name);
  }
  const recipientColumn = names.findIndex((n) => n.toLowerCase() === RECIPIENT_COLUMN);
  if (recipientColumn === -1) {
    throw ValidationError.single('recipientsFile', 'invalid', `A template campaign's file needs a "${RECIPIENT_COLUMN}" column in its first line`);
  }
  return { recipientColumn, names: names.map((n, i) => (i === recipientColumn ? '' : n)) };
}

/**
 * Pure: the recipients of the file's rows (as readFileCells gives them). Template campaigns use
 * row 1 as the header whatever `skipHeader` says.
 * @throws ValidationError for a template file's bad header.
 */
export function recipientsFromRows(rows: readonly string[][], template: boolean, skipHeader: boolean): RecipientInput[] {
  if (!template) return rows.slice(skipHeader ? 1 : 0).map((cells) => ({ number: (cells[0] ?? '').trim() }));
  const [first, ...data] = rows;
  if (first === undefined) return [];
  const header = templateHeader(first);
  return data.map((cells) => {
    const values: Record<string, string> = {};
    header.names.forEach((name, i) => {
      if (name !== '') values[name] = cells[i] ?? '';
    });
    return { number: (cells[header.recipientColumn] ?? '').trim(), values };
  });
}
