import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { ValidationError } from '../../../../src/core/errors.js';
import {
  detectDelimiter, normaliseDelimiter, normaliseEncoding, sniffBuffer, sniffEncoding, sniffFile, sniffFormat,
} from '../../../../src/core/imports/reading/sniff.js';
import { tempFile } from './helpers.js';

describe('sniffing', () => {
  it('detects the format from magic bytes', () => {
    assert.equal(sniffFormat(Buffer.from('PK\x03\x04rest', 'latin1')), 'xlsx');
    assert.equal(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])), 'xls');
    assert.equal(sniffFormat(Buffer.from('EMAIL,NAME\n')), 'csv');
    assert.equal(sniffFormat(Buffer.alloc(0)), 'csv');
  });

  it('detects the encoding from a BOM, else the option, else UTF-8', () => {
    assert.equal(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), 'UTF-8');
    assert.equal(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0])), 'UTF-16LE');
    assert.equal(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x41])), 'UTF-16BE');
    assert.equal(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]), 'WINDOWS-1251'), 'UTF-16LE');
    assert.equal(sniffEncoding(Buffer.from('abc'), 'windows-1251'), 'WINDOWS-1251');
    assert.equal(sniffEncoding(Buffer.from('abc')), 'UTF-8');
  });

  it('accepts every listed encoding name in any case and refuses others', () => {
    const names: Record<string, string> = {
      'UTF-8': 'UTF-8', 'utf8': 'UTF-8', 'Windows-1251': 'WINDOWS-1251', 'WINDOWS-1252': 'WINDOWS-1252', 'koi8-r': 'KOI8-R',
      'CP866': 'CP866', 'iso-8859-1': 'ISO-8859-1', 'ISO-8859-15': 'ISO-8859-15', 'utf-16le': 'UTF-16LE',
      'UTF-16BE': 'UTF-16BE', 'ucs-2': 'UTF-16LE', 'UCS2': 'UTF-16LE',
    };
    for (const [given, want] of Object.entries(names)) assert.equal(normaliseEncoding(given), want, given);
    assert.throws(() => normaliseEncoding('EBCDIC'), ValidationError);
    assert.throws(() => normaliseEncoding('shift_jis'), ValidationError);
  });

  it('detects the delimiter from the first record, outside quotes', () => {
    assert.equal(detectDelimiter('a,b,c\n1;2;3;4;5\n'), ',');
    assert.equal(detectDelimiter('a;b;c\n'), ';');
    assert.equal(detectDelimiter('a|b|c'), '|');
    assert.equal(detectDelimiter('a\tb\tc\r\n'), '\t');
    assert.equal(detectDelimiter('"x,y,z";b;c\n'), ';');
    assert.equal(detectDelimiter('"x;y;z;w",b\n'), ',');
    assert.equal(detectDelimiter('EMAIL\n'), ',');
    assert.equal(normaliseDelimiter('tab'), '\t');
    assert.throws(() => normaliseDelimiter(':'), ValidationError);
  });

  it('sniffs a whole file', async () => {
    const file = tempFile(iconv.encode('\uFEFFEMAIL;NAME\nä@x.de;Jörg\n', 'utf-16le'));
    assert.deepEqual(await sniffFile(file), { format: 'csv', encoding: 'UTF-16LE', delimiter: ';', enclosure: '"' });
    assert.deepEqual(sniffBuffer(Buffer.from('a|b\n'), { encoding: 'cp1251' }), { format: 'csv', encoding: 'WINDOWS-1251', delimiter: '|', enclosure: '"' });
    assert.equal((await sniffFile(tempFile(Buffer.from('PK\x03\x04', 'latin1')))).format, 'xlsx');
    assert.throws(() => sniffBuffer(Buffer.from('a'), { encoding: 'nope' }), ValidationError);
  });
});
