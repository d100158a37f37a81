import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { ValidationError } from '../../../../src/core/errors.js';
import { BATCH_ROWS, readCsvRows } from '../../../../src/core/imports/reading/csv-reader.js';
import { sniffFile } from '../../../../src/core/imports/reading/sniff.js';
import { CSV, allRows, tempFile } from './helpers.js';

/** The concatenated raw bytes of every row must be the file minus its BOM. */
function assertRawCoversFile(file: string, rows: { raw: Buffer }[], bomLength = 0): void {
  assert.deepEqual(Buffer.concat(rows.map((r) => r.raw)), readFileSync(file).subarray(bomLength));
}

describe('CSV reading', () => {
  it('splits records and cells, numbering the header as row 1, with byte offsets', async () => {
    const text = 'EMAIL,FIRSTNAME\r\na@x.com,Ann\r\nb@x.com,Bob';
    const file = tempFile(text);
    const rows = await allRows(file);
    assert.deepEqual(rows.map((r) => r.rowNumber), [1, 2, 3]);
    assert.deepEqual(rows.map((r) => r.cells), [['EMAIL', 'FIRSTNAME'], ['a@x.com', 'Ann'], ['b@x.com', 'Bob']]);
    assert.deepEqual(rows.map((r) => r.raw.toString()), ['EMAIL,FIRSTNAME\r\n', 'a@x.com,Ann\r\n', 'b@x.com,Bob']);
    assert.deepEqual(rows.map((r) => r.offset), [17, 30, text.length]);
    assert.ok(rows.every((r) => r.problem === undefined));
  });

  it('keeps raw bytes exact for quoted fields with embedded newlines, doubled quotes and delimiters', async () => {
    const text = 'EMAIL,NOTE,NAME\n"a@x.com","line1\nline2, ""quoted""",Ann\nb@x.com,5" screen,"Smith, Bob"\n';
    const file = tempFile(text);
    const rows = await allRows(file);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1]?.cells, ['a@x.com', 'line1\nline2, "quoted"', 'Ann']);
    assert.equal(rows[1]?.raw.toString(), '"a@x.com","line1\nline2, ""quoted""",Ann\n');
    assert.deepEqual(rows[2]?.cells, ['b@x.com', '5" screen', 'Smith, Bob']);
    assertRawCoversFile(file, rows);
  });

  it('flags invalid UTF-8 and keeps the bad row byte-identical', async () => {
    const bad = Buffer.from([0x63, 0x40, 0x78, 0x2e, 0x63, 0x6f, 0x6d, 0x2c, 0x4a, 0xf6, 0x72, 0x67, 0x0d, 0x0a]); // c@x.com,J\xF6rg\r\n (latin1 ö)
    const file = tempFile(Buffer.concat([Buffer.from('EMAIL,NAME\r\na@x.com,Zoë\r\n'), bad, Buffer.from('d@x.com,D\uFFFD\r\n')]));
    const rows = await allRows(file);
    assert.equal(rows[1]?.problem, undefined);
    assert.deepEqual(rows[1]?.cells, ['a@x.com', 'Zoë']);
    assert.deepEqual(rows[2]?.problem, { column: '', reason: 'invalid character encoding (not UTF-8)' });
    assert.deepEqual(rows[2]?.raw, bad);
    assert.equal(rows[3]?.problem, undefined, 'a genuine U+FFFD is valid UTF-8');
    assertRawCoversFile(file, rows);
  });

  it('round-trips every supported encoding', async () => {
    const samples: Record<string, string> = {
      'UTF-8': 'Zoë Ωμέγα Привет', 'WINDOWS-1251': 'Привет мир', 'WINDOWS-1252': 'Zoë “quote” €', 'KOI8-R': 'Привет мир',
      'CP866': 'Привет мир', 'ISO-8859-1': 'Zoë Jörg ß', 'ISO-8859-15': 'Zoë € Œuvre', 'UTF-16LE': 'Zoë Привет 日本 😀',
      'UTF-16BE': 'Zoë Привет 日本 😀', 'UCS-2': 'Zoë Привет',
    };
    for (const [encoding, word] of Object.entries(samples)) {
      const text = `EMAIL;NAME\r\na@x.com;"${word}"\r\nb@x.com;${word}\n`;
      const iconvName = encoding === 'UCS-2' ? 'utf-16le' : encoding;
      const bytes = iconv.encode(text, iconvName);
      const file = tempFile(bytes);
      const opts = await sniffFile(file, { encoding });
      assert.equal(opts.delimiter, ';', encoding);
      const rows = await allRows(file, opts);
      assert.deepEqual(rows.map((r) => r.cells), [['EMAIL', 'NAME'], ['a@x.com', word], ['b@x.com', word]], encoding);
      assert.ok(rows.every((r) => r.problem === undefined), encoding);
      assertRawCoversFile(file, rows);
      assert.equal(rows[2]?.offset, bytes.length, encoding);
    }
  });

  it('skips a BOM (UTF-8 and UTF-16) but counts it in offsets', async () => {
    const utf8 = tempFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('EMAIL\na@x.com\n')]));
    const rows = await allRows(utf8);
    assert.deepEqual(rows.map((r) => r.cells), [['EMAIL'], ['a@x.com']]);
    assert.equal(rows[1]?.offset, 17);
    const le = iconv.encode('\uFEFFEMAIL,NAME\na@x.com,Ann\n', 'utf-16le');
    const leFile = tempFile(le);
    const leRows = await allRows(leFile, CSV); // the option says UTF-8: the BOM wins
    assert.deepEqual(leRows.map((r) => r.cells), [['EMAIL', 'NAME'], ['a@x.com', 'Ann']]);
    assertRawCoversFile(leFile, leRows, 2);
  });

  it('reads every delimiter', async () => {
    for (const d of [',', ';', '|', '\t']) {
      const file = tempFile(`EMAIL${d}NAME\na@x.com${d}"A${d}B"\n`);
      const opts = await sniffFile(file);
      assert.equal(opts.delimiter, d);
      const rows = await allRows(file, opts);
      assert.deepEqual(rows[1]?.cells, ['a@x.com', `A${d}B`]);
    }
  });

  it('reports too many columns, empty lines and unbalanced enclosures, and goes on', async () => {
    const text = 'EMAIL,NAME\na@x.com,Ann\nb@x.com,Bob,extra\n\n\r\n"c@x.com,Cat\nd@x.com,Dan\n';
    const file = tempFile(text);
    const rows = await allRows(file);
    const problems = rows.map((r) => r.problem?.reason ?? null);
    assert.deepEqual(problems, [null, null, 'too many columns: 3, expected 2', 'empty line', 'empty line', 'unbalanced enclosure', null]);
    assert.deepEqual(rows.map((r) => r.rowNumber), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(rows[5]?.raw.toString(), '"c@x.com,Cat\n');
    assert.deepEqual(rows[6]?.cells, ['d@x.com', 'Dan']);
    assertRawCoversFile(file, rows);
  });

  it('uses expectedColumns when given (headerless files)', async () => {
    const file = tempFile('a@x.com,Ann,1\nb@x.com,Bob\n');
    const rows = await allRows(file, { ...CSV, expectedColumns: 2 });
    assert.equal(rows[0]?.problem?.reason, 'too many columns: 3, expected 2');
    assert.equal(rows[1]?.problem, undefined);
  });

  it('resumes after a record without re-reading earlier rows, still checking the width', async () => {
    const file = tempFile('EMAIL,NAME\na@x.com,Ann\n"b@x.com","B\nob"\nc@x.com,Cat,x\nd@x.com,Dan\n');
    const all = await allRows(file);
    const rows = await allRows(file, CSV, 3);
    assert.deepEqual(rows.map((r) => r.rowNumber), [4, 5]);
    assert.equal(rows[0]?.problem?.reason, 'too many columns: 3, expected 2');
    assert.deepEqual(rows.map((r) => r.offset), all.slice(3).map((r) => r.offset));
    const utf16 = tempFile(iconv.encode('\uFEFFEMAIL,NAME\na@x.com,Ann\nb@x.com,Bob\n', 'utf-16be'));
    const resumed = await allRows(utf16, CSV, 2);
    assert.deepEqual(resumed.map((r) => [r.rowNumber, r.cells, r.offset]), [[3, ['b@x.com', 'Bob'], 2 + 2 * 35]]);
  });

  it('streams big files in batches across chunk boundaries', async () => {
    const lines = ['EMAIL,NOTE'];
    for (let i = 0; i < 60_000; i++) lines.push(i % 7 === 0 ? `u${i}@x.com,"multi\nline ""${i}"", ok"` : `u${i}@x.com,plain ${i} ${'x'.repeat(i % 80)}`);
    const text = lines.join('\n') + '\n';
    const file = tempFile(text);
    const sizes: number[] = [];
    const rows = [];
    for await (const batch of readCsvRows(file, CSV)) {
      sizes.push(batch.length);
      rows.push(...batch);
    }
    assert.ok(Buffer.byteLength(text) > 2 * 1024 * 1024, 'spans several read chunks');
    assert.equal(rows.length, 60_001);
    assert.ok(sizes.every((s) => s <= BATCH_ROWS));
    assert.ok(rows.every((r) => r.problem === undefined));
    assert.deepEqual(rows[7 * 1000 + 1]?.cells, [`u${7000}@x.com`, `multi\nline "${7000}", ok`]);
    assertRawCoversFile(file, rows);
  });

  it('refuses unusable options', async () => {
    const file = tempFile('a\n');
    await assert.rejects(allRows(file, { ...CSV, encoding: 'klingon' }), ValidationError);
    await assert.rejects(allRows(file, { ...CSV, enclosure: ',' }), ValidationError);
  });
});
