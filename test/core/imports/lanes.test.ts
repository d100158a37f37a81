import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { createImport, getImport, waitForImport } from '../../../src/core/imports/jobs.js';
import { startImportRunner } from '../../../src/core/imports/runner.js';
import { jobFiles } from '../../../src/core/imports/files.js';
import { claimsOf } from '../../../src/core/imports/writing/lanes.js';
import { WRITE_BATCH_ROWS } from '../../../src/core/imports/pipeline.js';
import { DUPLICATE_EARLIER, EMAIL_TAKEN } from '../../../src/core/imports/writing/plan.js';
import type { PreparedBatch } from '../../../src/core/imports/writing/write-batch.js';
import type { Candidate } from '../../../src/core/imports/writing/batch-types.js';
import type { AccountScope } from '../../../src/core/context.js';
import type { ImportJobRow } from '../../../src/store/schema.js';
import { BASE_OPTIONS, badFileOf, importFixture, logOf, rowLines, runImport, type ImportFixture } from './helpers.js';

/*
 * PostgreSQL writes adjacent batches concurrently (writing/lanes.ts). These files put duplicates
 * and shared emails right across batch boundaries, so the batches in flight together collide;
 * the results must be those of a sequential import, on both databases.
 */

function candidate(key: string | null, emailKey?: string): Candidate {
  return { row: { rowNumber: 2, offset: 0, raw: Buffer.alloc(0) }, record: { key, values: emailKey === undefined ? {} : { emailKey }, keepIfEmpty: new Set(), custom: new Map() } } as unknown as Candidate;
}

function batchOf(candidates: Candidate[]): PreparedBatch {
  return { candidates, rejections: [], read: candidates.length, lastRecord: 2, bytesDone: 0 };
}

test('claimsOf: dedup keys always, email keys only when the email is not the key', () => {
  const batch = batchOf([candidate('a@x.org', 'a@x.org'), candidate(null), candidate('+447700900001', 'b@x.org')]);
  assert.deepEqual([...claimsOf(batch, true)].sort(), ['k+447700900001', 'ka@x.org']);
  assert.deepEqual([...claimsOf(batch, false)].sort(), ['ea@x.org', 'eb@x.org', 'k+447700900001', 'ka@x.org']);
  // A key and an email with the same text are different claims.
  assert.equal(claimsOf(batchOf([candidate('same')]), false).has('esame'), false);
});

const ROWS = WRITE_BATCH_ROWS * 5;

