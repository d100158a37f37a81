import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { createCampaign } from '../../../src/core/sms/campaigns/campaigns.js';
import { startRecipientsTask } from '../../../src/core/sms/campaigns/sources/task.js';
import type { AccountScope } from '../../../src/core/context.js';
import { expectBody, expectCode, nodeCall, phpCall } from './client.js';
import { Api, ok } from '../native/client.js';

describeEachDatabase('Mobizon taskqueue/getStatus and native GET /tasks/{id}', (kind) => {
  let server: TestServer;
  let apiKey: string;
  let otherKey: string;
  let scope: AccountScope;
  let native: Api;
  let otherNative: Api;

  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    const other = await server.createAccount();
    apiKey = account.credentials.mobizon.apiKey;
    otherKey = other.credentials.mobizon.apiKey;
    scope = { db: server.core.db, accountId: account.id };
    native = new Api(server, account.credentials.native.apiKey);
    otherNative = new Api(server, other.credentials.native.apiKey);
  });
  after(async () => {
    await server.close();
  });

  /** A task row of a kind no runner serves, so it stays exactly as written. */
  async function storedTask(fields: { status: number; progress: number; result?: string; error?: string }): Promise<number> {
    const row = await server.core.db
      .insertInto('backgroundTasks')
      .values({ accountId: scope.accountId, kind: 'not-served', createdAt: new Date().toISOString(), ...fields })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('answers {progress, status} for waiting, running and failed tasks (progress a string, status an integer)', async () => {
    const waiting = await storedTask({ status: 0, progress: 0 });
    const running = await storedTask({ status: 1, progress: 37, result: '{"next":3}' });
    const failed = await storedTask({ status: 3, progress: 12, error: 'unreadable' });
    expectBody(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: String(waiting) }), '{"code":0,"data":{"progress":"0","status":0},"message":""}');
    expectBody(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: String(running) }), '{"code":0,"data":{"progress":"37","status":1},"message":""}');
    // Routing ignores case, as the docs spell it (TaskQueue/GetStatus) and mobizon-node sends it.
    expectBody(await nodeCall(server.baseUrl, apiKey, 'TaskQueue', 'GetStatus', { id: failed }), '{"code":0,"data":{"progress":"12","status":3},"message":""}');

    const dto = ok<Record<string, unknown>>(await native.get(`/tasks/${running}`));
    assert.deepEqual({ status: dto.status, statusCode: dto.statusCode, progress: dto.progress, result: dto.result, error: dto.error }, { status: 'running', statusCode: 1, progress: 37, result: null, error: null });
    const bad = ok<Record<string, unknown>>(await native.get(`/tasks/${failed}`));
    assert.deepEqual({ status: bad.status, error: bad.error }, { status: 'failed', error: 'unreadable' });
  });

  it('an unknown id or another account\'s task is code 2 (404 natively); no id or a non-numeric one is code 11', async () => {
    const mine = await storedTask({ status: 0, progress: 0 });
    expectCode(await phpCall(server.baseUrl, otherKey, 'taskqueue', 'getStatus', { id: String(mine) }), 2);
    expectCode(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: '999999999' }), 2);
    expectCode(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus'), 11);
    expectCode(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: 'abc' }), 11);
    assert.equal((await otherNative.get(`/tasks/${mine}`)).status, 404);
    assert.equal((await native.get('/tasks/0')).status, 400);
  });

  it('a recipients task started through the core is polled to status 2, and its result shows natively', async () => {
    const campaignId = await createCampaign(scope, { text: 'Hello', type: 2 }, { source: 'mobizon', publicUrl: server.baseUrl });
    const taskId = await startRecipientsTask(scope, campaignId, { kind: 'file', fileName: 'n.csv', bytes: Buffer.from('77010000001\n77010000001\nnope\n') }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir });
    await waitUntil(async () => (await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: String(taskId) })).text.includes('"status":2'), 15_000, 'the task');
    expectBody(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: String(taskId) }), '{"code":0,"data":{"progress":"100","status":2},"message":""}');
    const dto = ok<Record<string, unknown>>(await native.get(`/tasks/${taskId}`));
    assert.equal(dto.kind, 'sms-recipients');
    assert.equal(dto.campaignId, campaignId);
    assert.equal(dto.status, 'done');
    assert.deepEqual(dto.result, { total: 3, codes: { '0': 1, '4': 1, '2': 1 } });
    assert.match(String(dto.finishedAt), /^\d{4}-\d{2}-\d{2}T/);
  });
});
