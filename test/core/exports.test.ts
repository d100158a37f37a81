import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describeEachDatabase } from '../support/databases.js';
import { twoAccounts, type TwoAccounts } from './fixture.js';
import { insertCustomField, insertOffice } from './audience-helpers.js';
import { setDefaultCountry } from '../../src/core/accounts/accounts.js';
import { createGroups } from '../../src/core/audience/groups/groups.js';
import { createContact, type Contact } from '../../src/core/audience/contacts/contacts.js';
import { neutraliseFormula } from '../../src/core/exports/neutralise.js';
import { csvRecord } from '../../src/core/exports/csv.js';
import { contactBatches } from '../../src/core/exports/batches.js';
import { exportContacts, type ExportFilter } from '../../src/core/exports/export.js';
import type { AccountScope } from '../../src/core/context.js';

describe('neutraliseFormula', () => {
  const cases: [string, string][] = [
    ['=1+1', "'=1+1"],
    ['+441903123456', "'+441903123456"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['', ''],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ["'quoted", "'quoted"],
    ['1-2', '1-2'],
    ['Zoë', 'Zoë'],
    // Excel in a locale whose list separator is `;` (or `|`) starts a new cell after one.
    ['Smith;=cmd', "Smith;'=cmd"],
    ['a|+1', "a|'+1"],
    ['x;;-1', "x;;'-1"],
    ['=1;@2|\tz', "'=1;'@2|'\tz"],
    ['a;b|c', 'a;b|c'],
    ['a; =1', 'a; =1'],
    ['a,=1', 'a,=1'],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(neutraliseFormula(input), expected));
  }
});

describe('csvRecord (RFC 4180)', () => {
  test('quotes only when needed, doubles quotes, ends with CRLF', () => {
    assert.equal(csvRecord(['a', 'b c', '']), 'a,b c,\r\n');
    assert.equal(csvRecord(['x,y', 'say "hi"', 'two\nlines', 'cr\r']), '"x,y","say ""hi""","two\nlines","cr\r"\r\n');
  });
});

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

async function csvRows(scope: AccountScope, filter: ExportFilter = {}): Promise<string[][]> {
  const raw = await bytes(exportContacts(scope, filter, 'csv'));
  return parse(raw, { bom: true, relax_column_count: false }) as string[][];
}

async function xlsxRows(scope: AccountScope, filter: ExportFilter = {}): Promise<string[][]> {
  const raw = await bytes(exportContacts(scope, filter, 'xlsx'));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(raw as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('Contacts');
  assert.ok(sheet, 'the sheet is named Contacts');
  const out: string[][] = [];
  const width = sheet.columnCount; // computed by scanning every row: read it once
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i++) {
      const v = row.getCell(i).value;
      cells.push(v === null || v === undefined ? '' : String(v as string | number));
    }
    out.push(cells);
  });
  return out;
}

/** Many bare contacts at once: the keyset test needs more than one batch quickly. */
async function insertMany(scope: AccountScope, officeId: number, count: number, prefix: string): Promise<void> {
  const now = new Date().toISOString();
  const blank = {
    title: '', middleName: '', addressee: '', dateOfBirth: null, gender: null, telephone: '', mobile: '', fax: '', website: '',
    company: '', jobTitle: '', property: '', street: '', area: '', town: '', county: '', postCode: '', country: '',
    status: 'Permitted' as const, source: 'test', joinedAt: now, unsubscribedAt: null, unsubscribeSource: null, resubscribedAt: null,
    resubscribeSource: null, smsUnsubscribedAt: null, hardBouncedAt: null, hardBounceReason: null, createdAt: now, updatedAt: now,
  };
  for (let start = 0; start < count; start += 250) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 250); i++) {
      const email = `${prefix}${i}@bulk.example`;
      rows.push({ ...blank, accountId: scope.accountId, officeId, firstName: 'Bulk', lastName: String(i), email, emailKey: email });
    }
    await scope.db.insertInto('contacts').values(rows).execute();
  }
}

