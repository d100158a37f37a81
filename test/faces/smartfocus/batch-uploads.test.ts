import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { phpApiClient } from '../../support/php-api-call.js';
import { buildInsertXml, buildUpdateXml, vendorDocBody } from '../../support/smartfocus-batch-body.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';
import { BatchClient, assertFailure } from './batch-support.js';
import { deflatedEntry, zipArchive } from '../../support/zip-files.js';
import { sharedStringsBomb, sheetXml, workbookParts } from '../../support/spreadsheets.js';

interface NativeContact {
  email: string | null;
  firstName: string;
  lastName: string;
  mobile: string;
  dateOfBirth: string | null;
}

async function nativeContact(server: TestServer, account: CreatedAccount, email: string): Promise<NativeContact | null> {
  const res = await fetch(`${server.baseUrl}/api/v1/contacts/by-email/${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${account.credentials.native.apiKey}` } });
  assert.equal(res.status, 200);
  const { items } = (await res.json()) as { items: NativeContact[] };
  assert.ok(items.length <= 1, `one contact per email, got ${items.length}`);
  return items[0] ?? null;
}

const GOOD_CSV = 'EMAIL,FIRSTNAME,LASTNAME\r\nann@example.com,Ann,Lee\r\nbob@example.com,Bob,Ray\r\n';

/** One bad row of each kind the issue names, between good ones; rows numbered with the header as 1. */
const HEADER = Buffer.from('EMAIL,FIRSTNAME,DATEOFBIRTH\r\n');
const GOOD_1 = Buffer.from('good1@example.com,Good,1980-01-31\r\n');
const BAD_EMAIL = Buffer.from('not-an-email,Bad,1980-01-31\r\n');
const BAD_DATE = Buffer.from('baddate@example.com,Bad,1980-31-31\r\n');
const BAD_ENCODING = Buffer.concat([Buffer.from('enc@example.com,Ren'), Buffer.from([0xe9]), Buffer.from(',1980-01-01\r\n')]);
const DUPLICATE = Buffer.from('GOOD1@example.com,Dup,1980-01-31\r\n');
const TOO_MANY = Buffer.from('toomany@example.com,A,1980-01-01,extra\r\n');
const EMPTY = Buffer.from('\r\n');
const GOOD_2 = Buffer.from('good2@example.com,Good2,1990-12-01\r\n');
const SEEDED = Buffer.concat([HEADER, GOOD_1, BAD_EMAIL, BAD_DATE, BAD_ENCODING, DUPLICATE, TOO_MANY, EMPTY, GOOD_2]);
const BAD_ROWS = [3, 4, 5, 6, 7, 8];

