import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchMember, detectDelimiter, SmartFocusError } from '../../../src/clients/smartfocus/index.js';
import { buildInsertXml as phpInsertBody, buildUpdateXml as phpUpdateBody } from '../../support/smartfocus-batch-body.js';
import { cannedTransport, content, failed, only, result } from './fixtures.js';

const BASE = 'https://127.0.0.1:8443';
const P = `${BASE}/apibatchmember/services/rest/batchmemberservice/TOKEN`;
const BOUNDARY = '0123456789abcdef0123456789abcdef';
const CSV = 'EMAIL,FIRSTNAME,LASTNAME\r\nann@example.com,Ann,Lee\r\nbob@example.com,Bob,Ray\r\n';

async function connected(rules: Array<[string, string, number?]> = []) {
  const transport = cannedTransport([['/connect/open/', result('xs:string', 'TOKEN')], ...rules]);
  const batch = new BatchMember({ baseUrl: BASE, transport });
  await batch.openConnection('login', 'pw', 'KEY');
  return { batch, transport };
}

describe('SmartFocus BatchMember client: bodies and requests (docs/protocols/smartfocus.md §Batch Member)', () => {
  test('openConnection uses the batch prefix', async () => {
    const { transport } = await connected();
    assert.equal(only(transport).url, `${BASE}/apibatchmember/services/rest/connect/open/login/pw/KEY`);
  });

  test('buildInsertXml: the captured body, except that <separator> is sent (the library sends the bare text "tab")', async () => {
    const { batch } = await connected();
    const file = { name: 'members.csv', content: CSV };
    const body = await batch.buildInsertXml(file, 'yyyy-MM-dd', true, BOUNDARY);
    const php = phpInsertBody('members.csv', Buffer.from(CSV), 'yyyy-MM-dd', true, BOUNDARY);
    assert.equal(body.body.toString('utf8'), php.body.toString('utf8').replace('tab<dateFormat>', '<separator>,</separator>\r\n<dateFormat>'));
    assert.equal(body.contentType, `multipart/form-data; boundary=${BOUNDARY}`);
    const noDedup = (await batch.buildInsertXml(file, 'dd/MM/yyyy', false, BOUNDARY)).body.toString('utf8');
    assert.doesNotMatch(noDedup, /<dedup>/);
    assert.match(noDedup, /<dateFormat>dd\/MM\/yyyy<\/dateFormat>\r\n<autoMapping>true<\/autoMapping>\r\n<\/insertUpload>\r\n/);
  });

  test('buildUpdateXml: byte for byte the library body (mapping from the header, header removed)', async () => {
    const { batch } = await connected();
    const semi = 'EMAIL;FIRSTNAME;DATEOFBIRTH\nann@example.com;Ann;1980-01-31\n';
    for (const csv of [CSV, semi]) {
      const body = await batch.buildUpdateXml({ name: 'update.csv', content: csv }, 'yyyy-MM-dd', BOUNDARY);
      assert.equal(body.body.toString('utf8'), phpUpdateBody('update.csv', Buffer.from(csv), 'yyyy-MM-dd', BOUNDARY).body.toString('utf8'));
    }
  });

  test('a file path is read and named by its basename', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sf-client-'));
    try {
      const file = path.join(dir, 'from disk.csv');
      writeFileSync(file, 'EMAIL\tFIRSTNAME\nx@example.com\tX\n');
      const { batch } = await connected();
      const text = (await batch.buildInsertXml(file, undefined, undefined, BOUNDARY)).body.toString('utf8');
      assert.match(text, /<fileName>from disk\.csv<\/fileName>\r\n<fileEncoding>UTF-8<\/fileEncoding>\r\n<separator>tab<\/separator>\r\n<dateFormat>yyyy-MM-dd<\/dateFormat>/);
      assert.match(text, /filename='from disk\.csv'\r\nContent-Transfer-Encoding: base64\r\n\r\nRU1BSUwJRklSU1ROQU1FCnhAZXhhbXBsZS5jb20JWAo=\r\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('detectDelimiter: the most frequent of , ; | TAB in the first line', () => {
    assert.equal(detectDelimiter('a;b;c,d\n1,2,3,4,5'), ';');
    assert.equal(detectDelimiter('a|b|c'), '|');
    assert.equal(detectDelimiter('a\tb'), 'tab');
    assert.equal(detectDelimiter('EMAIL'), ',');
  });

  test('insert / update: PUT with the multipart Content-Type and Accept application/xml; a raw body has its boundary read', async () => {
    const { batch, transport } = await connected([['insertUpload', result('xs:long', '197325')], ['mergeUpload', result('xs:long', '197326')]]);
    const body = await batch.buildInsertXml({ name: 'members.csv', content: CSV }, 'yyyy-MM-dd', true, BOUNDARY);
    assert.equal((await batch.insert(body)).uploadId, 197325);
    assert.deepEqual(only(transport), { method: 'PUT', url: `${P}/batchmember/insertUpload`, headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, Accept: 'application/xml' }, body: body.body });
    const raw = phpUpdateBody('u.csv', Buffer.from(CSV), 'yyyy-MM-dd', BOUNDARY).body.toString('utf8');
    assert.equal((await batch.update(raw)).uploadId, 197326);
    assert.equal(only(transport).url, `${P}/batchmember/mergeUpload`);
    assert.equal(only(transport).headers['Content-Type'], `multipart/form-data; boundary=${BOUNDARY}`);
  });

  test('the GET methods: paths, getUploads query as the library writes it, clamped page size, encoded spaces', async () => {
    const uploads = content('<listRestEntity><page>1</page><pageSize>10</pageSize><nbTotalItems>0</nbTotalItems><uploadSummaries/></listRestEntity>');
    const { batch, transport } = await connected([
      ['getLastUpload', content('')],
      ['getUploadStatus', content('<uploadStatus><status>QUEUED</status></uploadStatus>')],
      ['getLogFile', result('xs:string', 'log')],
      ['getBadFile', result('xs:string', '')],
      ['/uploads/', uploads],
    ]);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => batch.getLastUpload(), 'batchmember/getLastUpload'],
      [() => batch.getUploadStatus(197325), 'batchmember/197325/getUploadStatus'],
      [() => batch.getLogFile(197325), 'batchmember/197325/getLogFile'],
      [() => batch.getBadFile(197325), 'batchmember/197325/getBadFile'],
      [() => batch.getUploads(1), 'uploads/1?pageSize=1000'],
      [() => batch.getUploads(2, 5000, 'uploadId'), 'uploads/2?pageSize=1000&sort=uploadId:'],
      [() => batch.getUploads(1, 0, null, 'DONE', 'API_BATCH_MEMBER'), 'uploads/1?pageSize=1&search=status:DONE|source:API_BATCH_MEMBER'],
      [() => batch.getUploads(1, 10, null, null, 'CCMD'), 'uploads/1?pageSize=10&search=source:CCMD'],
      [() => batch.getUploads(1, 10, 'date', 'DONE WITH ERRORS'), 'uploads/1?pageSize=10&sort=date:&search=status:DONE%20WITH%20ERRORS'],
    ];
    for (const [call, pathAndQuery] of cases) {
      await call();
      assert.deepEqual(only(transport), { method: 'GET', url: `${P}/${pathAndQuery}`, headers: { Accept: '*/*' } }, pathAndQuery);
    }
  });
});

