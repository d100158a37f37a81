import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describeEachDatabase } from '../../support/databases.js';
import { rejectsWith, twoAccounts, type TwoAccounts } from '../fixture.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { createGroups } from '../../../src/core/audience/groups/groups.js';
import {
  createImport, getImport, lastImports, listImports, openImportBadFile, openImportLog, TOO_MANY_PENDING, waitForImport,
} from '../../../src/core/imports/jobs.js';
import { startImportRunner } from '../../../src/core/imports/runner.js';
import { MAX_IMPORT_FILE_BYTES, MAX_PENDING_IMPORTS, type ImportOptions } from '../../../src/core/imports/types.js';
import { insertOffice } from '../audience-helpers.js';
import { BASE_OPTIONS, freshAccount } from './helpers.js';
import type { AccountScope } from '../../../src/core/context.js';

describeEachDatabase('imports: jobs', (kind) => {
  // No runner: jobs stay queued, which is what the limits are about.
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  const upload = (scope: AccountScope, options: Partial<ImportOptions> = {}, content: Buffer | Readable = Buffer.from('EMAIL\nann@example.com\n')) =>
    createImport(t.ctx, scope, { source: 'native', fileName: 'a.csv', content, options: { ...BASE_OPTIONS, ...options } });

  test('a queued job stores its file under the data dir and reports its options', async () => {
    const a = await freshAccount(t);
    const job = await upload(a, { mode: 'insert' });
    assert.equal(job.status, 'queued');
    assert.equal(job.size, 22);
    assert.equal(job.progress, 0);
    assert.deepEqual(job.counters, { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });
    assert.equal(job.options.mode, 'insert');
    assert.equal(job.options.dedupOrder, 'first');
    assert.ok(existsSync(path.join(t.ctx.dataDir, 'imports', String(a.accountId), String(job.id), 'source')));
  });

  test(`a ${MAX_PENDING_IMPORTS + 1}th pending upload is refused; other accounts are not affected`, async () => {
    const a = await freshAccount(t);
    for (let i = 0; i < MAX_PENDING_IMPORTS; i++) await upload(a);
    const err = await rejectsWith(upload(a), ConflictError);
    assert.equal(err.message, TOO_MANY_PENDING);
    assert.equal((await listImports(a, { page: 1, pageSize: 100 })).total, MAX_PENDING_IMPORTS);
    const b = await freshAccount(t);
    assert.equal((await upload(b)).status, 'queued');
  });

  test('a file over the size limit is refused while streaming and leaves nothing behind', async () => {
    const a = await freshAccount(t);
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const chunks = Math.ceil(MAX_IMPORT_FILE_BYTES / chunk.length) + 1;
    const stream = Readable.from((function* () { for (let i = 0; i < chunks; i++) yield chunk; })());
    const err = await rejectsWith(upload(a, {}, stream), ValidationError);
    assert.equal(err.issues[0]!.field, 'file');
    assert.equal((await listImports(a, { page: 1, pageSize: 10 })).total, 0);
    const dir = path.join(t.ctx.dataDir, 'imports', String(a.accountId));
    assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], []);
  });

  test('options are validated: mode, key, encoding, phone reading, office and groups of the account', async () => {
    const a = await freshAccount(t);
    const b = await freshAccount(t);
    const foreignOffice = await insertOffice(b, 'Elsewhere');
    const [foreignGroup] = await createGroups(b, { name: 'Theirs', offices: [foreignOffice] });
    const err = await rejectsWith(
      upload(a, { mode: 'merge' as never, dedupKey: 'fax' as never, encoding: 'EBCDIC', officeId: foreignOffice, groupIds: [foreignGroup!.id], phoneDigits: 'plain' as never }),
      ValidationError,
    );
    assert.deepEqual(err.issues.map((i) => i.field).sort(), ['dedupKey', 'encoding', 'mode', 'phoneDigits']);
    const refs = await rejectsWith(upload(a, { officeId: foreignOffice, groupIds: [foreignGroup!.id] }), ValidationError);
    assert.deepEqual(refs.issues.map((i) => i.field).sort(), ['groupIds', 'officeId']);
    assert.equal((await listImports(a, { page: 1, pageSize: 10 })).total, 0);
  });

  test('jobs are account-scoped: another account sees none of them', async () => {
    const a = await freshAccount(t);
    const b = await freshAccount(t);
    const job = await upload(a);
    await rejectsWith(getImport(b, job.id), NotFoundError);
    await rejectsWith(openImportLog(t.ctx, b, job.id), NotFoundError);
    await rejectsWith(openImportBadFile(t.ctx, b, job.id), NotFoundError);
    await rejectsWith(waitForImport(b, job.id, 100), NotFoundError);
    assert.equal((await listImports(b, { page: 1, pageSize: 10 })).total, 0);
    assert.deepEqual(await lastImports(b, 5), []);
  });

  test('list pages, filters by status and source; lastImports is newest first', async () => {
    const a = await freshAccount(t);
    const ids: number[] = [];
    for (const source of ['native', 'cli', 'native']) {
      ids.push((await createImport(t.ctx, a, { source, fileName: 'f.csv', content: Buffer.from('EMAIL\n'), options: BASE_OPTIONS })).id);
    }
    const page = await listImports(a, { page: 2, pageSize: 2 });
    assert.equal(page.total, 3);
    assert.deepEqual(page.items.map((j) => j.id), [ids[2]]);
    assert.deepEqual((await listImports(a, { page: 1, pageSize: 10, source: 'native', descending: true })).items.map((j) => j.id), [ids[2], ids[0]]);
    assert.equal((await listImports(a, { page: 1, pageSize: 10, status: 'done' })).total, 0);
    assert.deepEqual((await lastImports(a, 2)).map((j) => j.id), [ids[2], ids[1]]);
  });

  test('a runner started later imports what was queued, oldest first', async () => {
    const a = await freshAccount(t);
    const first = await upload(a, {}, Buffer.from('EMAIL,FIRSTNAME\nann@example.com,One\n'));
    const second = await upload(a, {}, Buffer.from('EMAIL,FIRSTNAME\nann@example.com,Two\n'));
    // Other tests' queued jobs run too; this one waits for its own.
    const runner = startImportRunner(t.ctx, { pollMs: 20 });
    try {
      const done = await waitForImport(a, second.id, 60_000);
      assert.equal(done.status, 'done');
      assert.deepEqual((await getImport(a, first.id)).counters.inserted, 1);
      assert.deepEqual(done.counters.updated, 1);
      const row = await a.db.selectFrom('contacts').select('firstName').where('accountId', '=', a.accountId).executeTakeFirstOrThrow();
      assert.equal(row.firstName, 'Two');
    } finally {
      await runner.stop();
    }
  });
});
