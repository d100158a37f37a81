/**
 * What the two spreadsheet readers share: turning typed cell values into text, the synthetic `raw`
 * line, and the per-row checks of the CSV reader (too many columns).
 *
 * A spreadsheet has no "original line" to put in the bad file, so `raw` is the row re-serialised
 * as one CSV line (comma-separated, UTF-8, LF): what a user opening the bad file expects to see.
 */
import type { SourceRow } from './contract.js';
import { csvCell } from './cells.js';

/** Calendar date (or date-time) as ISO text, read in UTC: spreadsheet dates carry no time zone. */
export function isoFromParts(y: number, m: number, d: number, hh: number, mm: number, ss: number): string {
  const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const date = `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
  return hh === 0 && mm === 0 && ss === 0 ? date : `${date}T${p2(hh)}:${p2(mm)}:${p2(ss)}`;
}

export function isoFromDate(d: Date): string {
  // Round to the second: Excel serials carry float noise (…:59.999).
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  return isoFromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
}

/** A number as people typed it: integers without exponent or decimals (phone numbers, ids). */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toLocaleString('en-US', { useGrouping: false });
  return String(n);
}

/** A row as the parsing worker sends it: what a SourceRow is built from. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
  offset: number;
}

export class SpreadsheetRowBuilder {
  private expected: number | undefined;

  constructor(expected: number | undefined) {
    this.expected = expected;
  }

  build(rowNumber: number, cells: string[], offset: number): SourceRow {
    const raw = Buffer.from(cells.map((c) => csvCell(c)).join(',') + '\n', 'utf8');
    let problem: SourceRow['problem'];
    if (this.expected === undefined) this.expected = cells.length;
    else if (cells.length > this.expected) {
      problem = { column: '', reason: `too many columns: ${cells.length}, expected ${this.expected}` };
    }
    return { rowNumber, raw, cells, offset, problem };
  }
}

/** Drops trailing empty cells: spreadsheets often carry formatted but empty columns at the right. */
export function trimTrailingEmpty(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === '') n--;
  if (n !== cells.length) cells.length = n;
  return cells;
}

/**
 * SourceRow batches from the worker's SheetRow batches, skipping rows numbered ≤ `startAfterRecord`
 * (the header still fixes the expected width when a resumed job skips it).
 */
export async function* sourceRows(batches: AsyncIterable<SheetRow[]>, expected: number | undefined, startAfterRecord: number): AsyncGenerator<SourceRow[]> {
  const builder = new SpreadsheetRowBuilder(expected);
  for await (const batch of batches) {
    const out: SourceRow[] = [];
    for (const row of batch) {
      const built = builder.build(row.rowNumber, row.cells, row.offset);
      if (row.rowNumber > startAfterRecord) out.push(built);
    }
    if (out.length > 0) yield out;
  }
}
