import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import XLSX from 'xlsx';
import { ValidationError } from '../../../../src/core/errors.js';
import type { ReadOptions } from '../../../../src/core/imports/reading/contract.js';
import { readRows } from '../../../../src/core/imports/reading/read-rows.js';
import { SHEET_LIMITS } from '../../../../src/core/imports/reading/sheet-limits.js';
import { readSpreadsheet } from '../../../../src/core/imports/reading/sheet-thread.js';
import { deflatedEntry, zipArchive } from '../../../support/zip-files.js';
import { allRows, tempPath } from './helpers.js';
import { normalXlsx, sharedStringsBomb, sharedStringsXml, sheetBomb, sheetXml, workbookParts } from '../../../support/spreadsheets.js';

const XLSX_READ: ReadOptions = { format: 'xlsx', encoding: 'UTF-8', delimiter: ',', enclosure: '"' };
const XLS_READ: ReadOptions = { ...XLSX_READ, format: 'xls' };

/** A file alone in a fresh directory (the reader's temporary directory goes next to it). */
function fileInOwnDir(content: Buffer, ext: string): string {
  const dir = tempPath('dir');
  mkdirSync(dir);
  const file = path.join(dir, `upload.${ext}`);
  writeFileSync(file, content);
  return file;
}

/** exceljs names its spilled worksheets `tmp-<pid>-…` in the temp folder it is given. */
const strayTemp = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`tmp-${process.pid}-`));

interface Refusal {
  message: string;
  ms: number;
  rssGrowthMb: number;
}

async function refusal(file: string, read: ReadOptions): Promise<Refusal> {
  const rss = process.memoryUsage().rss;
  const started = Date.now();
  let peak = rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    await allRows(file, read);
  } catch (e) {
    assert.ok(e instanceof ValidationError, `a ValidationError, not ${String(e)}`);
    assert.equal(e.issues[0]?.field, 'file');
    return { message: e.message, ms: Date.now() - started, rssGrowthMb: (peak - rss) / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  assert.fail('the file was read');
}

/** Refused within a few seconds, with the process's memory bounded, nothing left behind. */
function assertRefusedCleanly(r: Refusal, file: string, reason: RegExp): void {
  assert.match(r.message, reason);
  assert.ok(r.ms < 5000, `refused in ${r.ms} ms`);
  assert.ok(r.rssGrowthMb < 64, `memory grew by ${r.rssGrowthMb.toFixed(1)} MB`);
  assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)], 'no temporary files next to the upload');
  assert.deepEqual(strayTemp(), [], `no temporary files in ${tmpdir()}`);
}

