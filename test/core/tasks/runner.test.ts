import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { waitUntil } from '../../support/wait.js';
import { twoAccounts, type TwoAccounts } from '../fixture.js';
import { createTask, getTask } from '../../../src/core/tasks/queue.js';
import { TaskRegistry } from '../../../src/core/tasks/registry.js';
import { startTaskRunner, type TaskRunner } from '../../../src/core/tasks/runner.js';
import { TaskInterrupted, TaskStatus } from '../../../src/core/tasks/types.js';
import { NotFoundError } from '../../../src/core/errors.js';

describeEachDatabase('background task runner', (kind) => {
  let env: TwoAccounts;
  const runners: TaskRunner[] = [];
  /** Steps run per task id, to see a task is never run twice at once nor restarted from scratch. */
  const steps = new Map<number, number[]>();
  let release: (() => void) | null = null;

  const registry = new TaskRegistry()
    .register('count', async (task, progress) => {
      const { n } = task.payload as { n: number };
      const start = ((task.checkpoint as { next?: number } | null)?.next) ?? 0;
      for (let i = start; i < n; i++) {
        steps.set(task.id, [...(steps.get(task.id) ?? []), i]);
        await progress.checkpoint({ next: i + 1 }, (100 * (i + 1)) / n);
      }
      return { counted: n, resumedAt: start };
    })
    .register('fail', async () => {
      throw new Error('the file is unreadable');
    })
    .register('block', async (task, progress) => {
      await progress.report(40);
      await new Promise<void>((resolve) => {
        release = resolve;
        task.signal.addEventListener('abort', () => resolve());
      });
      if (task.signal.aborted) throw new TaskInterrupted();
      return 'released';
    });

  const start = (opts: Parameters<typeof startTaskRunner>[1] = {}): TaskRunner => {
    const r = startTaskRunner(env.ctx, { handlers: registry, pollMs: 60_000, staleMs: 300, ...opts });
    runners.push(r);
    return r;
  };

  before(async () => {
    env = await twoAccounts(kind);
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await env.dispose();
  });

  it('a task created in this process starts at once (no poll) and ends done with its result', async () => {
    start();
    const id = await createTask(env.ctx.db, { accountId: env.a.accountId, kind: 'count', payload: { n: 3 } });
    // pollMs is a minute: only the in-process wake can have started it.
    await waitUntil(async () => (await getTask(env.a, id)).status === TaskStatus.DONE, 5000, 'the task');
    const task = await getTask(env.a, id);
    assert.equal(task.progress, 100);
    assert.deepEqual(task.result, { counted: 3, resumedAt: 0 });
    assert.equal(task.error, null);
    assert.ok(task.startedAt !== null && task.finishedAt !== null);
    assert.deepEqual(steps.get(id), [0, 1, 2]);
  });

  it("a task is the account's own: another account gets not found", async () => {
    const id = await createTask(env.ctx.db, { accountId: env.a.accountId, kind: 'count', payload: { n: 1 } });
    await assert.rejects(getTask(env.b, id), NotFoundError);
    await assert.rejects(getTask(env.a, 0), NotFoundError);
  });

  it('a failing handler leaves status 3 with the reason', async () => {
    const id = await createTask(env.ctx.db, { accountId: env.a.accountId, kind: 'fail', payload: {} });
    await waitUntil(async () => (await getTask(env.a, id)).status === TaskStatus.FAILED, 5000, 'the failure');
    const task = await getTask(env.a, id);
    assert.equal(task.error, 'the file is unreadable');
    assert.equal(task.result, null);
  });

  it('a task left running by a dead process is claimed once its heartbeat is stale and resumes from its checkpoint', async () => {
    const old = new Date(Date.now() - 60_000).toISOString();
    const row = await env.ctx.db
      .insertInto('backgroundTasks')
      .values({ accountId: env.a.accountId, kind: 'count', payload: JSON.stringify({ n: 5 }), status: TaskStatus.RUNNING, progress: 40, result: JSON.stringify({ next: 2 }), claimedBy: 'dead-host:1', heartbeatAt: old, createdAt: old, startedAt: old })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A task whose owner is alive (fresh heartbeat) is left alone.
    const live = await env.ctx.db
      .insertInto('backgroundTasks')
      .values({ accountId: env.a.accountId, kind: 'count', payload: JSON.stringify({ n: 1 }), status: TaskStatus.RUNNING, claimedBy: 'live-host:2', heartbeatAt: new Date(Date.now() + 60_000).toISOString(), createdAt: old })
      .returning('id')
      .executeTakeFirstOrThrow();
    runners[0]!.wake();
    await waitUntil(async () => (await getTask(env.a, row.id)).status === TaskStatus.DONE, 5000, 'the orphan');
    assert.deepEqual((await getTask(env.a, row.id)).result, { counted: 5, resumedAt: 2 });
    assert.deepEqual(steps.get(row.id), [2, 3, 4]);
    const claimed = await env.ctx.db.selectFrom('backgroundTasks').select(['claimedBy', 'startedAt']).where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(claimed.claimedBy, runners[0]!.workerId);
    assert.equal(claimed.startedAt, old, 'the first start is kept');
    assert.equal((await getTask(env.a, live.id)).status, TaskStatus.RUNNING);
    await env.ctx.db.deleteFrom('backgroundTasks').where('id', '=', live.id).execute();
  });

  it('stopping a runner puts its running task back in the queue, and the next runner finishes it', async () => {
    const own = start({ workerId: 'stopping' });
    const id = await createTask(env.ctx.db, { accountId: env.a.accountId, kind: 'block', payload: {} });
    await waitUntil(async () => (await getTask(env.a, id)).progress === 40, 5000, 'the block to start');
    // Both runners heard the wake; only one claimed it.
    const owner = (await env.ctx.db.selectFrom('backgroundTasks').select('claimedBy').where('id', '=', id).executeTakeFirstOrThrow()).claimedBy;
    const stopping = owner === 'stopping' ? own : runners[0]!;
    await stopping.stop();
    const back = await env.ctx.db.selectFrom('backgroundTasks').select(['status', 'claimedBy', 'heartbeatAt']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(back, { status: TaskStatus.NEW, claimedBy: null, heartbeatAt: null });
    const next = start({ workerId: 'next' });
    next.wake();
    await waitUntil(async () => (await getTask(env.a, id)).progress === 40 && release !== null, 5000, 'the block to restart');
    await waitUntil(async () => {
      release?.();
      return (await getTask(env.a, id)).status === TaskStatus.DONE;
    }, 5000, 'the block to end');
    assert.equal((await getTask(env.a, id)).result, 'released');
  });

  it('several runners share many tasks: each task runs exactly once', async () => {
    for (let i = 0; i < 3; i++) start({ pollMs: 20, concurrency: 3 });
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await createTask(env.ctx.db, { accountId: env.b.accountId, kind: 'count', payload: { n: 4 } }));
    await waitUntil(async () => {
      const rows = await env.ctx.db.selectFrom('backgroundTasks').select('status').where('id', 'in', ids).execute();
      return rows.every((r) => r.status === TaskStatus.DONE);
    }, 20_000, 'all tasks');
    for (const id of ids) assert.deepEqual(steps.get(id), [0, 1, 2, 3], `task ${id}`);
  });
});
