import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateContactFields } from '../../../../src/core/audience/contacts/fields.js';
import { IssueList, ValidationError } from '../../../../src/core/errors.js';
import type { RecordRules, SourceRow } from '../../../../src/core/imports/reading/contract.js';
import { resolveMapping } from '../../../../src/core/imports/reading/mapping.js';
import { problemOf, toRecord } from '../../../../src/core/imports/reading/records.js';

const HEADER = ['EMAIL', 'FIRSTNAME', 'DATEOFBIRTH', 'EMVCELLPHONE', 'COUNTRY', 'GENDER', 'STATUS', 'MEMBER_ID', 'Loyalty'];
const CUSTOM_IDS: ReadonlySet<number> = new Set([7]);

function rules(over: Partial<RecordRules> = {}): RecordRules {
  return {
    mapping: resolveMapping(HEADER, undefined, [{ id: 7, name: 'Loyalty' }]),
    dateFormat: 'dd/MM/yyyy',
    dedupKey: 'email',
    defaultCountry: 'GB',
    columnNames: HEADER,
    ...over,
  };
}

function row(cells: string[], problem?: SourceRow['problem']): SourceRow {
  return { rowNumber: 2, raw: Buffer.from(cells.join(',') + '\n'), cells, offset: 10, problem };
}

const GOOD = ['Ann@Example.COM', ' Ann ', '17/05/1980', '07911 123456', 'gbr', 'female', 'dormant', '42', 'Gold'];

