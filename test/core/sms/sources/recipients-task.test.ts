import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { describeEachDatabase } from '../../../support/databases.js';
import { startTestServer, type TestServer } from '../../../support/server.js';
import { waitUntil } from '../../../support/wait.js';
import { phpCall, nodeCall, type WireResponse } from '../../../faces/mobizon/client.js';
import { insertOffice } from '../../audience-helpers.js';
import { twoAccounts } from '../../fixture.js';
import type { AccountScope } from '../../../../src/core/context.js';
import { createContact } from '../../../../src/core/audience/contacts/contacts.js';
import { createGroups } from '../../../../src/core/audience/groups/groups.js';
import { createCustomField } from '../../../../src/core/audience/custom-fields/custom-fields.js';
import { createCampaign } from '../../../../src/core/sms/campaigns/campaigns.js';
import { takeAddingLock, releaseAddingLock } from '../../../../src/core/sms/campaigns/lock.js';
import { CampaignStateError } from '../../../../src/core/sms/campaigns/errors.js';
import { ValidationError } from '../../../../src/core/errors.js';
import { runRecipientsTask, startRecipientsTask } from '../../../../src/core/sms/campaigns/sources/task.js';
import { getTask } from '../../../../src/core/tasks/queue.js';
import { startTaskRunner } from '../../../../src/core/tasks/runner.js';
import { TaskStatus, type RunningTask } from '../../../../src/core/tasks/types.js';

interface TaskStatusData {
  progress: string;
  status: number;
}

function dataOf<T>(res: WireResponse): T {
  assert.equal(res.status, 200, res.text);
  const body = res.body as { code: number; data: T; message: string };
  assert.equal(body.code, 0, res.text);
  return body.data;
}

/** The campaign's messages: number (E.164) → text, straight from the tables. */
async function messagesOf(scope: AccountScope, campaignId: number): Promise<Map<string, string>> {
  const rows = await scope.db
    .selectFrom('messages as m')
    .innerJoin('messageContents as c', 'c.messageId', 'm.id')
    .select(['m.recipient', 'c.text'])
    .where('m.accountId', '=', scope.accountId)
    .where('m.campaignId', '=', campaignId)
    .orderBy('m.id')
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) {
    assert.equal(out.has(r.recipient), false, `${r.recipient} added twice`);
    out.set(r.recipient, r.text ?? '');
  }
  return out;
}