describeEachDatabase('SmartFocus Batch Member: uploads run on the import engine', (kind) => {
  let server: TestServer;
  let account: CreatedAccount;
  let client: BatchClient;
  before(async () => {
    // startTestServer runs an import runner: uploads are imported as they arrive.
    server = await startTestServer(kind);
    account = await server.createAccount('Batch');
    client = await BatchClient.open(server, account);
  });
  after(() => server.close());

  test('insertUpload exactly as the PHP library sends it is polled to DONE; contacts appear in every face', async () => {
    const id = await client.upload('insertUpload', buildInsertXml('members.csv', Buffer.from(GOOD_CSV)));
    assert.equal(await client.poll(id), 'DONE');
    const body = (await client.get(`batchmember/${id}/getUploadStatus`)).body;
    assert.equal(
      body,
      '<?xml version="1.0" encoding="utf-8" standalone="yes"?><response responseStatus="success" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><uploadStatus><status>DONE</status></uploadStatus></response>',
    );
    const fm = phpApiClient(server.baseUrl, account.credentials.franchisemailer);
    const listed = await fm('GET', '/contacts');
    assert.equal(listed.status, 200, listed.text);
    const contacts = (listed.json as { data: { contacts: Array<{ email: string; first_name: string; last_name: string }> } }).data.contacts;
    assert.deepEqual(
      contacts.map((c) => [c.email, c.first_name, c.last_name]).sort(),
      [['ann@example.com', 'Ann', 'Lee'], ['bob@example.com', 'Bob', 'Ray']],
    );
    const ann = await nativeContact(server, account, 'ann@example.com');
    assert.equal(ann?.firstName, 'Ann');
    assert.equal(await client.text(id, 'getBadFile'), '');
  });

  test('a file seeded with bad rows ends DONE WITH ERRORS; the log names every bad row, the bad file holds exactly them', async () => {
    const other = await server.createAccount('Seeded');
    const c = await BatchClient.open(server, other);
    const id = await c.upload('insertUpload', buildInsertXml('seeded.csv', SEEDED));
    assert.equal(await c.poll(id), 'DONE WITH ERRORS');
    const log = await c.text(id, 'getLogFile');
    const named = [...log.matchAll(/^row (\d+)\b/gm)].map((m) => Number(m[1]));
    assert.deepEqual(named, BAD_ROWS, log);
    assert.match(log, /row 5: invalid character encoding/);
    assert.match(log, /row 7: too many columns/);
    assert.match(log, /row 8: empty line/);
    const bad = await c.text(id, 'getBadFile');
    // UTF-8 bad file; the one byte that is not UTF-8 reads as U+FFFD once decoded for XML.
    assert.equal(bad, Buffer.concat([BAD_EMAIL, BAD_DATE, BAD_ENCODING, DUPLICATE, TOO_MANY, EMPTY]).toString('utf8'));
    assert.equal((await nativeContact(server, other, 'good1@example.com'))?.dateOfBirth, '1980-01-31');
    assert.equal((await nativeContact(server, other, 'good1@example.com'))?.firstName, 'Good');
    assert.ok(await nativeContact(server, other, 'good2@example.com'));
    assert.equal(await nativeContact(server, other, 'baddate@example.com'), null);
  });

  test('mergeUpload with mapping and toReplace updates existing members and inserts new ones', async () => {
    const other = await server.createAccount('Merge');
    const c = await BatchClient.open(server, other);
    assert.equal(await c.poll(await c.upload('insertUpload', buildInsertXml('first.csv', Buffer.from('EMAIL,FIRSTNAME,LASTNAME\nann@example.com,Ann,Lee\nbob@example.com,Bob,Ray\n')))), 'DONE');
    // Semicolons: buildUpdateXml sends <separator>;</separator>; LASTNAME empty with toReplace clears it.
    const merge = buildUpdateXml('merge.csv', Buffer.from('EMAIL;FIRSTNAME;LASTNAME\nANN@example.com;Annie;\ncy@example.com;Cy;Cole\n'));
    assert.match(merge.body.toString(), /<column>\r\n<colNum>1<\/colNum>\r\n<fieldName>EMAIL<\/fieldName>\r\n<\/column>/);
    assert.doesNotMatch(merge.body.toString(), /Q0tBSUwoRklSU1ROQU1F/, 'header line removed');
    const id = await c.upload('mergeUpload', merge);
    assert.equal(await c.poll(id), 'DONE');
    const ann = await nativeContact(server, other, 'ann@example.com');
    assert.equal(ann?.firstName, 'Annie');
    assert.ok(ann?.lastName === '' || ann?.lastName === null, `lastName cleared, got ${String(ann?.lastName)}`);
    assert.equal((await nativeContact(server, other, 'bob@example.com'))?.firstName, 'Bob');
    assert.equal((await nativeContact(server, other, 'cy@example.com'))?.lastName, 'Cole');
    const page = (await c.get('uploads/1?pageSize=10&sort=uploadId:')).body;
    assert.match(page, new RegExp(`<uploadId>${id}</uploadId><manager>[^<]+</manager><source>API_BATCH_MEMBER</source><type>merge</type>`));
  });

  test('a header naming no known field: the upload ends in ERROR and its log says why', async () => {
    const other = await server.createAccount('Unknown');
    const c = await BatchClient.open(server, other);
    const id = await c.upload('insertUpload', buildInsertXml('odd.csv', Buffer.from('EMAIL,SHOESIZE\r\na@example.com,42\r\n')));
    assert.equal(await c.poll(id), 'ERROR');
    assert.match(await c.text(id, 'getLogFile'), /SHOESIZE/);
  });

  test('cellphones as SmartFocus writes them (international digits, no +) import, and a merge keyed on EMVCELLPHONE finds them', async () => {
    const other = await server.createAccount('Cellphones');
    const c = await BatchClient.open(server, other);
    const csv = 'EMAIL,FIRSTNAME,EMVCELLPHONE\r\nua@example.com,Olena,380975833227\r\nfr@example.com,Marie,0033612345678\r\nuk@example.com,Ann,07911 123456\r\n';
    const id = await c.upload('insertUpload', buildInsertXml('cells.csv', Buffer.from(csv)));
    assert.equal(await c.poll(id), 'DONE', await c.text(id, 'getLogFile'));
    assert.equal((await nativeContact(server, other, 'ua@example.com'))?.mobile, '+380975833227');
    assert.equal((await nativeContact(server, other, 'fr@example.com'))?.mobile, '+33612345678');
    assert.equal((await nativeContact(server, other, 'uk@example.com'))?.mobile, '+447911123456', 'national form with the default country GB');

    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><mergeUpload><fileName>merge.csv</fileName><fileEncoding>UTF-8</fileEncoding><separator>,</separator>' +
      '<mapping><column><colNum>1</colNum><fieldName>EMVCELLPHONE</fieldName><toReplace>true</toReplace></column>' +
      '<column><colNum>2</colNum><fieldName>FIRSTNAME</fieldName><toReplace>true</toReplace></column></mapping>' +
      '<dedup><criteria>EMVCELLPHONE</criteria><order>first</order><skipUnsubAndHBQ>false</skipUnsubAndHBQ></dedup></mergeUpload>';
    const merge = await c.upload('mergeUpload', vendorDocBody('mergeUpload', xml, 'merge.csv', Buffer.from('380975833227,Olenka\r\n+33612345678,Mari\r\n')));
    assert.equal(await c.poll(merge), 'DONE', await c.text(merge, 'getLogFile'));
    assert.equal((await nativeContact(server, other, 'ua@example.com'))?.firstName, 'Olenka');
    assert.equal((await nativeContact(server, other, 'fr@example.com'))?.firstName, 'Mari');
    const count = await server.core.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('accountId', '=', other.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 3, 'the merge updated the members, it added none');
  });

  test('the vendor documentation spelling: double quotes, Content-Disposition first, binary file part, a mapping', async () => {
    const other = await server.createAccount('Vendor');
    const c = await BatchClient.open(server, other);
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><insertUpload><fileName>vendor.csv</fileName><fileEncoding>ISO-8859-1</fileEncoding><separator>|</separator>' +
      '<dateFormat>dd/MM/yyyy</dateFormat><mapping><column><colNum>1</colNum><fieldName>EMAIL</fieldName></column>' +
      '<column><colNum>3</colNum><fieldName>DATEOFBIRTH</fieldName></column><column><colNum>2</colNum><fieldName>FIRSTNAME</fieldName></column></mapping>' +
      '<dedup><criteria>LOWER(EMAIL)</criteria><order>first</order><skipUnsubAndHBQ>false</skipUnsubAndHBQ></dedup></insertUpload>';
    const file = Buffer.concat([Buffer.from('zoe@example.com|Zo'), Buffer.from([0xeb]), Buffer.from('|31/01/1985\r\n')]);
    const id = await c.upload('insertUpload', vendorDocBody('insertUpload', xml, 'vendor.csv', file));
    assert.equal(await c.poll(id), 'DONE');
    const zoe = await nativeContact(server, other, 'zoe@example.com');
    assert.equal(zoe?.firstName, 'Zoë');
    assert.equal(zoe?.dateOfBirth, '1985-01-31');
  });

  test('a bomb upload is refused in the SmartFocus format; past the retention period getLogFile answers that the files are gone', async () => {
    const bomb = zipArchive([...workbookParts(), deflatedEntry('xl/worksheets/sheet1.xml', sheetXml(3)), await sharedStringsBomb(200)]);
    const refused = await client.put('insertUpload', buildInsertXml('bomb.xlsx', bomb));
    assert.match(refused.body, /<response responseStatus="failed"><description>The spreadsheet is refused: xl\/sharedStrings.xml is compressed more than 200 to 1/);
    const id = await client.upload('insertUpload', buildInsertXml('old.csv', Buffer.from(GOOD_CSV)));
    assert.equal(await client.poll(id), 'DONE');
    await server.database.store.db.updateTable('importJobs').set({ finishedAt: '2000-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
    assertFailure(await client.get(`batchmember/${id}/getLogFile`), 'GET_FLATUPLOAD_FAILED', /were deleted after the 30-day retention period/, String(id));
  });
});