describe('records', () => {
  it('maps, parses and normalises a good row', () => {
    const out = toRecord(row(GOOD), rules(), CUSTOM_IDS);
    assert.ok(out.ok);
    const r = out.record;
    assert.equal(r.rowNumber, 2);
    assert.equal(r.key, 'ann@example.com');
    assert.equal(r.memberId, 42);
    assert.deepEqual(r.values, {
      firstName: 'Ann', mobile: '+447911123456', email: 'Ann@Example.COM', emailKey: 'ann@example.com',
      dateOfBirth: '1980-05-17', country: 'GB', gender: 'Female', status: 'Dormant',
    });
    assert.deepEqual([...r.custom], [[7, 'Gold']]);
    assert.equal(r.keepIfEmpty.size, 0);
  });

  it('computes the mobile and member id keys', () => {
    const mobile = toRecord(row(GOOD), rules({ dedupKey: 'mobile' }), CUSTOM_IDS);
    assert.ok(mobile.ok);
    assert.equal(mobile.record.key, '+447911123456');
    const member = toRecord(row(GOOD), rules({ dedupKey: 'memberId' }), CUSTOM_IDS);
    assert.ok(member.ok);
    assert.equal(member.record.key, '42');
  });

  it('accepts ISO dates whatever the format (spreadsheet date cells)', () => {
    const cells = [...GOOD];
    cells[2] = '1980-05-17';
    const out = toRecord(row(cells), rules(), CUSTOM_IDS);
    assert.ok(out.ok);
    assert.equal(out.record.values.dateOfBirth, '1980-05-17');
  });

  it('keeps empty cells of keep-if-empty columns as "no change"', () => {
    const mapping = resolveMapping(null, [
      { column: 1, field: 'EMAIL', replace: false },
      { column: 2, field: 'FIRSTNAME', replace: false },
      { column: 3, field: 'LASTNAME', replace: true },
      { column: 4, field: 'custom:7', replace: false },
      { column: 5, field: 'custom:8', replace: true },
    ], [{ id: 7, name: 'a' }, { id: 8, name: 'b' }]);
    const out = toRecord(row(['a@x.com', '', '', '', '']), { mapping, dateFormat: 'yyyy-MM-dd', dedupKey: 'email', defaultCountry: null }, new Set([7, 8]));
    assert.ok(out.ok);
    assert.deepEqual(out.record.values, { firstName: '', lastName: '', email: 'a@x.com', emailKey: 'a@x.com' });
    assert.deepEqual([...out.record.keepIfEmpty].sort(), ['custom:7', 'email', 'firstName']);
    assert.deepEqual([...out.record.custom], [[8, '']]);
  });

  it('rejects every kind of bad row with the column named', () => {
    const cases: [index: number, value: string, column: string, reason: string, over?: Partial<RecordRules>][] = [
      [0, 'not-an-email', 'EMAIL', 'Invalid Email Address'],
      [0, '', 'EMAIL', 'EMAIL is empty'],
      [2, '2013-02-30', 'DATEOFBIRTH', 'Invalid date "2013-02-30" (expected dd/MM/yyyy)'],
      [2, '30/02/2013', 'DATEOFBIRTH', 'Invalid date "30/02/2013" (expected dd/MM/yyyy)'],
      [3, '12345', 'EMVCELLPHONE', 'Invalid Mobile Number'],
      [3, '', 'EMVCELLPHONE', 'EMVCELLPHONE is empty', { dedupKey: 'mobile' }],
      [4, 'Narnia', 'COUNTRY', 'Invalid Country Code'],
      [5, 'robot', 'GENDER', 'Gender must be Male or Female'],
      [6, 'maybe', 'STATUS', 'Status must be Permitted, Dormant or Excluded'],
      [7, '4x2', 'MEMBER_ID', 'Invalid MEMBER_ID "4x2" (expected a positive integer)'],
      [7, '', 'MEMBER_ID', 'MEMBER_ID is empty', { dedupKey: 'memberId' }],
    ];
    for (const [index, value, column, reason, over] of cases) {
      const cells = [...GOOD];
      cells[index] = value;
      assert.deepEqual(problemOf(toRecord(row(cells), rules(over), CUSTOM_IDS)), { column, reason }, `${HEADER[index]}=${value}`);
    }
  });

  it('names columns by number without a header and passes reading problems through', () => {
    const noNames = rules({ columnNames: undefined });
    const cells = [...GOOD];
    cells[0] = 'bad@';
    assert.deepEqual(problemOf(toRecord(row(cells), noNames, CUSTOM_IDS)), { column: '1', reason: 'Invalid Email Address' });
    cells[0] = '';
    assert.deepEqual(problemOf(toRecord(row(cells), noNames, CUSTOM_IDS)), { column: '1', reason: 'EMAIL is empty' });
    const tooMany = { column: '', reason: 'too many columns: 10, expected 9' };
    assert.deepEqual(problemOf(toRecord(row(GOOD, tooMany), rules(), CUSTOM_IDS)), tooMany);
  });

  it('treats a missing dedup column as an empty key and an unknown custom field as a job error', () => {
    const mapping = resolveMapping(['FIRSTNAME'], undefined, []);
    assert.deepEqual(problemOf(toRecord(row(['Ann']), { mapping, dateFormat: 'yyyy-MM-dd', dedupKey: 'email', defaultCountry: null }, new Set())), { column: '', reason: 'EMAIL is empty' });
    assert.throws(() => toRecord(row(GOOD), rules(), new Set()), ValidationError);
  });

  it('agrees with validateContactFields on every value it accepts (fast path pinned to the API rules)', () => {
    const header = ['EMAIL', 'FIRSTNAME', 'LASTNAME', 'TELEPHONE', 'EMVCELLPHONE', 'FAX', 'COUNTRY', 'GENDER', 'STATUS', 'TOWN', 'POSTCODE', 'JOB_TITLE', 'WEBSITE'];
    const fields = ['email', 'firstName', 'lastName', 'telephone', 'mobile', 'fax', 'country', 'gender', 'status', 'town', 'postCode', 'jobTitle', 'website'] as const;
    const samples: string[][] = [
      ['a@x.com', 'Ann', ' Lee ', '01903 123456', '+44 7911 123456', '', 'GB', 'male', 'Permitted', 'Worthing', 'BN14 8AD', 'Boss', 'http://x'],
      [' B@Y.org ', '', '', '', '07911123456', '', '', 'FEMALE', 'excluded', '', '', '', ''],
      ['c@x.de', 'Jörg', 'Müller', '030 123456', '0151 23456789', '', 'deu', '', '', 'Berlin', '10115', '', ''],
      ['', 'NoMail', '', '', '+447911123456', '', 'US', '', '', '', '', '', ''],
      ['d@x.fr', '  ', '\t', '', '+33 6 12 34 56 78', '+33 1 23 45 67 89', 'fr', ' Male ', 'DORMANT', ' Paris ', '', '', ''],
    ];
    const mapping = resolveMapping(header, undefined, []);
    for (const cells of samples) {
      const input: Record<string, string> = {};
      fields.forEach((f, i) => {
        if (!(f === 'status' && (cells[i] ?? '').trim() === '')) input[f] = cells[i] ?? '';
      });
      const issues = new IssueList();
      const expected = validateContactFields(input, { currentCountry: '', defaultCountry: 'GB' }, issues);
      assert.deepEqual(issues.issues, []);
      const out = toRecord(row(cells), { mapping, dateFormat: 'yyyy-MM-dd', dedupKey: 'mobile', defaultCountry: 'GB' }, new Set());
      assert.ok(out.ok, cells.join('|'));
      assert.deepEqual(out.record.values, expected, cells.join('|'));
    }
  });

  it('phoneDigits international: digits-only numbers read as calling code + number on both paths', () => {
    const header = ['EMAIL', 'EMVCELLPHONE', 'GENDER'];
    const mapping = resolveMapping(header, undefined, []);
    const international: RecordRules = { mapping, dateFormat: 'yyyy-MM-dd', dedupKey: 'mobile', defaultCountry: 'GB', phoneDigits: 'international', columnNames: header };
    const table: [cell: string, e164: string][] = [['380975833227', '+380975833227'], ['0033612345678', '+33612345678'], ['07911 123456', '+447911123456'], ['+380975833227', '+380975833227']];
    for (const [cell, e164] of table) {
      const out = toRecord(row(['a@x.com', cell, '']), international, new Set());
      assert.ok(out.ok, cell);
      assert.equal(out.record.values.mobile, e164, cell);
      assert.equal(out.record.key, e164, cell);
      const expected = validateContactFields({ email: 'a@x.com', mobile: cell, gender: '', phoneDigits: 'international' }, { currentCountry: '', defaultCountry: 'GB' }, new IssueList());
      assert.deepEqual(out.record.values, expected, cell);
    }
    // A row the fast path refuses goes through validateContactFields, which must read the number the same way.
    assert.deepEqual(problemOf(toRecord(row(['a@x.com', '380975833227', 'robot']), international, new Set())), { column: 'GENDER', reason: 'Gender must be Male or Female' });
    assert.equal(problemOf(toRecord(row(['a@x.com', '380975833227', '']), { ...international, phoneDigits: 'national' }, new Set()))?.column, 'EMVCELLPHONE');
  });
});