describeEachDatabase('SMS campaign recipients from groups and files as background tasks', (kind) => {
  let server: TestServer;
  let apiKey: string;
  let scope: AccountScope;
  let officeId: number;

  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    apiKey = account.credentials.mobizon.apiKey;
    scope = { db: server.core.db, accountId: account.id };
    officeId = await insertOffice(scope, 'Main');
  });
  after(async () => {
    await server.close();
  });

  /** Polls taskqueue/getStatus as mobizon-php sends it until the task ends; every answer is checked. */
  async function finish(taskId: number): Promise<TaskStatusData> {
    let last: TaskStatusData = { progress: '0', status: 0 };
    await waitUntil(async () => {
      last = dataOf<TaskStatusData>(await phpCall(server.baseUrl, apiKey, 'taskqueue', 'getStatus', { id: String(taskId) }));
      assert.match(last.progress, /^\d{1,3}$/);
      assert.ok([0, 1, 2, 3].includes(last.status));
      return last.status >= 2;
    }, 20_000, `task ${taskId}`);
    const task = await getTask(scope, taskId);
    assert.equal(task.status, TaskStatus.DONE, task.error ?? '');
    return last;
  }

  const campaign = (text: string, type: number): Promise<number> => createCampaign(scope, { text, type }, { source: 'mobizon', publicUrl: server.baseUrl });

  it('contact groups: one message per unique mobile, code 31 without mobile, placeholders from the card, groups recorded', async () => {
    const [a] = await createGroups(scope, { name: 'Clients', offices: [officeId] });
    const [b] = await createGroups(scope, { name: 'VIP', offices: [officeId] });
    const balance = await createCustomField(scope, { name: 'Balance', description: 'Balance' });
    const vasya = await createContact(scope, { officeId, firstName: 'Vasya', lastName: 'Pupkin', mobile: '+77010000001', groups: [a!.id], customFields: { [balance.id]: '12.50' } });
    await createContact(scope, { officeId, firstName: 'Nomobile', email: 'no@mobile.test', groups: [a!.id] });
    // Same mobile as Vasya: the campaign's duplicate check answers 4.
    await createContact(scope, { officeId, firstName: 'Twin', mobile: '+77010000001', groups: [b!.id] });
    // In both groups: one recipient.
    const olga = await createContact(scope, { officeId, firstName: 'Olga', lastName: '', mobile: '+77010000002', groups: [a!.id, b!.id] });

    const id = await campaign('Hi {name} {lastName}, balance {Balance}', 3);
    const taskId = await startRecipientsTask(scope, id, { kind: 'groups', groupIds: [a!.id, b!.id] }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir });
    const end = await finish(taskId);
    assert.deepEqual(end, { progress: '100', status: 2 });

    const messages = await messagesOf(scope, id);
    assert.deepEqual([...messages.entries()].sort(), [
      ['+77010000001', 'Hi Vasya Pupkin, balance 12.50'],
      // No custom value: missing, and placeholdersFlag 1 (default) leaves it as written.
      ['+77010000002', 'Hi Olga , balance {Balance}'],
    ]);
    const contactIds = await scope.db.selectFrom('messages').select('contactId').where('campaignId', '=', id).orderBy('contactId').execute();
    assert.deepEqual(contactIds.map((r) => r.contactId), [vasya.id, olga.id]);
    const task = await getTask(scope, taskId);
    assert.deepEqual(task.result, { total: 4, codes: { '0': 2, '4': 1, '31': 1 } });
    const row = await scope.db.selectFrom('smsCampaigns').select(['groups', 'addingUntil']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.groups, `${a!.id},${b!.id}`);
    assert.equal(row.addingUntil, null, 'the lock is released at the end');
  });

  it('a CSV in WINDOWS-1251 for a template campaign fills placeholders from its columns', async () => {
    const id = await campaign('Привет, {name}! Баланс {balance}', 3);
    const csv = iconv.encode('name;recipient;balance\r\nВася;+7 701 000 0011;10\r\nОльга;77010000012;\r\n;not a number;1\r\n', 'win1251');
    const taskId = await startRecipientsTask(scope, id, { kind: 'file', fileName: 'list.csv', bytes: csv, encoding: 'WINDOWS-1251', delimiter: ';' }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir });
    assert.deepEqual(await finish(taskId), { progress: '100', status: 2 });
    const messages = await messagesOf(scope, id);
    assert.deepEqual([...messages.entries()].sort(), [
      ['+77010000011', 'Привет, Вася! Баланс 10'],
      ['+77010000012', 'Привет, Ольга! Баланс '],
    ]);
    // "not a number" holds no digits: code 2, no phone number found in the data.
    assert.deepEqual((await getTask(scope, taskId)).result, { total: 3, codes: { '0': 2, '2': 1 } });
  });

  it('a UTF-8 XLSX of 1,201 numbers for a regular campaign is added in chunks, progress through getStatus as mobizon-node asks', async () => {
    const id = await campaign('Sale today', 2);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('numbers');
    ws.addRow(['Phone']);
    for (let i = 0; i < 1200; i++) ws.addRow([77020000000 + i]);
    ws.addRow([77020000005]); // a duplicate
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const taskId = await startRecipientsTask(scope, id, { kind: 'file', fileName: 'numbers.xlsx', bytes, skipHeader: true }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir });
    const seen = new Set<string>();
    await waitUntil(async () => {
      const data = dataOf<TaskStatusData>(await nodeCall(server.baseUrl, apiKey, 'taskqueue', 'getstatus', { id: taskId }));
      seen.add(data.progress);
      return data.status === 2;
    }, 30_000, 'the xlsx task');
    assert.ok(seen.has('100'));
    const messages = await messagesOf(scope, id);
    assert.equal(messages.size, 1200);
    assert.equal(messages.get('+77020000005'), 'Sale today');
    assert.deepEqual((await getTask(scope, taskId)).result, { total: 1201, codes: { '0': 1200, '4': 1 } });
    const checkpoints = await scope.db.selectFrom('backgroundTasks').select('progress').where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(checkpoints.progress, 100);
  });

  it('bad requests are refused at once and leave the campaign free', async () => {
    const id = await campaign('Hi {name}', 3);
    const dup = Buffer.from('recipient,name,name\n77010000001,a,b\n');
    await assert.rejects(startRecipientsTask(scope, id, { kind: 'file', fileName: 'd.csv', bytes: dup }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir }), /two columns named "name"/);
    await assert.rejects(startRecipientsTask(scope, id, { kind: 'file', fileName: 'd.csv', bytes: Buffer.from('name\nx\n') }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir }), ValidationError);
    await assert.rejects(startRecipientsTask(scope, id, { kind: 'file', fileName: 'd.csv', bytes: Buffer.from('1'), encoding: 'EBCDIC' }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir }), ValidationError);
    await assert.rejects(startRecipientsTask(scope, id, { kind: 'groups', groupIds: [999_999] }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir }), /not found/);
    await assert.rejects(startRecipientsTask(scope, 999_999, { kind: 'groups', groupIds: [1] }, { publicUrl: server.baseUrl, dataDir: server.core.dataDir }), /not found/);
    const row = await scope.db.selectFrom('smsCampaigns').select('addingUntil').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.addingUntil, null);
  });
});

