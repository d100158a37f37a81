import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../../src/core/errors.js';
import { requireKeyColumn, resolveMapping } from '../../../../src/core/imports/reading/mapping.js';

const CUSTOM = [{ id: 7, name: 'Loyalty Level' }, { id: 9, name: 'SHOE_SIZE' }];

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.message);
    throw e;
  }
  assert.fail('expected a ValidationError');
}

describe('column mapping', () => {
  it('maps SmartFocus member column names', () => {
    const header = ['EMAIL', 'FIRSTNAME', 'LASTNAME', 'MIDDLENAME', 'TITLE', 'DATEOFBIRTH', 'EMVCELLPHONE', 'SOURCE', 'MEMBER_ID', 'TOWN', 'ZIP', 'COUNTRY', 'GENDER', 'STATUS', 'TELEPHONE', 'COMPANY'];
    const m = resolveMapping(header, undefined, []);
    assert.deepEqual(m.map((x) => x.field), [
      'email', 'firstName', 'lastName', 'middleName', 'title', 'dateOfBirth', 'mobile', 'source', 'memberId', 'town', 'postCode', 'country', 'gender', 'status', 'telephone', 'company',
    ]);
    assert.ok(m.every((x, i) => x.column === i + 1 && x.replace));
  });

  it('maps camelCase, snake_case and spaced names case-insensitively, then custom fields', () => {
    const header = ['firstName', 'post_code', 'Job Title', 'e-mail', 'City', 'Phone', 'loyalty level', 'shoe size', '', 'custom:7'];
    const m = resolveMapping(header.slice(0, 9), undefined, CUSTOM);
    assert.deepEqual(m.map((x) => [x.column, x.field]), [
      [1, 'firstName'], [2, 'postCode'], [3, 'jobTitle'], [4, 'email'], [5, 'town'], [6, 'telephone'], [7, 'custom:7'], [8, 'custom:9'],
    ]);
  });

  it('lists unknown header names and refuses a field mapped twice', () => {
    assert.deepEqual(issuesOf(() => resolveMapping(['EMAIL', 'FOO', 'BAR'], undefined, CUSTOM)), ['Unknown columns in the header: FOO, BAR']);
    assert.deepEqual(issuesOf(() => resolveMapping(['EMAIL', 'mail'], undefined, [])), ['Field email is mapped by columns 1 and 2']);
  });

  it('resolves explicit mappings keeping toReplace', () => {
    const m = resolveMapping(null, [
      { column: 3, field: 'FIRSTNAME', replace: true },
      { column: 1, field: 'EMAIL', replace: false },
      { column: 2, field: 'Loyalty Level', replace: false },
      { column: 4, field: 'custom:9', replace: true },
    ], CUSTOM);
    assert.deepEqual(m, [
      { column: 1, field: 'email', replace: false },
      { column: 2, field: 'custom:7', replace: false },
      { column: 3, field: 'firstName', replace: true },
      { column: 4, field: 'custom:9', replace: true },
    ]);
  });

  it('refuses explicit mappings to unknown fields, columns mapped twice and impossible columns', () => {
    assert.deepEqual(issuesOf(() => resolveMapping(null, [{ column: 1, field: 'EMAIL', replace: true }, { column: 2, field: 'NOPE', replace: true }, { column: 3, field: 'custom:99', replace: true }], CUSTOM)),
      ['Unknown fields in the mapping: NOPE, custom:99']);
    assert.deepEqual(issuesOf(() => resolveMapping(null, [{ column: 1, field: 'EMAIL', replace: true }, { column: 1, field: 'FIRSTNAME', replace: true }], [])),
      ['Column 1 is mapped twice']);
    assert.deepEqual(issuesOf(() => resolveMapping(['EMAIL'], [{ column: 2, field: 'EMAIL', replace: true }], [])), ["Column 2 is beyond the header's 1 columns"]);
    assert.deepEqual(issuesOf(() => resolveMapping(null, [{ column: 0, field: 'EMAIL', replace: true }], [])), ['Invalid column number 0']);
    assert.deepEqual(issuesOf(() => resolveMapping(null, undefined, [])), ['A column mapping is required when the file has no header']);
  });

  it('checks that the dedup key is mapped', () => {
    const m = resolveMapping(['EMAIL', 'EMVCELLPHONE'], undefined, []);
    requireKeyColumn(m, 'email');
    requireKeyColumn(m, 'mobile');
    assert.throws(() => requireKeyColumn(m, 'memberId'), ValidationError);
  });
});

it('SmartFocus system columns of a member-table export are skipped, not unknown', () => {
  const m = resolveMapping(['MEMBER_ID', 'EMAIL', 'DATEJOIN', 'DATEUNJOIN', 'EMAIL_FORMAT', 'EMVHBQ', 'FIRSTNAME'], undefined, []);
  assert.deepEqual(m.map((c) => [c.column, c.field]), [[1, 'memberId'], [2, 'email'], [7, 'firstName']]);
  const explicit = resolveMapping(null, [{ column: 1, field: 'EMAIL', replace: false }, { column: 2, field: 'DATEJOIN', replace: true }], []);
  assert.deepEqual(explicit.map((c) => [c.column, c.field]), [[1, 'email']]);
});