describeEachDatabase('contact export', (kind) => {
  let t: TwoAccounts;
  let worthing: number;
  let brighton: number;
  let group: number;
  let spend: number;
  let made: Contact[] = [];

  before(async () => {
    t = await twoAccounts(kind);
    await setDefaultCountry(t.ctx, t.a.accountId, 'GB');
    worthing = await insertOffice(t.a, 'Worthing');
    brighton = await insertOffice(t.a, 'Brighton');
    group = (await createGroups(t.a, { name: 'Prospects', offices: [worthing] }))[0]!.id;
    spend = await insertCustomField(t.a, 'Spend');
    await insertCustomField(t.a, '=Danger');
    made = [
      await createContact(t.a, {
        officeId: worthing, firstName: 'Zoë', lastName: "O'Hara, \"Jr\"", email: 'zoe@example.com', mobile: '07911 123456',
        dateOfBirth: '1980-04-30', gender: 'Female', country: 'GB', town: 'Hove;=cmd|@x', groups: [group], customFields: { [String(spend)]: '=HYPERLINK("x")' },
      }),
      await createContact(t.a, { officeId: brighton, firstName: '@admin', lastName: 'Two\nLines', email: 'two@example.com', status: 'Dormant' }),
      await createContact(t.a, { officeId: worthing, firstName: 'Plain', lastName: 'Person', email: 'plain@example.com', groups: [group] }),
    ];
    const other = await insertOffice(t.b, 'Elsewhere');
    await createContact(t.b, { officeId: other, firstName: 'Other', email: 'other@example.com' });
  });
  after(() => t.dispose());

  test('CSV: header, every standard field, groups, custom fields by name, neutralised cells', async () => {
    const rows = await csvRows(t.a);
    const header = rows[0]!;
    assert.deepEqual(header.slice(0, 6), ['id', 'email', 'title', 'firstName', 'middleName', 'lastName']);
    assert.deepEqual(header.slice(-3), ['groups', 'Spend', "'=Danger"]);
    assert.equal(rows.length, 4, 'header + the three contacts of account A only');
    const col = (name: string) => header.indexOf(name);
    const zoe = rows[1]!;
    assert.equal(zoe[col('id')], String(made[0]!.id));
    assert.equal(zoe[col('firstName')], 'Zoë');
    assert.equal(zoe[col('lastName')], "O'Hara, \"Jr\"");
    assert.equal(zoe[col('mobile')], "'+447911123456", 'E.164 numbers begin with + and are neutralised');
    assert.equal(zoe[col('dateOfBirth')], '1980-04-30');
    assert.equal(zoe[col('gender')], 'Female');
    assert.equal(zoe[col('town')], "Hove;'=cmd|'@x", 'neutralised after a ; or | too (semicolon-locale Excel)');
    assert.equal(zoe[col('groups')], String(group));
    assert.equal(zoe[col('Spend')], '\'=HYPERLINK("x")');
    assert.equal(zoe[col('officeId')], String(worthing));
    const two = rows[2]!;
    assert.equal(two[col('firstName')], "'@admin");
    assert.equal(two[col('lastName')], 'Two\nLines');
    assert.equal(two[col('status')], 'Dormant');
    assert.equal(two[col('groups')], '');
  });

  test('CSV bytes: UTF-8 with BOM, CRLF records, quotes only where needed', async () => {
    const text = (await bytes(exportContacts(t.a, { search: 'zoe' }, 'csv'))).toString('utf8');
    assert.ok(text.startsWith('\uFEFFid,email,title,'));
    assert.ok(text.endsWith('\r\n'));
    assert.equal(text.split('\r\n').length, 3, 'header, one record, trailing empty');
    assert.ok(text.includes(',Zoë,'));
    assert.ok(text.includes(',"O\'Hara, ""Jr""",'));
  });

  test('XLSX holds the same cells as CSV', async () => {
    const [csv, xlsx] = await Promise.all([csvRows(t.a), xlsxRows(t.a)]);
    assert.deepEqual(xlsx, csv);
  });

  test('filters by office, group, status and search, in both formats', async () => {
    const ids = async (filter: ExportFilter) => {
      const [csv, xlsx] = await Promise.all([csvRows(t.a, filter), xlsxRows(t.a, filter)]);
      assert.deepEqual(xlsx, csv);
      return csv.slice(1).map((r) => Number(r[0]));
    };
    const [zoe, two, plain] = made.map((c) => c.id);
    assert.deepEqual(await ids({ officeId: worthing }), [zoe, plain]);
    assert.deepEqual(await ids({ groupId: group }), [zoe, plain]);
    assert.deepEqual(await ids({ status: 'Dormant' }), [two]);
    assert.deepEqual(await ids({ search: 'PLAIN' }), [plain]);
    assert.deepEqual(await ids({ officeId: brighton, groupId: group }), []);
  });

  test('an account sees only its own contacts and custom fields', async () => {
    const rows = await csvRows(t.b);
    assert.equal(rows.length, 2);
    assert.ok(!rows[0]!.includes('Spend'));
    assert.equal(rows[1]![rows[0]!.indexOf('firstName')], 'Other');
    assert.deepEqual(await csvRows(t.b, { officeId: worthing }), [rows[0]!], 'another account’s office matches nothing');
  });

  test('keyset batches: every contact once, in id order, across batch boundaries', async () => {
    const seen: number[] = [];
    let batches = 0;
    for await (const batch of contactBatches(t.a, {}, 2)) {
      batches++;
      seen.push(...batch.map((c) => c.id));
    }
    assert.deepEqual(seen, made.map((c) => c.id));
    assert.equal(batches, 2);
  });

  test('exports more than one batch of 1000 in id order (CSV and XLSX)', async () => {
    const bulk = await insertOffice(t.a, 'Bulk');
    await insertMany(t.a, bulk, 2345, 'p');
    const csv = await csvRows(t.a, { officeId: bulk });
    assert.equal(csv.length, 2346);
    const ids = csv.slice(1).map((r) => Number(r[0]));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.equal(new Set(ids).size, 2345);
    const xlsx = await xlsxRows(t.a, { officeId: bulk });
    assert.deepEqual(xlsx, csv);
  });
});
