import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CoreContext } from '../context.js';
import type { Db } from '../../store/database.js';
import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.js';
import { nowIso } from '../clock.js';
import { WakeablePause } from '../pause.js';
import { isPostgres } from '../imports/writing/dialect.js';
import { defaultTaskHandlers } from './handlers.js';
import type { TaskRegistry } from './registry.js';
import { TaskInterrupted, TaskStatus, type ProgressReporter, type RunningTask } from './types.js';
import { onTaskQueued } from './wake.js';

type BackgroundTaskRow = Selectable<Database['backgroundTasks']>;

export interface TaskRunnerOptions {
  /** How often the queue is polled when nothing wakes the runner (tasks created by other processes). */
  pollMs?: number;
  /** A running task whose heartbeat is older than this belongs to a dead process. Default 30 s. */
  staleMs?: number;
  /** Tasks run at once by this runner. Default 2: one long file does not hold up everyone else. */
  concurrency?: number;
  workerId?: string;
  handlers?: TaskRegistry;
  log?: (msg: string, data?: object) => void;
}

export interface TaskRunner {
  /** Stops claiming, interrupts running tasks (they go back to the queue) and waits for them. */
  stop(): Promise<void>;
  /** Look at the queue now. */
  wake(): void;
  readonly workerId: string;
}

/**
 * Atomically takes one task: the oldest new one, or one left running by a process whose heartbeat
 * stopped before `staleBefore`. PostgreSQL: FOR UPDATE SKIP LOCKED lets runners of several
 * processes claim at once without waiting on each other; SQLite serialises writers anyway.
 */
async function claim(db: Db, workerId: string, kinds: string[], staleBefore: string): Promise<BackgroundTaskRow | undefined> {
  let pick = db
    .selectFrom('backgroundTasks')
    .select('id')
    .where('kind', 'in', kinds)
    .where((eb) =>
      eb.or([
        eb('status', '=', TaskStatus.NEW),
        eb.and([eb('status', '=', TaskStatus.RUNNING), eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', staleBefore)])]),
      ]),
    )
    .orderBy('id')
    .limit(1);
  if (isPostgres(db)) pick = pick.forUpdate().skipLocked();
  const now = nowIso();
  return db
    .updateTable('backgroundTasks')
    .set((eb) => ({ status: TaskStatus.RUNNING, claimedBy: workerId, heartbeatAt: now, startedAt: eb.fn.coalesce('startedAt', eb.val(now)) }))
    .where('id', '=', pick)
    .returningAll()
    .executeTakeFirst();
}

function parseJson(text: string | null): unknown {
  if (text === null || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const percent = (p: number): number => Math.max(0, Math.min(99, Math.round(Number.isFinite(p) ? p : 0)));

/**
 * Runs background tasks of the kinds in `handlers`, and finishes those a dead process left
 * running: live runners keep their tasks' heartbeats fresh, so a heartbeat older than `staleMs`
 * means the process is gone and the task is claimed again (its handler resumes from its last
 * checkpoint). New tasks of this process start at once (wake signal); others within `pollMs`.
 */
export function startTaskRunner(ctx: Pick<CoreContext, 'db' | 'dataDir'>, opts: TaskRunnerOptions = {}): TaskRunner {
  const db = ctx.db;
  const pollMs = opts.pollMs ?? 1000;
  const staleMs = opts.staleMs ?? 30_000;
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const handlers = opts.handlers ?? defaultTaskHandlers();
  const kinds = handlers.kinds();
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = opts.log ?? (() => undefined);
  const abort = new AbortController();
  const nap = new WakeablePause();
  const wake = (): void => nap.wake();
  const unsubscribe = onTaskQueued(wake);
  const running = new Set<Promise<void>>();

  // Every write of a run is guarded by claimedBy: a runner that lost its task (taken for stale
  // while this process was frozen) must not overwrite what the new owner records.
  const mine = (id: number) => db.updateTable('backgroundTasks').where('id', '=', id).where('claimedBy', '=', workerId);

  const runOne = async (row: BackgroundTaskRow): Promise<void> => {
    const handler = handlers.get(row.kind);
    if (handler === undefined) return; // not claimable: kinds filters
    const task: RunningTask = {
      id: row.id,
      accountId: row.accountId,
      kind: row.kind,
      campaignId: row.campaignId,
      payload: parseJson(row.payload),
      checkpoint: parseJson(row.result),
      db,
      dataDir: ctx.dataDir,
      signal: abort.signal,
    };
    const progress: ProgressReporter = {
      async report(p) {
        await mine(row.id).set({ progress: percent(p), heartbeatAt: nowIso() }).execute();
      },
      async checkpoint(state, p) {
        await mine(row.id).set({ result: JSON.stringify(state ?? null), progress: percent(p), heartbeatAt: nowIso() }).execute();
      },
    };
    const beat = setInterval(() => {
      mine(row.id).set({ heartbeatAt: nowIso() }).execute().catch(() => undefined);
    }, Math.max(50, Math.floor(staleMs / 3)));
    log('task started', { id: row.id, kind: row.kind, resumed: task.checkpoint !== null });
    try {
      const result = await handler(task, progress);
      await mine(row.id).set({ status: TaskStatus.DONE, progress: 100, result: JSON.stringify(result ?? null), error: null, finishedAt: nowIso() }).execute();
      log('task done', { id: row.id });
    } catch (err) {
      if (err instanceof TaskInterrupted || abort.signal.aborted) {
        // Back to the queue with its checkpoint; the next runner (here or elsewhere) resumes it.
        await mine(row.id).set({ status: TaskStatus.NEW, claimedBy: null, heartbeatAt: null }).execute().catch(() => undefined);
        log('task interrupted', { id: row.id });
      } else {
        const message = err instanceof Error ? err.message : String(err);
        await mine(row.id).set({ status: TaskStatus.FAILED, error: message, finishedAt: nowIso() }).execute().catch(() => undefined);
        log('task failed', { id: row.id, error: message });
      }
    } finally {
      clearInterval(beat);
    }
  };

  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      nap.arm();
      try {
        while (running.size < concurrency && !abort.signal.aborted) {
          const row = await claim(db, workerId, kinds, new Date(Date.now() - staleMs).toISOString());
          if (!row) break;
          const run: Promise<void> = runOne(row).finally(() => {
            running.delete(run);
            nap.wake(); // room for the next task
          });
          running.add(run);
        }
      } catch (err) {
        log('task runner error', { error: err instanceof Error ? err.message : String(err) });
      }
      if (abort.signal.aborted) break;
      await nap.pause(pollMs);
    }
    await Promise.all(running);
  };
  const done = kinds.length === 0 ? Promise.resolve() : loop();

  return {
    workerId,
    wake,
    async stop() {
      unsubscribe();
      abort.abort();
      nap.wake();
      await done;
    },
  };
}