describeEachDatabase('recipients tasks without a server runner', (kind) => {

  it('the adding lock refuses a second adder from the request until the task ends, then frees the campaign', async () => {
    const env = await twoAccounts(kind);
    try {
      const scope = env.a;
      const publicUrl = env.ctx.publicUrl;
      const id = await createCampaign(scope, { text: 'Hello', type: 2 }, { source: 'mobizon', publicUrl });
      const csv = Buffer.from(Array.from({ length: 50 }, (_, i) => String(77070000000 + i)).join('\n'));
      // No runner in this database yet: the task waits, and the campaign is held for it.
      const taskId = await startRecipientsTask(scope, id, { kind: 'file', fileName: 'a.csv', bytes: csv }, { publicUrl, dataDir: env.ctx.dataDir });
      await assert.rejects(takeAddingLock(scope, id, 60_000), CampaignStateError);
      await assert.rejects(startRecipientsTask(scope, id, { kind: 'file', fileName: 'b.csv', bytes: csv }, { publicUrl, dataDir: env.ctx.dataDir }), CampaignStateError);
      const runner = startTaskRunner(env.ctx, { pollMs: 50 });
      try {
        await waitUntil(async () => (await getTask(scope, taskId)).status === TaskStatus.DONE, 20_000, 'the task');
        assert.equal((await messagesOf(scope, id)).size, 50);
        await takeAddingLock(scope, id, 60_000);
        await releaseAddingLock(scope, id);
        // With replace, a second file takes the place of the first.
        const second = await startRecipientsTask(scope, id, { kind: 'file', fileName: 'b.csv', bytes: Buffer.from('77080000001\n77080000002\n') }, { replace: true, publicUrl, dataDir: env.ctx.dataDir });
        await waitUntil(async () => (await getTask(scope, second)).status === TaskStatus.DONE, 20_000, 'the second task');
        assert.deepEqual([...(await messagesOf(scope, id)).keys()].sort(), ['+77080000001', '+77080000002']);
      } finally {
        await runner.stop();
      }
    } finally {
      await env.dispose();
    }
  });
  it('is finished by a new runner without adding any number twice', async () => {
    const env = await twoAccounts(kind);
    try {
      const scope = env.a;
      const id = await createCampaign(scope, { text: 'Hello', type: 2 }, { source: 'mobizon', publicUrl: env.ctx.publicUrl });
      const csv = Buffer.from(Array.from({ length: 1100 }, (_, i) => String(77050000000 + i)).join('\n'));
      // No runner in this database: the task waits.
      const taskId = await startRecipientsTask(scope, id, { kind: 'file', fileName: 'n.csv', bytes: csv }, { publicUrl: env.ctx.publicUrl, dataDir: env.ctx.dataDir });
      const stored = await scope.db.selectFrom('backgroundTasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();

      // The first process claims it, adds the first chunk, and dies before recording its
      // checkpoint: the worst moment (its finally blocks never run, so the lock stays held).
      const old = new Date(Date.now() - 120_000).toISOString();
      await scope.db.updateTable('backgroundTasks').set({ status: TaskStatus.RUNNING, claimedBy: 'dead:1', heartbeatAt: old, startedAt: old }).where('id', '=', taskId).execute();
      const dying = new AbortController();
      const task: RunningTask = { id: taskId, accountId: scope.accountId, kind: stored.kind, campaignId: id, payload: JSON.parse(stored.payload), checkpoint: null, db: scope.db, dataDir: env.ctx.dataDir, signal: dying.signal };
      await assert.rejects(
        runRecipientsTask(task, {
          report: async () => undefined,
          checkpoint: async () => {
            dying.abort();
            throw new Error('killed');
          },
        }),
        /killed/,
      );
      assert.equal((await messagesOf(scope, id)).size, 500);
      assert.notEqual((await scope.db.selectFrom('smsCampaigns').select('addingUntil').where('id', '=', id).executeTakeFirstOrThrow()).addingUntil, null, 'the dead task still holds the campaign');
      await assert.rejects(takeAddingLock(scope, id, 60_000), CampaignStateError);

      const runner = startTaskRunner(env.ctx, { pollMs: 50, staleMs: 500 });
      try {
        await waitUntil(async () => (await getTask(scope, taskId)).status === TaskStatus.DONE, 20_000, 'the resumed task');
      } finally {
        await runner.stop();
      }
      const messages = await messagesOf(scope, id);
      assert.equal(messages.size, 1100);
      // The chunk the dead process had committed meets the duplicate check on the rerun.
      assert.deepEqual((await getTask(scope, taskId)).result, { total: 1100, codes: { '0': 600, '4': 500 } });
      assert.equal((await scope.db.selectFrom('smsCampaigns').select('addingUntil').where('id', '=', id).executeTakeFirstOrThrow()).addingUntil, null);
    } finally {
      await env.dispose();
    }
  });
});