describe('SmartFocus BatchMember client: typed results', () => {
  test('last uploads, status, upload summaries, log and bad file text (CR kept)', async () => {
    const { batch } = await connected([
      ['getLastUpload', content('<lastUploads><id>197325</id><source>API_BATCH_MEMBER</source><status>QUEUED</status></lastUploads><lastUploads><id>197324</id><source>CCMD</source><status>DONE WITH ERRORS</status></lastUploads>')],
      ['getUploadStatus', content('<uploadStatus><status>DONE WITH ERRORS</status></uploadStatus>')],
      ['getBadFile', result('xs:string', 'not-an-email,Bad&#13;\nx &amp; y,&lt;b&gt;&#13;\n')],
      [
        '/uploads/',
        content(
          '<listRestEntity><page>1</page><pageSize>10</pageSize><nbTotalItems>1</nbTotalItems><uploadSummaries><flatUploadSummaryEntity><uploadId>197325</uploadId><manager>mgr</manager><source>API_BATCH_MEMBER</source><type>merge</type><date>2013-05-10T14:48:07+02:00</date><name>members.csv</name><size>2048</size><status>DONE</status></flatUploadSummaryEntity></uploadSummaries></listRestEntity>',
        ),
      ],
    ]);
    assert.deepEqual((await batch.getLastUpload()).uploads, [
      { id: 197325, source: 'API_BATCH_MEMBER', status: 'QUEUED' },
      { id: 197324, source: 'CCMD', status: 'DONE WITH ERRORS' },
    ]);
    assert.equal((await batch.getUploadStatus(1)).status, 'DONE WITH ERRORS');
    assert.equal((await batch.getBadFile(1)).result, 'not-an-email,Bad\r\nx & y,<b>\r\n');
    const page = await batch.getUploads(1, 10);
    assert.deepEqual([page.page, page.pageSize, page.nbTotalItems], [1, 10, 1]);
    assert.deepEqual(page.uploads, [{ uploadId: 197325, manager: 'mgr', source: 'API_BATCH_MEMBER', type: 'merge', date: '2013-05-10T14:48:07+02:00', name: 'members.csv', size: 2048, status: 'DONE' }]);
  });

  test('the documented upload error envelope', async () => {
    const { batch } = await connected([['getUploadStatus', failed('No flatUpload found!', '12345', 'GET_FLATUPLOAD_FAILED'), 500]]);
    await assert.rejects(batch.getUploadStatus(12345), (err: unknown) => err instanceof SmartFocusError && err.status === 'GET_FLATUPLOAD_FAILED' && err.fields === '12345' && err.description === 'No flatUpload found!');
  });
});
