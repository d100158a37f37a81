/** The BatchMember client against a running Herald (which imports uploads as they arrive), both databases. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { BatchMember, FINAL_UPLOAD_STATUSES, Member, SmartFocusError } from '../../../src/clients/smartfocus/index.js';

async function poll(batch: BatchMember, id: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status } = await batch.getUploadStatus(id);
    if (FINAL_UPLOAD_STATUSES.includes(status)) return status;
    assert.ok(Date.now() < deadline, `upload ${id} still ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDatabase('SmartFocus BatchMember client against Herald', (kind) => {
  let server: TestServer;
  let batch: BatchMember;
  let member: Member;
  let dir: string;
  before(async () => {
    server = await startTestServer(kind);
    const { smartfocus: sf } = (await server.createAccount('SF batch client')).credentials;
    batch = new BatchMember({ baseUrl: server.baseUrl });
    member = new Member({ baseUrl: server.baseUrl });
    await batch.openConnection(sf.login, sf.password, sf.key);
    await member.openConnection(sf.login, sf.password, sf.key);
    dir = mkdtempSync(path.join(tmpdir(), 'sf-batch-client-'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const firstName = async (email: string) => (await member.getMemberByEmail(email)).members[0]?.attributes.FIRSTNAME;

  test('insert from a file path: upload id, status to DONE, members readable, listed in getLastUpload and getUploads, empty bad file', async () => {
    const file = path.join(dir, 'members.csv');
    writeFileSync(file, 'EMAIL;FIRSTNAME;LASTNAME\r\nann@example.com;Ann;Lee\r\nbob@example.com;Bob Jr;Ray\r\n');
    const { uploadId } = await batch.insert(await batch.buildInsertXml(file));
    assert.equal(await poll(batch, uploadId), 'DONE');
    assert.equal(await firstName('bob@example.com'), 'Bob Jr');

    const last = await batch.getLastUpload();
    assert.deepEqual(last.uploads[0], { id: uploadId, source: 'API_BATCH_MEMBER', status: 'DONE' });
    const page = await batch.getUploads(1, 10, 'uploadId', 'DONE', 'API_BATCH_MEMBER');
    assert.equal(page.page, 1);
    assert.equal(page.pageSize, 10);
    const summary = page.uploads.find((u) => u.uploadId === uploadId);
    assert.ok(summary, page.raw);
    assert.equal(summary.type, 'insert');
    assert.equal(summary.name, 'members.csv');
    assert.equal(summary.status, 'DONE');
    assert.match(summary.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.equal((await batch.getUploads(1, 10, null, 'DONE WITH ERRORS')).uploads.length, 0, 'a status with spaces is encoded, not refused');
    assert.equal((await batch.getBadFile(uploadId)).result, '');
    assert.equal(typeof (await batch.getLogFile(uploadId)).result, 'string');
  });

  test('bad rows: DONE WITH ERRORS, the log names them, the bad file holds them line for line', async () => {
    const csv = 'EMAIL,FIRSTNAME\r\ngood@example.com,Good\r\nnot-an-email,Bad\r\n';
    const { uploadId } = await batch.insert(await batch.buildInsertXml({ name: 'seeded.csv', content: csv }, 'yyyy-MM-dd', false));
    assert.equal(await poll(batch, uploadId), 'DONE WITH ERRORS');
    assert.match((await batch.getLogFile(uploadId)).result, /^row 3\b/m);
    assert.equal((await batch.getBadFile(uploadId)).result, 'not-an-email,Bad\r\n');
  });

  test('update (mergeUpload): existing members changed, new ones added', async () => {
    await batch.insert(await batch.buildInsertXml({ name: 'base.csv', content: 'EMAIL,FIRSTNAME\ncy@example.com,Cy\n' })).then((r) => poll(batch, r.uploadId));
    const { uploadId } = await batch.update(await batch.buildUpdateXml({ name: 'merge.csv', content: 'EMAIL,FIRSTNAME\nCY@example.com,Cyrus\ndee@example.com,Dee\n' }));
    assert.equal(await poll(batch, uploadId), 'DONE');
    assert.equal(await firstName('cy@example.com'), 'Cyrus');
    assert.equal(await firstName('dee@example.com'), 'Dee');
    assert.equal((await batch.getUploads(1, 1, 'uploadId')).uploads.length, 1);
    const merged = (await batch.getUploads(1)).uploads.find((u) => u.uploadId === uploadId);
    assert.equal(merged?.type, 'merge');
  });

  test('an unknown upload id: SmartFocusError GET_FLATUPLOAD_FAILED; closeConnection', async () => {
    const err = await batch.getUploadStatus(999999).catch((e: unknown) => e);
    assert.ok(err instanceof SmartFocusError);
    assert.deepEqual([err.status, err.description, err.fields], ['GET_FLATUPLOAD_FAILED', 'No flatUpload found!', '999999']);
    assert.equal((await batch.closeConnection()).result, 'connection closed');
    assert.equal(batch.token, null);
  });
});
