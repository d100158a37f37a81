import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CoreContext } from '../context.js';
import type { Db } from '../../store/database.js';
import type { ImportJobRow } from '../../store/schema.js';
import { nowIso } from '../clock.js';
import { isFinalStatus } from './job-rows.js';
import { runImportJob } from './pipeline.js';
import { removeSource, sweepImportFiles } from './retention.js';
import { onImportQueued } from './wake.js';
import { WakeablePause } from '../pause.js';
import { isPostgres } from './writing/dialect.js';

export interface ImportRunnerOptions {
  /** How often the queue is polled when nothing wakes the runner (other processes' uploads). */
  pollMs?: number;
  workerId?: string;
  log?: (msg: string, data?: object) => void;
  /** A job whose heartbeat is older than this belongs to a dead process (PostgreSQL). Default 30 s. */
  staleMs?: number;
  /** How often expired import files are swept (sweepImportFiles). Default 1 h. */
  sweepEveryMs?: number;
}

export interface ImportRunner {
  /** Stops after the current batch; the job goes back to the queue and resumes on the next start. */
  stop(): Promise<void>;
  /** Look at the queue now. */
  wake(): void;
}

/** An upload that never finished (process died while receiving it) older than this is dropped. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

function cutoff(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

/**
 * Atomically takes one job: the oldest with the given status (and, for `importing`, a heartbeat
 * older than `staleBefore`). PostgreSQL: FOR UPDATE SKIP LOCKED lets runners of several processes
 * claim concurrently without waiting on each other; SQLite serialises writers anyway.
 */
async function claim(db: Db, workerId: string, status: 'queued' | 'importing', staleBefore: string | null): Promise<ImportJobRow | undefined> {
  let pick = db.selectFrom('importJobs').select('id').where('status', '=', status);
  if (staleBefore !== null) pick = pick.where((eb) => eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', staleBefore)]));
  pick = pick.orderBy('id').limit(1);
  if (isPostgres(db)) pick = pick.forUpdate().skipLocked();
  const now = nowIso();
  return db
    .updateTable('importJobs')
    .set((eb) => ({ status: 'importing', claimedBy: workerId, heartbeatAt: now, startedAt: eb.fn.coalesce('startedAt', eb.val(now)) }))
    .where('id', '=', pick)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Uploads interrupted by a dead process: their job never got a complete file. By age on both
 * dialects, since another live process (`herald import` next to `herald serve`) may be receiving one.
 */
async function dropStaleUploads(db: Db): Promise<void> {
  await db
    .updateTable('importJobs')
    .set({ status: 'error', error: 'The upload was interrupted', finishedAt: nowIso() })
    .where('status', '=', 'stored')
    .where('createdAt', '<', cutoff(STALE_UPLOAD_MS))
    .execute();
}

/**
 * Runs queued imports one at a time in this process, and resumes those a dead process left
 * `importing`: a job whose heartbeat is older than `staleMs`. Live runners keep their heartbeats
 * fresh, so several processes (`herald serve` and `herald import` on one SQLite file, or several
 * workers on PostgreSQL) never take each other's jobs; a crashed process's job resumes within
 * `staleMs` of the next runner's start.
 */
export function startImportRunner(ctx: CoreContext, opts: ImportRunnerOptions = {}): ImportRunner {
  const pollMs = opts.pollMs ?? 1000;
  const staleMs = opts.staleMs ?? 30_000;
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = opts.log ?? (() => undefined);
  const abort = new AbortController();
  const nap = new WakeablePause();
  const wake = (): void => nap.wake();
  const unsubscribe = onImportQueued(wake);

  const runOne = async (job: ImportJobRow): Promise<void> => {
    log('import started', { id: job.id, resumedAfterRecord: job.checkpointRecord });
    const beat = setInterval(() => {
      ctx.db.updateTable('importJobs').set({ heartbeatAt: nowIso() }).where('id', '=', job.id).where('claimedBy', '=', workerId).execute().catch(() => undefined);
    }, Math.max(100, Math.floor(staleMs / 3)));
    try {
      await runImportJob(ctx, job, { workerId, signal: abort.signal });
    } finally {
      clearInterval(beat);
    }
    // A final job no longer needs its upload (a job handed back to the queue does).
    const after = await ctx.db.selectFrom('importJobs').select('status').where('id', '=', job.id).executeTakeFirst();
    if (after !== undefined && isFinalStatus(after.status)) await removeSource(ctx, job.accountId, job.id);
    log('import ended', { id: job.id });
  };

  const sweepEveryMs = opts.sweepEveryMs ?? 60 * 60 * 1000;
  let lastSweep = -Infinity;
  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      nap.arm();
      try {
        await dropStaleUploads(ctx.db);
        if (Date.now() - lastSweep >= sweepEveryMs) {
          lastSweep = Date.now();
          const removed = await sweepImportFiles(ctx);
          if (removed > 0) log('import files swept', { removed });
        }
        const orphan = await claim(ctx.db, workerId, 'importing', cutoff(staleMs));
        const job = orphan ?? (await claim(ctx.db, workerId, 'queued', null));
        if (job) {
          await runOne(job);
          continue;
        }
      } catch (err) {
        log('import runner error', { error: err instanceof Error ? err.message : String(err) });
      }
      if (abort.signal.aborted) continue;
      await nap.pause(pollMs);
    }
  };
  const done = loop();

  return {
    wake,
    async stop() {
      unsubscribe();
      abort.abort();
      nap.wake();
      await done;
    },
  };
}
