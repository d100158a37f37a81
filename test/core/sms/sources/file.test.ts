import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { ValidationError } from '../../../../src/core/errors.js';
import { fileReadOptions, readFileCells, recipientsFromRows, templateHeader } from '../../../../src/core/sms/campaigns/sources/file.js';
import { contactValues } from '../../../../src/core/sms/campaigns/sources/groups.js';
import { deflatedEntry, zipArchive } from '../../../support/zip-files.js';
import { sharedStringsBomb, sheetXml, workbookParts } from '../../../support/spreadsheets.js';

/** Stands for the data directory, under which the recipients file is read. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-recipients-test-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function parse(bytes: Buffer, template: boolean, options: Parameters<typeof fileReadOptions>[1] = {}) {
  const rows = await readFileCells(bytes, fileReadOptions(bytes, options), dataDir);
  return recipientsFromRows(rows, template, options.skipHeader === true);
}

describe('recipients file options', () => {
  it("defaults to UTF-8, ',' and the reference's single-quote enclosure", () => {
    assert.deepEqual(fileReadOptions(Buffer.from('1\n'), {}), { format: 'csv', encoding: 'UTF-8', delimiter: ',', enclosure: "'" });
  });

  it('takes every encoding the reference lists (ASCII as UTF-8, UCS-2 as UTF-16LE)', () => {
    const names = ['KOI8-R', 'CP866', 'WINDOWS-1252', 'WINDOWS-1251', 'UTF-8', 'ASCII', 'ISO-8859-1', 'UCS-2'];
    const got = names.map((encoding) => fileReadOptions(Buffer.from('1'), { encoding }).encoding);
    assert.deepEqual(got, ['KOI8-R', 'CP866', 'WINDOWS-1252', 'WINDOWS-1251', 'UTF-8', 'UTF-8', 'ISO-8859-1', 'UTF-16LE']);
  });

  it('refuses an unknown encoding, a long delimiter, an enclosure equal to the delimiter, an empty file', () => {
    const field = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (err) {
        assert.ok(err instanceof ValidationError);
        return err.issues[0]?.field;
      }
      return undefined;
    };
    assert.equal(field(() => fileReadOptions(Buffer.from('1'), { encoding: 'EBCDIC' })), 'recipientsFileEncoding');
    assert.equal(field(() => fileReadOptions(Buffer.from('1'), { delimiter: ';;' })), 'recipientsFileDelimiter');
    assert.equal(field(() => fileReadOptions(Buffer.from('1'), { delimiter: ';', enclosure: ';' })), 'recipientsFileEnclosure');
    assert.equal(field(() => fileReadOptions(Buffer.alloc(0), {})), 'recipientsFile');
    assert.equal(fileReadOptions(Buffer.from('1'), { delimiter: 'tab' }).delimiter, '\t');
  });
});

describe('recipients from a CSV file', () => {
  it('regular campaign: first column, one number per line, empty lines skipped, skipHeader drops line 1', async () => {
    const csv = Buffer.from('phone,comment\r\n+7 701 000 0001,x\r\n\r\n77010000002\r\n,only a comment\r\n');
    assert.deepEqual(await parse(csv, false, { skipHeader: true }), [{ number: '+7 701 000 0001' }, { number: '77010000002' }, { number: '' }]);
    assert.equal((await parse(csv, false)).length, 4);
  });

  it("template campaign: the 'recipient' column and placeholders, in WINDOWS-1251 with ';' and \"", async () => {
    const text = 'name;recipient;balance\n"Иванов; Пётр";77010000001;12,50\nОльга;77010000002;\n';
    const rows = await parse(iconv.encode(text, 'win1251'), true, { encoding: 'WINDOWS-1251', delimiter: ';', enclosure: '"' });
    assert.deepEqual(rows, [
      { number: '77010000001', values: { name: 'Иванов; Пётр', balance: '12,50' } },
      { number: '77010000002', values: { name: 'Ольга', balance: '' } },
    ]);
  });

  it("the default enclosure is the single quote, and the header is used whatever skipHeader says", async () => {
    const rows = await parse(Buffer.from("recipient,name\n77010000001,'Smith, John'\n"), true, { skipHeader: false });
    assert.deepEqual(rows, [{ number: '77010000001', values: { name: 'Smith, John' } }]);
  });

  it('UTF-8 with a BOM and UCS-2 (UTF-16LE with BOM) read the same', async () => {
    const text = 'recipient,name\n77010000001,Вася\n';
    const utf8 = await parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), true);
    const ucs2 = await parse(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]), true, { encoding: 'UCS-2' });
    assert.deepEqual(utf8, [{ number: '77010000001', values: { name: 'Вася' } }]);
    assert.deepEqual(ucs2, utf8);
  });

  it('KOI8-R and CP866 decode Cyrillic', async () => {
    for (const encoding of ['KOI8-R', 'CP866']) {
      const rows = await parse(iconv.encode('recipient,name\n77010000001,Вася\n', encoding), true, { encoding });
      assert.equal(rows[0]?.values?.name, 'Вася', encoding);
    }
  });

  it('a template header without recipient, or with a name twice, is refused', () => {
    assert.throws(() => templateHeader(['name', 'balance']), (e: unknown) => e instanceof ValidationError && /recipient/.test(e.message));
    assert.throws(() => templateHeader(['recipient', 'name', ' name ']), (e: unknown) => e instanceof ValidationError && /two columns named "name"/.test(e.message));
    assert.deepEqual(templateHeader(['Name', 'RECIPIENT', '', 'name']), { recipientColumn: 1, names: ['Name', '', '', 'name'] });
  });
});

describe('recipients from spreadsheets', () => {
  it('XLSX: numbers typed as numbers keep all their digits; placeholders from the header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Recipients');
    ws.addRow(['recipient', 'name', 'date']);
    ws.addRow([77010000001, 'Вася', '26.10.17']);
    ws.addRow(['380971112233', 'Olga', '27.10.17']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    assert.deepEqual(await parse(bytes, true), [
      { number: '77010000001', values: { name: 'Вася', date: '26.10.17' } },
      { number: '380971112233', values: { name: 'Olga', date: '27.10.17' } },
    ]);
  });

  it('XLS (BIFF8): one number per line for a regular campaign', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([[77010000001], [77010000002], ['+380971112233']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, 'S');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
    assert.deepEqual(await parse(bytes, false), [{ number: '77010000001' }, { number: '77010000002' }, { number: '+380971112233' }]);
  });

  it('a damaged spreadsheet is a validation error on recipientsFile', async () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    await assert.rejects(readFileCells(bytes, fileReadOptions(bytes, {}), dataDir), (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'recipientsFile');
  });

  it('a spreadsheet bomb is refused on recipientsFile before parsing; nothing is left under the data dir', async () => {
    const bytes = zipArchive([...workbookParts(), deflatedEntry('xl/worksheets/sheet1.xml', sheetXml(3)), await sharedStringsBomb(200)]);
    await assert.rejects(
      readFileCells(bytes, fileReadOptions(bytes, {}), dataDir),
      (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'recipientsFile' && /spreadsheet is refused: xl\/sharedStrings.xml is compressed more than 200 to 1/.test(e.message),
    );
    assert.deepEqual(readdirSync(path.join(dataDir, 'tmp')), []);
  });
});

describe('placeholder values of a contact', () => {
  const card = {
    firstName: 'Vasya', middleName: '', lastName: 'Pupkin', title: 'Mr', email: null, company: 'ACME', jobTitle: '', town: 'Almaty',
    country: 'KZ', postCode: '', telephone: '', mobile: '+77010000001', dateOfBirth: null,
  };

  it('name and firstName are the first name; null fields are missing, empty ones empty', () => {
    const v = contactValues(card);
    assert.equal(v.name, 'Vasya');
    assert.equal(v.firstName, 'Vasya');
    assert.equal(v.lastName, 'Pupkin');
    assert.equal(v.middleName, '');
    assert.equal('email' in v, false);
    assert.equal('dateOfBirth' in v, false);
  });

  it('custom fields by name, never over a standard name', () => {
    const v = contactValues(card, new Map([['Balance', '12.50'], ['name', 'custom'], ['email', 'x@y']]));
    assert.equal(v.Balance, '12.50');
    assert.equal(v.name, 'Vasya');
    assert.equal('email' in v, false);
  });
});
