import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { sniffFile } from '../../../../src/core/imports/reading/sniff.js';
import { allRows, tempPath } from './helpers.js';

describe('spreadsheet reading', () => {
  it('reads the first worksheet of an xlsx, typed cells as text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Members');
    ws.addRow(['EMAIL', 'FIRSTNAME', 'DATEOFBIRTH', 'EMVCELLPHONE', 'NOTE', 'TOTAL']);
    ws.addRow(['a@x.com', 'Ann', new Date(Date.UTC(1980, 4, 17)), 447700900123, 'Say "hi", ok', { formula: '1+1', result: 2 }]);
    ws.addRow(['b@x.com', { richText: [{ text: 'Bo' }, { text: 'b' }] }, new Date(Date.UTC(1990, 0, 2, 13, 45, 0)), 12.5, null, true]);
    ws.addRow(['c@x.com', 'Cat', null, null, null, null, 'extra']);
    wb.addWorksheet('Other').addRow(['ignored']);
    const file = tempPath('xlsx');
    await wb.xlsx.writeFile(file);

    const opts = await sniffFile(file);
    assert.equal(opts.format, 'xlsx');
    const rows = await allRows(file, opts);
    assert.deepEqual(rows.map((r) => r.rowNumber), [1, 2, 3, 4]);
    assert.deepEqual(rows[1]?.cells, ['a@x.com', 'Ann', '1980-05-17', '447700900123', 'Say "hi", ok', '2']);
    assert.deepEqual(rows[2]?.cells, ['b@x.com', 'Bob', '1990-01-02T13:45:00', '12.5', '', 'TRUE']);
    assert.equal(rows[1]?.raw.toString('utf8'), 'a@x.com,Ann,1980-05-17,447700900123,"Say ""hi"", ok",2\n');
    assert.equal(rows[3]?.problem?.reason, 'too many columns: 7, expected 6');
    assert.ok(rows.every((r) => r.offset > 0));

    const resumed = await allRows(file, opts, 2);
    assert.deepEqual(resumed.map((r) => r.rowNumber), [3, 4]);
    assert.equal(resumed[1]?.problem?.reason, 'too many columns: 7, expected 6');
  });

  it('reads the first sheet of a legacy xls', async () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['EMAIL', 'LASTNAME', 'DATEOFBIRTH', 'MEMBER_ID'],
      ['a@x.com', 'Иванов', new Date(Date.UTC(1975, 11, 31)), 42],
      [],
      ['b@x.com', 'Zoë', '2001-02-03', 7, 'x'],
    ], { cellDates: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
    const file = tempPath('xls');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer);

    const opts = await sniffFile(file);
    assert.equal(opts.format, 'xls');
    const rows = await allRows(file, opts);
    assert.deepEqual(rows.map((r) => r.rowNumber), [1, 2, 4]);
    assert.deepEqual(rows[1]?.cells, ['a@x.com', 'Иванов', '1975-12-31', '42']);
    assert.equal(rows[1]?.raw.toString('utf8'), 'a@x.com,Иванов,1975-12-31,42\n');
    assert.equal(rows[2]?.problem?.reason, 'too many columns: 5, expected 4');
    const resumed = await allRows(file, opts, 2);
    assert.deepEqual(resumed.map((r) => r.rowNumber), [4]);
  });
});
