import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { sfRequest } from '../../support/smartfocus-client.js';
import { buildInsertXml, buildUpdateXml, boundarySeed, vendorDocBody } from '../../support/smartfocus-batch-body.js';
import { startImportRunner } from '../../../src/core/imports/runner.js';
import { lastImports } from '../../../src/core/imports/jobs.js';
import { MAX_PENDING_IMPORTS } from '../../../src/core/imports/types.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';
import { BATCH, BatchClient, assertFailure } from './batch-support.js';

const csv = (n: number) => Buffer.from(`EMAIL,FIRSTNAME\r\nm${n}@example.com,M${n}\r\n`);
const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

describeEachDatabase('SmartFocus Batch Member: listing, limits and errors', (kind) => {
  let server: TestServer;
  let account: CreatedAccount;
  let client: BatchClient;
  const ids: number[] = [];
  before(async () => {
    server = await startTestServer(kind);
    account = await server.createAccount('Lister');
    client = await BatchClient.open(server, account);
    for (let i = 1; i <= 3; i++) {
      const id = await client.upload('insertUpload', buildInsertXml(`list${i}.csv`, csv(i)));
      await client.poll(id);
      ids.push(id);
    }
  });
  after(() => server.close());

  test('getLastUpload: repeated <lastUploads> directly under <response>, newest first', async () => {
    const res = await client.get('batchmember/getLastUpload');
    assert.equal(res.status, 200);
    const expected = [...ids].reverse().map((id) => `<lastUploads><id>${id}</id><source>API_BATCH_MEMBER</source><status>DONE</status></lastUploads>`).join('');
    assert.equal(res.body, `<?xml version="1.0" encoding="utf-8" standalone="yes"?><response responseStatus="success" ${NS}>${expected}</response>`);
  });

  test('getUploads: paging, pageSize clamp, sort with the trailing colon, search with the raw |', async () => {
    const page2 = (await client.get('uploads/2?pageSize=1&sort=uploadId:')).body;
    assert.match(page2, /<listRestEntity><page>2<\/page><pageSize>1<\/pageSize><nbTotalItems>3<\/nbTotalItems><uploadSummaries><flatUploadSummaryEntity>/);
    const entity = new RegExp(
      `<flatUploadSummaryEntity><uploadId>${ids[1]}</uploadId><manager>${account.credentials.smartfocus.login}</manager><source>API_BATCH_MEMBER</source>` +
        '<type>insert</type><date>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00</date><name>list2\\.csv</name><size>\\d+</size><status>DONE</status></flatUploadSummaryEntity></uploadSummaries></listRestEntity></response>$',
    );
    assert.match(page2, entity);
    const all = (await client.get('uploads/1?pageSize=5000&sort=uploadId:')).body;
    assert.match(all, /<pageSize>1000<\/pageSize><nbTotalItems>3<\/nbTotalItems>/);
    assert.deepEqual([...all.matchAll(/<uploadId>(\d+)<\/uploadId>/g)].map((m) => Number(m[1])), ids);
    const found = (await client.get('uploads/1?pageSize=10&search=status:DONE|source:API_BATCH_MEMBER')).body;
    assert.match(found, /<nbTotalItems>3<\/nbTotalItems>/);
    const none = (await client.get('uploads/1?pageSize=10&search=status:QUEUED|source:API_BATCH_MEMBER')).body;
    assert.match(none, /<nbTotalItems>0<\/nbTotalItems><uploadSummaries><\/uploadSummaries>/);
    assertFailure(await client.get('uploads/1?pageSize=10&search=status:ASLEEP'), 'INVALID_PARAMETERS');
  });

  test('an unknown upload id, another account\'s, and a non-number: GET_FLATUPLOAD_FAILED', async () => {
    for (const method of ['getUploadStatus', 'getLogFile', 'getBadFile']) {
      const res = await client.get(`batchmember/999999/${method}`);
      assert.equal(
        res.body,
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?><response responseStatus="failed"><description>No flatUpload found!</description><fields>999999</fields><status>GET_FLATUPLOAD_FAILED</status></response>',
      );
      assert.equal(res.status, 500);
    }
    const stranger = await BatchClient.open(server, await server.createAccount('Stranger'));
    assertFailure(await stranger.get(`batchmember/${ids[0]}/getUploadStatus`), 'GET_FLATUPLOAD_FAILED', 'No flatUpload found!', String(ids[0]));
    assertFailure(await stranger.get(`batchmember/${ids[0]}/getBadFile`), 'GET_FLATUPLOAD_FAILED');
    assertFailure(await client.get('batchmember/abc/getUploadStatus'), 'GET_FLATUPLOAD_FAILED', 'No flatUpload found!', 'abc');
    // Isolation: the stranger sees no uploads at all.
    assert.doesNotMatch((await stranger.get('batchmember/getLastUpload')).body, /<lastUploads>/);
    assert.match((await stranger.get('uploads/1')).body, /<nbTotalItems>0<\/nbTotalItems>/);
  });

  test('bad parameters: INVALID_PARAMETERS; bad file: INVALID_FILE; neither creates an upload', async () => {
    const before = (await lastImports({ db: server.core.db, accountId: account.id }, 100)).length;
    const noName = vendorDocBody('insertUpload', '<insertUpload><autoMapping>true</autoMapping></insertUpload>', 'x.csv', csv(9));
    assertFailure(await client.put('insertUpload', noName), 'INVALID_PARAMETERS', "Element 'fileName' is required", 'fileName');
    const unknownField = vendorDocBody('mergeUpload', '<mergeUpload><fileName>x.csv</fileName><mapping><column><colNum>1</colNum><fieldName>NOSUCHFIELD</fieldName></column></mapping></mergeUpload>', 'x.csv', csv(9));
    assertFailure(await client.put('mergeUpload', unknownField), 'INVALID_PARAMETERS', /NOSUCHFIELD/);
    const wrongRoot = vendorDocBody('insertUpload', '<mergeUpload><fileName>x.csv</fileName><autoMapping>true</autoMapping></mergeUpload>', 'x.csv', csv(9));
    assertFailure(await client.put('insertUpload', wrongRoot), 'INVALID_PARAMETERS');
    const badEncoding = vendorDocBody('insertUpload', '<insertUpload><fileName>x.csv</fileName><fileEncoding>EBCDIC</fileEncoding><autoMapping>true</autoMapping></insertUpload>', 'x.csv', csv(9));
    assertFailure(await client.put('insertUpload', badEncoding), 'INVALID_PARAMETERS', /EBCDIC/);

    const good = buildInsertXml('b.csv', csv(9));
    const notBase64 = Buffer.from(good.body.toString('latin1').replace(/\r\n\r\n([A-Za-z0-9+/=]+)\r\n--/, '\r\n\r\n$$$$not base64$$\r\n--'), 'latin1');
    assertFailure(await client.put('insertUpload', { ...good, body: notBase64 }), 'INVALID_FILE');
    const noFile = Buffer.from(good.body.toString('latin1').replace(/--[0-9a-f]{32}\r\nContent-Type: application\/octet-stream[\s\S]*$/, `--${good.boundary}--\r\n`), 'latin1');
    assertFailure(await client.put('insertUpload', { ...good, body: noFile }), 'INVALID_FILE', /file part/);
    const truncated = good.body.subarray(0, good.body.length - 30);
    assertFailure(await client.put('insertUpload', { ...good, body: truncated }), 'INVALID_FILE');
    const noBoundary = await sfRequest(server.baseUrl, 'PUT', `${BATCH}/batchmemberservice/${client.token}/batchmember/insertUpload`, good.body, { 'Content-Type': 'multipart/form-data' });
    assertFailure(noBoundary, 'INVALID_PARAMETERS');
    assert.equal((await lastImports({ db: server.core.db, accountId: account.id }, 100)).length, before);
  });

  test('MAX_NB_UPLOADS once 5 uploads are pending; the queue then drains', async () => {
    // A server without an import runner: uploads stay QUEUED, as behind a long import.
    const idle = await startTestServer(kind, { importRunner: false });
    try {
      const busy = await BatchClient.open(idle, await idle.createAccount('Busy'));
      const pending: number[] = [];
      for (let i = 0; i < MAX_PENDING_IMPORTS; i++) pending.push(await busy.upload('insertUpload', buildInsertXml(`p${i}.csv`, csv(100 + i))));
      for (const id of pending) assert.equal(await busy.status(id), 'QUEUED');
      assert.equal((await busy.get('batchmember/getLastUpload')).body.match(/<status>QUEUED<\/status>/g)?.length, MAX_PENDING_IMPORTS);
      assertFailure(await busy.put('insertUpload', buildInsertXml('sixth.csv', csv(200))), 'MAX_NB_UPLOADS');
      assertFailure(await busy.put('mergeUpload', buildUpdateXml('sixth.csv', csv(200))), 'MAX_NB_UPLOADS');
      // Another account is not held back by Busy's queue.
      const free = await BatchClient.open(idle, await idle.createAccount('Free'));
      assert.ok(await free.upload('insertUpload', buildInsertXml('free.csv', csv(300))));
      const runner = startImportRunner(idle.core, { pollMs: 50 });
      try {
        for (const id of pending) assert.equal(await busy.poll(id), 'DONE');
        assert.ok(await busy.upload('insertUpload', buildInsertXml('sixth.csv', csv(200))));
      } finally {
        await runner.stop();
      }
    } finally {
      await idle.close();
    }
  });

  test('a closed token is refused on every method', async () => {
    const closing = await BatchClient.open(server, account);
    await sfRequest(server.baseUrl, 'GET', `${BATCH}/connect/close/${closing.token}`);
    assertFailure(await closing.put('insertUpload', buildInsertXml('c.csv', csv(1))), 'CHECK_TOKEN_FAILED', 'No available connection for the specified token.', closing.token);
    for (const path of ['batchmember/getLastUpload', `batchmember/${ids[0]}/getUploadStatus`, `batchmember/${ids[0]}/getLogFile`, 'uploads/1?pageSize=10']) {
      assertFailure(await closing.get(path), 'CHECK_TOKEN_FAILED');
    }
  });

  test('a member API token does not open the batch API', async () => {
    const sf = account.credentials.smartfocus;
    const member = await sfRequest(server.baseUrl, 'GET', `/apimember/services/rest/connect/open/${sf.login}/${sf.password}/${sf.key}`);
    const token = /<result[^>]*>([^<]+)<\/result>/.exec(member.body)?.[1] ?? '';
    const res = await sfRequest(server.baseUrl, 'GET', `${BATCH}/batchmemberservice/${token}/batchmember/getLastUpload`);
    assertFailure(res, 'CHECK_TOKEN_FAILED');
    assert.equal(boundarySeed().length, 32);
  });
});
