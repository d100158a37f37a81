import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHEET_LIMITS, zipProblem, type ZipEntrySize } from '../../../../src/core/imports/reading/sheet-limits.js';

const MB = 1024 * 1024;
const entry = (name: string, compressedSize: number, uncompressedSize: number): ZipEntrySize => ({ name, compressedSize, uncompressedSize });

describe('zipProblem', () => {
  const cases: [string, ZipEntrySize[], RegExp | null][] = [
    ['a normal workbook', [entry('xl/worksheets/sheet1.xml', 4 * MB, 40 * MB), entry('xl/sharedStrings.xml', 2 * MB, 20 * MB)], null],
    ['a tiny entry compressed 1000 to 1 (under the ratio floor)', [entry('xl/styles.xml', 1000, 1000 * 1000)], null],
    ['an entry compressed more than 200 to 1', [entry('xl/worksheets/sheet1.xml', 100 * 1024, 200 * MB)], /sheet1.xml is compressed more than 200 to 1/],
    ['shared strings over 100 MB', [entry('xl/sharedStrings.xml', 20 * MB, 101 * MB)], /shared strings exceed 100 MB/],
    ['more than 1 GB in total', Array.from({ length: 11 }, (_, i) => entry(`xl/worksheets/sheet${i}.xml`, 10 * MB, 100 * MB)), /uncompresses to more than 1024 MB/],
    ['more than 2,000 entries', Array.from({ length: 2001 }, (_, i) => entry(`a${i}`, 1, 1)), /more than 2000 entries/],
    ['exactly 2,000 entries', Array.from({ length: 2000 }, (_, i) => entry(`a${i}`, 1, 1)), null],
  ];
  for (const [name, entries, expected] of cases) {
    it(name, () => {
      const problem = zipProblem(entries, SHEET_LIMITS);
      if (expected === null) assert.equal(problem, null);
      else assert.match(problem ?? '', expected);
    });
  }
});