describeEachDatabase('imports: batches written side by side', (kind) => {
  let t: ImportFixture;
  before(async () => {
    t = await importFixture(kind);
  });
  after(() => t.dispose());

  test('duplicates just across batch boundaries: the earlier row wins, each later one is rejected once, in file order', async () => {
    const lines = ['EMAIL,FIRSTNAME'];
    let duplicates = 0;
    for (let i = 0; i < ROWS; i++) {
      // The first 50 rows of each batch repeat addresses of the previous batch's last 50.
      const repeats = i >= WRITE_BATCH_ROWS && i % WRITE_BATCH_ROWS < 50;
      if (repeats) duplicates++;
      lines.push(`${repeats ? `first${i - 50}` : `first${i}`}@example.com,Row${i}`);
    }
    const job = await runImport(t, t.a, lines.join('\n') + '\n', { mode: 'insert', dedupOrder: 'first' });
    assert.equal(job.status, 'done_with_errors', job.error ?? '');
    assert.deepEqual(job.counters, { read: ROWS, inserted: ROWS - duplicates, updated: 0, unchanged: 0, rejected: duplicates });
    const { rows } = await sql<{ n: number; keys: number }>`select count(*) as n, count(distinct email_key) as keys from contacts where account_id = ${t.a.accountId}`.execute(t.ctx.db);
    assert.deepEqual([Number(rows[0]!.n), Number(rows[0]!.keys)], [ROWS - duplicates, ROWS - duplicates]);
    const kept = await t.ctx.db.selectFrom('contacts').select('firstName').where('accountId', '=', t.a.accountId).where('emailKey', '=', `first${WRITE_BATCH_ROWS - 50}@example.com`).executeTakeFirstOrThrow();
    assert.equal(kept.firstName, `Row${WRITE_BATCH_ROWS - 50}`);

    const log = rowLines(await logOf(t, t.a, job.id));
    assert.equal(log.length, duplicates);
    const numbers = log.map((l) => Number(/^row (\d+)/.exec(l)![1]));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'log lines out of file order');
    assert.ok(log.every((l) => l.endsWith(DUPLICATE_EARLIER)));
    const bad = (await badFileOf(t, t.a, job.id)).toString('utf8').split('\n').filter((l) => l !== '');
    assert.deepEqual(bad, numbers.map((n) => lines[n - 1]));
  });

  test('with dedup order `last` the last row across the boundary wins', async () => {
    const lines = ['EMAIL,FIRSTNAME'];
    for (let i = 0; i < ROWS; i++) {
      const repeats = i >= WRITE_BATCH_ROWS && i % WRITE_BATCH_ROWS < 50;
      lines.push(`${repeats ? `last${i - 50}` : `last${i}`}@example.com,Row${i}`);
    }
    const job = await runImport(t, t.b, lines.join('\n') + '\n', { mode: 'upsert', dedupOrder: 'last' });
    assert.equal(job.status, 'done', job.error ?? '');
    const moved = await t.ctx.db.selectFrom('contacts').select('firstName').where('accountId', '=', t.b.accountId).where('emailKey', '=', `last${WRITE_BATCH_ROWS * 3 - 50}@example.com`).executeTakeFirstOrThrow();
    assert.equal(moved.firstName, `Row${WRITE_BATCH_ROWS * 3}`);
    const { rows } = await sql<{ n: number }>`select count(*) as n from contacts where account_id = ${t.b.accountId}`.execute(t.ctx.db);
    assert.equal(Number(rows[0]!.n), ROWS - 4 * 50);
  });

  test('keyed by mobile: an email taken by the previous batch is refused in the next one', async () => {
    const lines = ['MOBILE,EMAIL'];
    const n = WRITE_BATCH_ROWS + 10;
    for (let i = 0; i < n; i++) {
      // Row WRITE_BATCH_ROWS + k (next batch) reuses the email of row WRITE_BATCH_ROWS - 1 - k.
      const email = i >= WRITE_BATCH_ROWS ? `shared${2 * WRITE_BATCH_ROWS - 1 - i}@example.com` : `shared${i}@example.com`;
      lines.push(`+447911${String(100000 + i)},${email}`);
    }
    const job = await runImport(t, t.a, lines.join('\n') + '\n', { mode: 'insert', dedupKey: 'mobile', groupIds: [] });
    assert.equal(job.status, 'done_with_errors', job.error ?? '');
    assert.deepEqual(job.counters, { read: n, inserted: WRITE_BATCH_ROWS, updated: 0, unchanged: 0, rejected: 10 });
    const log = rowLines(await logOf(t, t.a, job.id));
    assert.ok(log.every((l) => l.endsWith(EMAIL_TAKEN)), log.join('\n'));
  });

  /** `rows` data rows; each `every`th (from the 8th) has an invalid email. */
  function fileWithBadRows(prefix: string, rows: number, every: number): { content: Buffer; rejected: number } {
    const lines = ['EMAIL,FIRSTNAME'];
    for (let i = 0; i < rows; i++) lines.push(i % every === 7 ? `broken-${i},X` : `${prefix}${i}@example.com,Row${i}`);
    return { content: Buffer.from(lines.join('\n') + '\n'), rejected: rows / every };
  }

  async function startInsert(scope: AccountScope, file: { content: Buffer }): Promise<number> {
    const created = await createImport(t.ctx, scope, { source: 'test', fileName: 'big.csv', content: file.content, options: { ...BASE_OPTIONS, mode: 'insert' } });
    return created.id;
  }

  async function untilImporting(scope: AccountScope, id: number): Promise<void> {
    for (;;) {
      const now = await getImport(scope, id);
      if (now.status === 'importing' && now.counters.read > 0) return;
      assert.ok(!now.status.startsWith('done'), 'the import ended before it could be interrupted');
      await delay(2);
    }
  }

  /** The stored checkpoint ends a prefix of the file, and the files and contacts match it exactly. */
  async function assertConsistentCheckpoint(scope: AccountScope, id: number, rows: number, every: number): Promise<ImportJobRow> {
    const stored = await t.ctx.db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(stored.read > 0 && stored.read < rows, `stopped after ${stored.read} rows`);
    assert.equal(stored.read, stored.checkpointRecord - 1, 'the checkpoint is not the end of the rows it counts');
    const files = jobFiles(t.ctx.dataDir, scope.accountId, id);
    assert.deepEqual([statSync(files.bad).size, statSync(files.log).size], [stored.badFileBytes, stored.logFileBytes]);
    const { rows: counted } = await sql<{ n: number }>`select count(*) as n from contacts where last_import_id = ${id}`.execute(t.ctx.db);
    assert.equal(Number(counted[0]!.n), stored.inserted);
    assert.equal(stored.rejected, Math.floor((stored.read + every - 8) / every));
    return stored;
  }

  async function assertFinishedExactly(scope: AccountScope, id: number, rows: number, rejected: number): Promise<void> {
    const done = await waitForImport(scope, id, 100_000);
    assert.deepEqual(done.counters, { read: rows, inserted: rows - rejected, updated: 0, unchanged: 0, rejected });
    const { rows: total } = await sql<{ n: number; keys: number }>`select count(*) as n, count(distinct email_key) as keys from contacts where last_import_id = ${id}`.execute(t.ctx.db);
    assert.deepEqual([Number(total[0]!.n), Number(total[0]!.keys)], [rows - rejected, rows - rejected]);
    assert.equal(rowLines(await logOf(t, scope, id)).length, rejected);
  }

  test('a job whose claim is lost mid-run keeps a checkpoint that matches its files and its contacts, then resumes exactly', { timeout: 120_000 }, async () => {
    const rows = 120_000;
    const file = fileWithBadRows('lost', rows, 100);
    const id = await startInsert(t.b, file);
    await untilImporting(t.b, id);
    await t.ctx.db.updateTable('importJobs').set({ claimedBy: 'someone-else' }).where('id', '=', id).execute();
    // The runner notices at its next checkpoint; batches in flight then roll back.
    let last = -1;
    for (let quiet = 0; quiet < 10; ) {
      await delay(50);
      const { checkpointRecord } = await t.ctx.db.selectFrom('importJobs').select('checkpointRecord').where('id', '=', id).executeTakeFirstOrThrow();
      quiet = checkpointRecord === last ? quiet + 1 : 0;
      last = checkpointRecord;
    }
    const stored = await assertConsistentCheckpoint(t.b, id, rows, 100);
    assert.equal(stored.status, 'importing');

    await t.ctx.db.updateTable('importJobs').set({ status: 'queued', claimedBy: null }).where('id', '=', id).execute();
    await assertFinishedExactly(t.b, id, rows, file.rejected);
  });

  test('a runner stopped mid-import commits what it started, hands the job back queued, and the next runner finishes it exactly', { timeout: 120_000 }, async () => {
    const rows = 120_000;
    const file = fileWithBadRows('stop', rows, 50);
    await t.runner.stop();
    const own = startImportRunner(t.ctx, { pollMs: 20 });
    const id = await startInsert(t.a, file);
    own.wake();
    await untilImporting(t.a, id);
    await own.stop();
    const handedBack = await assertConsistentCheckpoint(t.a, id, rows, 50);
    assert.deepEqual([handedBack.status, handedBack.claimedBy], ['queued', null]);

    const next = startImportRunner(t.ctx, { pollMs: 20 });
    try {
      await assertFinishedExactly(t.a, id, rows, file.rejected);
    } finally {
      await next.stop();
    }
  });
});
