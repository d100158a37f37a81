import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { ROOT } from '../../support/processes.js';
import { twoAccounts, type TwoAccounts } from '../fixture.js';
import { createImport, getImport, waitForImport } from '../../../src/core/imports/jobs.js';
import { BASE_OPTIONS, badFileOf, logOf, rowLines } from './helpers.js';

const ROWS = 200_000;

/** The file and what a correct import of it must produce (a Set is fine here: this is the test). */
function buildFile(): { content: Buffer; inserted: number; rejected: number } {
  const seen = new Set<string>();
  const lines = ['EMAIL,FIRSTNAME,LASTNAME'];
  let inserted = 0;
  let rejected = 0;
  for (let i = 0; i < ROWS; i++) {
    if (i % 1000 === 7) {
      lines.push(`bad-email-${i},X,Y`);
      rejected++;
      continue;
    }
    // Every 997th row repeats an address 500 rows earlier (same or previous batch).
    const n = i % 997 === 0 && i >= 500 ? i - 500 : i;
    const email = `c${n}@example.com`;
    lines.push(`${email},First${i},Last${i}`);
    if (seen.has(email) || n % 1000 === 7) rejected++;
    else {
      seen.add(email);
      inserted++;
    }
  }
  return { content: Buffer.from(lines.join('\n') + '\n'), inserted, rejected };
}

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/import-worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, IMPORT_STALE_MS: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.resume();
  return child;
}

describeEachDatabase('imports: SIGKILL mid-import', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  test('the next process resumes the job from its checkpoint: exact counts, no contact twice, each bad row once', { timeout: 300_000 }, async () => {
    const expected = buildFile();
    const job = await createImport(t.ctx, t.a, { source: 'native', fileName: 'big.csv', content: expected.content, options: BASE_OPTIONS });

    const first = startWorker(t.database.env);
    let killedAt = 0;
    try {
      for (;;) {
        const now = await getImport(t.a, job.id);
        if (now.status === 'importing' && now.counters.read > 0) {
          first.kill('SIGKILL');
          await once(first, 'exit');
          killedAt = (await getImport(t.a, job.id)).counters.read;
          break;
        }
        assert.equal(now.status === 'done' || now.status === 'done_with_errors', false, 'the import ended before it could be killed');
        await delay(5);
      }
    } finally {
      first.kill('SIGKILL');
    }
    const orphan = await getImport(t.a, job.id);
    assert.equal(orphan.status, 'importing');
    assert.ok(killedAt > 0 && killedAt < ROWS, `killed after ${killedAt} rows`);

    const second = startWorker(t.database.env);
    try {
      const done = await waitForImport(t.a, job.id, 240_000);
      assert.equal(done.status, 'done_with_errors', done.error ?? '');
      assert.deepEqual(done.counters, { read: ROWS, inserted: expected.inserted, updated: 0, unchanged: 0, rejected: expected.rejected });
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }

    const { rows } = await sql<{ n: number; keys: number }>`
      select count(*) as n, count(distinct email_key) as keys from contacts where account_id = ${t.a.accountId}`.execute(t.ctx.db);
    assert.equal(Number(rows[0]!.n), expected.inserted);
    assert.equal(Number(rows[0]!.keys), expected.inserted);

    const lines = rowLines(await logOf(t, t.a, job.id));
    assert.equal(lines.length, expected.rejected);
    assert.equal(new Set(lines).size, lines.length, 'a log line appears twice');
    const bad = (await badFileOf(t, t.a, job.id)).toString('utf8').split('\n').filter((l) => l !== '');
    assert.equal(bad.length, expected.rejected);
  });
});