describe('spreadsheet bombs are refused before parsing', () => {
  it('200 MB of shared strings in a few hundred kB', async () => {
    const file = fileInOwnDir(zipArchive([...workbookParts(), deflatedEntry('xl/worksheets/sheet1.xml', sheetXml(3)), await sharedStringsBomb(200)]), 'xlsx');
    assertRefusedCleanly(await refusal(file, XLSX_READ), file, /refused: xl\/sharedStrings.xml is compressed more than 200 to 1/);
  });

  it('four 60 MB worksheets before the shared strings (they would be spilled to disk)', async () => {
    const sheets = await Promise.all([1, 2, 3, 4].map((n) => sheetBomb(`xl/worksheets/sheet${n}.xml`, 60)));
    const file = fileInOwnDir(zipArchive([...workbookParts(), ...sheets, deflatedEntry('xl/sharedStrings.xml', sharedStringsXml(['x']))]), 'xlsx');
    assertRefusedCleanly(await refusal(file, XLSX_READ), file, /refused: xl\/worksheets\/sheet1.xml is compressed more than 200 to 1/);
  });

  it('shared strings under the ratio but over the size cap', async () => {
    const limits = { ...SHEET_LIMITS, maxSharedStringsBytes: 64 * 1024 };
    const file = fileInOwnDir(zipArchive(normalXlsx(3000)), 'xlsx');
    await assert.rejects(allSheetRows(file, 'xlsx', limits), /refused: its shared strings exceed/);
  });

  it('a zip of 3,000 entries', async () => {
    const entries = Array.from({ length: 3000 }, (_, i) => deflatedEntry(`xl/media/image${i}.png`, 'x'));
    const file = fileInOwnDir(zipArchive([...normalXlsx(3), ...entries]), 'xlsx');
    assertRefusedCleanly(await refusal(file, XLSX_READ), file, /refused: the archive has more than 2000 entries/);
  });

  it('a declared size of 4 GB', async () => {
    const huge = { ...deflatedEntry('xl/worksheets/sheet2.xml', 'x'.repeat(1000)), size: 0xfffffffe };
    const file = fileInOwnDir(zipArchive([...normalXlsx(3), huge]), 'xlsx');
    assertRefusedCleanly(await refusal(file, XLSX_READ), file, /refused: .*(compressed more than|uncompresses to more than)/);
  });

  it('a declared size that lies: 60 MB inflated from an entry that claims 1 kB', async () => {
    const liar = { ...(await sheetBomb('xl/worksheets/sheet1.xml', 60)), size: 1024 };
    const file = fileInOwnDir(zipArchive([...workbookParts(), liar, deflatedEntry('xl/sharedStrings.xml', sharedStringsXml(['x']))]), 'xlsx');
    assertRefusedCleanly(await refusal(file, XLSX_READ), file, /refused: it is not a readable XLSX archive \(.*too many bytes/);
  });

  it('a 20 MB legacy .xls, and a file that only claims to be one', async () => {
    const file = fileInOwnDir(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'xls');
    truncateSync(file, 20 * 1024 * 1024);
    assertRefusedCleanly(await refusal(file, XLS_READ), file, /refused: XLS files are limited to 16 MB/);
    const csv = fileInOwnDir(Buffer.from('email\na@example.com\n'), 'xls');
    assertRefusedCleanly(await refusal(csv, XLS_READ), csv, /refused: it is not an XLS file/);
  });
});

async function allSheetRows(file: string, format: 'xlsx' | 'xls', limits = SHEET_LIMITS): Promise<number> {
  let n = 0;
  for await (const batch of readSpreadsheet(file, format, limits)) n += batch.length;
  return n;
}

describe('spreadsheets are parsed in a bounded worker', () => {
  it('reads an XLSX whose sheet comes before its shared strings, and leaves no temporary file', async () => {
    const file = fileInOwnDir(zipArchive(normalXlsx(5000)), 'xlsx');
    const rows = await allRows(file, XLSX_READ);
    assert.equal(rows.length, 5000);
    assert.deepEqual(rows[4999]?.cells, ['person5000@example.com', '5000']);
    assert.deepEqual(readdirSync(path.dirname(file)), ['upload.xlsx']);
    assert.deepEqual(strayTemp(), []);
  });

  it('a consumer that stops after the first batch leaves no temporary file', async () => {
    const file = fileInOwnDir(zipArchive(normalXlsx(5000)), 'xlsx');
    for await (const batch of readRows(file, XLSX_READ)) {
      assert.equal(batch[0]?.rowNumber, 1);
      // The worker spilled the sheet under the upload's directory, not the system temp folder.
      assert.equal(readdirSync(path.dirname(file)).filter((n) => n.startsWith('.sheet-')).length, 1);
      break;
    }
    assert.deepEqual(readdirSync(path.dirname(file)), ['upload.xlsx']);
    assert.deepEqual(strayTemp(), []);
  });

  it('reads a legacy XLS in the worker', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['email', 'n'], ['a@example.com', 1], ['b@example.com', 2]]), 'S');
    const file = fileInOwnDir(XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer, 'xls');
    const rows = await allRows(file, XLS_READ);
    assert.deepEqual(rows.map((r) => r.cells), [['email', 'n'], ['a@example.com', '1'], ['b@example.com', '2']]);
    assert.deepEqual(readdirSync(path.dirname(file)), ['upload.xls']);
  });

  it('a parse slower than the time limit fails and cleans up', async () => {
    const file = fileInOwnDir(zipArchive(normalXlsx(5000)), 'xlsx');
    await assert.rejects(allSheetRows(file, 'xlsx', { ...SHEET_LIMITS, chunkTimeoutMs: 1 }), (e: unknown) => e instanceof ValidationError && /took more than/.test(e.message));
    assert.deepEqual(readdirSync(path.dirname(file)), ['upload.xlsx']);
  });

  it('a parse that needs more memory than the worker has fails alone', async () => {
    const limits = { ...SHEET_LIMITS, workerHeapMb: 32, maxCompressionRatio: 1e9, maxSharedStringsBytes: 1e9 };
    const file = fileInOwnDir(zipArchive([...workbookParts(), deflatedEntry('xl/worksheets/sheet1.xml', sheetXml(3)), await sharedStringsBomb(80)]), 'xlsx');
    await assert.rejects(allSheetRows(file, 'xlsx', limits), (e: unknown) => e instanceof ValidationError && /needs more than 32 MB of memory/.test(e.message));
    assert.deepEqual(readdirSync(path.dirname(file)), ['upload.xlsx']);
    assert.deepEqual(strayTemp(), []);
  });
});
