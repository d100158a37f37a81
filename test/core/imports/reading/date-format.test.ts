import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../../src/core/errors.js';
import { compileDateFormat } from '../../../../src/core/imports/reading/date-format.js';

const CASES: [pattern: string, input: string, expected: string | null][] = [
  ['yyyy-MM-dd', '2013-05-10', '2013-05-10'],
  ['yyyy-MM-dd', ' 2013-05-10 ', '2013-05-10'],
  ['yyyy-MM-dd', '2013-02-30', null],
  ['yyyy-MM-dd', '2012-02-29', '2012-02-29'],
  ['yyyy-MM-dd', '2013-02-29', null],
  ['yyyy-MM-dd', '1900-02-29', null],
  ['yyyy-MM-dd', '2000-02-29', '2000-02-29'],
  ['yyyy-MM-dd', '2013-13-01', null],
  ['yyyy-MM-dd', '2013-00-10', null],
  ['yyyy-MM-dd', '10/05/2013', null],
  ['yyyy-MM-dd', '2013-05-10 12:00', null],
  ['yyyy-MM-dd', '', null],
  ['yyyy-MM-dd', '13-05-10', null],
  ['dd/MM/yyyy', '10/05/2013', '2013-05-10'],
  ['dd/MM/yyyy', '5/3/2013', '2013-03-05'],
  ['dd/MM/yyyy', '31/04/2013', null],
  ['dd/MM/yyyy', '10-05-2013', null],
  ['dd/MM/yyyy', '10/05/2013x', null],
  ['dd/MM/yyyy HH:mm', '10/05/2013 14:48', '2013-05-10T14:48:00'],
  ['dd/MM/yyyy HH:mm', '10/05/2013 24:00', null],
  ['dd/MM/yyyy HH:mm', '10/05/2013 23:60', null],
  ['dd/MM/yyyy HH:mm', '10/05/2013', null],
  ['yyyy-MM-dd HH:mm:ss', '2013-05-10 14:48:07', '2013-05-10T14:48:07'],
  ["yyyy-MM-dd'T'HH:mm:ss.SSS", '2013-05-10T14:48:07.123', '2013-05-10T14:48:07'],
  ['MM/dd/yy', '05/10/13', '2013-05-10'],
  ['MM/dd/yy', '12/31/85', '1985-12-31'],
  ['MM/dd/yy', '12/31/2085', null],
  ['yyyyMMdd', '20130510', '2013-05-10'],
  ['yyyyMMdd', '2013510', null],
  ['d.M.yyyy', '1.2.2003', '2003-02-01'],
  ["dd 'of' MM, yyyy", '01 of 02, 2003', '2003-02-01'],
  ["yyyy''MM''dd", "2003'02'01", '2003-02-01'],
];

describe('date formats', () => {
  it('parses a table of SmartFocus patterns with calendar validation', () => {
    for (const [pattern, input, expected] of CASES) {
      assert.equal(compileDateFormat(pattern)(input), expected, `${pattern} ← ${JSON.stringify(input)}`);
    }
  });

  it('honours the two-digit year window', () => {
    assert.equal(compileDateFormat('yy-MM-dd', { twoDigitYearStart: 1930 })('29-01-01'), '2029-01-01');
    assert.equal(compileDateFormat('yy-MM-dd', { twoDigitYearStart: 1930 })('30-01-01'), '1930-01-01');
  });

  it('refuses patterns it cannot parse faithfully', () => {
    for (const p of ['dd MMM yyyy', 'hh:mm a', 'yyyy-MM', "yyyy-MM-dd 'T", 'yyyy-MM-dd z']) {
      assert.throws(() => compileDateFormat(p), ValidationError, p);
    }
  });
});
