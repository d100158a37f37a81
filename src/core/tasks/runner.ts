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
  const runner = new TaskLoop(ctx, opts);
  return { workerId: runner.workerId, wake: runner.wake, stop: () => runner.stop() };
}

class TaskLoop {
  readonly workerId: string;
  private readonly db: Db;
  private readonly pollMs: number;
  private readonly staleMs: number;
  private readonly concurrency: number;
  private readonly handlers: TaskRegistry;
  private readonly kinds: string[];
  private readonly log: (msg: string, data?: object) => void;
  private readonly abort = new AbortController();
  private readonly nap = new WakeablePause();
  private readonly unsubscribe: () => void;
  private readonly running = new Set<Promise<void>>();
  private readonly done: Promise<void>;

  constructor(
    private readonly ctx: Pick<CoreContext, 'db' | 'dataDir'>,
    opts: TaskRunnerOptions,
  ) {
    this.db = ctx.db;
    this.pollMs = opts.pollMs ?? 1000;
    this.staleMs = opts.staleMs ?? 30_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.handlers = opts.handlers ?? defaultTaskHandlers();
    this.kinds = this.handlers.kinds();
    this.workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.log = opts.log ?? (() => undefined);
    this.unsubscribe = onTaskQueued(this.wake);
    this.done = this.kinds.length === 0 ? Promise.resolve() : this.loop();
  }

  readonly wake = (): void => this.nap.wake();

  async stop(): Promise<void> {
    this.unsubscribe();
    this.abort.abort();
    this.nap.wake();
    await this.done;
  }

  // Every write of a run is guarded by claimedBy: a runner that lost its task (taken for stale
  // while this process was frozen) must not overwrite what the new owner records.
  private mine(id: number) {
    return this.db.updateTable('backgroundTasks').where('id', '=', id).where('claimedBy', '=', this.workerId);
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      this.nap.arm();
      try {
        await this.claimWhileRoom();
      } catch (err) {
        this.log('task runner error', { error: err instanceof Error ? err.message : String(err) });
      }
      if (this.abort.signal.aborted) break;
      await this.nap.pause(this.pollMs);
    }
    await Promise.all(this.running);
  }

  private async claimWhileRoom(): Promise<void> {
    while (this.running.size < this.concurrency && !this.abort.signal.aborted) {
      const row = await claim(this.db, this.workerId, this.kinds, new Date(Date.now() - this.staleMs).toISOString());
      if (!row) break;
      const run: Promise<void> = this.runOne(row).finally(() => {
        this.running.delete(run);
        this.nap.wake(); // room for the next task
      });
      this.running.add(run);
    }
  }

  private taskOf(row: BackgroundTaskRow): RunningTask {
    return {
      id: row.id,
      accountId: row.accountId,
      kind: row.kind,
      campaignId: row.campaignId,
      payload: parseJson(row.payload),
      checkpoint: parseJson(row.result),
      db: this.db,
      dataDir: this.ctx.dataDir,
      signal: this.abort.signal,
    };
  }

  private progressOf(id: number): ProgressReporter {
    return {
      report: async (p) => {
        await this.mine(id).set({ progress: percent(p), heartbeatAt: nowIso() }).execute();
      },
      checkpoint: async (state, p) => {
        await this.mine(id).set({ result: JSON.stringify(state ?? null), progress: percent(p), heartbeatAt: nowIso() }).execute();
      },
    };
  }

  private async runOne(row: BackgroundTaskRow): Promise<void> {
    const handler = this.handlers.get(row.kind);
    if (handler === undefined) return; // not claimable: kinds filters
    const task = this.taskOf(row);
    const progress = this.progressOf(row.id);
    const beat = setInterval(() => {
      this.mine(row.id).set({ heartbeatAt: nowIso() }).execute().catch(() => undefined);
    }, Math.max(50, Math.floor(this.staleMs / 3)));
    this.log('task started', { id: row.id, kind: row.kind, resumed: task.checkpoint !== null });
    try {
      const result = await handler(task, progress);
      await this.mine(row.id).set({ status: TaskStatus.DONE, progress: 100, result: JSON.stringify(result ?? null), error: null, finishedAt: nowIso() }).execute();
      this.log('task done', { id: row.id });
    } catch (err) {
      await this.ended(row.id, err);
    } finally {
      clearInterval(beat);
    }
  }

  /** A task that threw: interrupted ones go back to the queue, the others fail with the message. */
  private async ended(id: number, err: unknown): Promise<void> {
    if (err instanceof TaskInterrupted || this.abort.signal.aborted) {
      // Back to the queue with its checkpoint; the next runner (here or elsewhere) resumes it.
      await this.mine(id).set({ status: TaskStatus.NEW, claimedBy: null, heartbeatAt: null }).execute().catch(() => undefined);
      this.log('task interrupted', { id });
    } else {
      const message = err instanceof Error ? err.message : String(err);
      await this.mine(id).set({ status: TaskStatus.FAILED, error: message, finishedAt: nowIso() }).execute().catch(() => undefined);
      this.log('task failed', { id, error: message });
    }
  }
}
