import { existsSync } from 'node:fs';
import type { CoreContext } from '../context.js';
import type { ImportJobRow } from '../../store/schema.js';
import { ValidationError } from '../errors.js';
import { jobFiles } from './files.js';
import { columnLabel, makeReadPlan, recordRules, storedPlan, type ReadPlan } from './job-plan.js';
import { countersOf } from './job-rows.js';
import type { RecordRules, SourceRow } from './reading/contract.js';
import { readRows } from './reading/read-rows.js';
import { toRecord } from './reading/records.js';
import { JobFilesLost, RejectFiles } from './reject-files.js';
import type { ImportOptions } from './types.js';
import type { Candidate, Rejection } from './writing/batch-types.js';
import { StatementCache, writeTargetOf } from './writing/dialect.js';
import { dedupInBatch } from './writing/plan.js';
import { loadTargets } from './writing/targets.js';
import { writeInLanes } from './writing/lanes.js';
import { LostClaim, writeCommitGroup, type JobWriter, type PreparedBatch } from './writing/write-batch.js';
import { finishJob, failJob, releaseJob } from './job-state.js';

/**
 * Rows per write batch (one lookup, one insert and one update statement on PostgreSQL). Memory per
 * running job is bounded by about two of these batches (one being written, the next being read and
 * validated) plus the reader's 1 MB chunk: with rows of ~200 bytes that is a few MB, whatever the
 * file size. A record longer than 1 MB is rejected by the reader. 2,000 rather than 4,000: the
 * same speed on PostgreSQL, 8 % faster on SQLite and 35–60 MB less peak RSS (BENCHMARKS.md).
 */
export const WRITE_BATCH_ROWS = 2000;
/**
 * Rows per commit on SQLite: several batches per transaction (see writeCommitGroup); batches are
 * written as they arrive, so this costs no memory, but holds the single SQLite connection for the
 * group (~1 s at full speed). PostgreSQL commits every batch (lanes.ts).
 */
export const SQLITE_COMMIT_ROWS = 50_000;

/** Turns the reader's rows into candidates and rejections, in-batch duplicates removed. */
function prepare(rows: SourceRow[], rules: RecordRules, customFieldIds: ReadonlySet<number>, options: ImportOptions, keyColumn: string): PreparedBatch {
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  for (const row of rows) {
    const outcome = toRecord(row, rules, customFieldIds);
    if (outcome.ok) candidates.push({ row, record: outcome.record });
    else rejections.push({ row, column: outcome.problem.column, reason: outcome.problem.reason });
  }
  const deduped = dedupInBatch(candidates, options.dedupOrder ?? 'first', keyColumn);
  const last = rows[rows.length - 1]!;
  return {
    candidates: deduped.kept,
    rejections: [...rejections, ...deduped.rejections],
    read: rows.length,
    lastRecord: last.rowNumber,
    bytesDone: last.offset,
  };
}

/**
 * The job's batches, read one ahead: batch n+1 is read while batch n is written (the reads are
 * asynchronous, so they overlap with any database). Validation is synchronous; prepareAhead() runs
 * it early for a batch already read, which the PostgreSQL writer calls while the server executes
 * a batch's big statement, so validation overlaps the server's work instead of adding to it
 * (SQLite writes on this thread: nothing to overlap, it never calls it).
 */
class BatchSource {
  private pending!: Promise<IteratorResult<SourceRow[]>>;
  /** The pending read once it has settled with rows, so prepareAhead() can use it synchronously. */
  private ready: SourceRow[] | null = null;
  private prepared: PreparedBatch | null = null;

  constructor(
    private readonly batches: AsyncGenerator<SourceRow[]>,
    private readonly prepareRows: (rows: SourceRow[]) => PreparedBatch,
  ) {
    this.advance();
  }

  private advance(): void {
    this.ready = null;
    const pending = this.batches.next();
    this.pending = pending;
    // A failed read is reported by pull(), which awaits the same promise.
    pending.then((step) => {
      if (this.pending === pending && step.done !== true) this.ready = step.value;
    }, () => undefined);
  }

  prepareAhead(): void {
    if (this.prepared === null && this.ready !== null) this.prepared = this.prepareRows(this.ready);
  }

  async pull(): Promise<PreparedBatch | null> {
    if (this.prepared !== null) {
      const batch = this.prepared;
      this.prepared = null;
      this.advance();
      return batch;
    }
    const step = await this.pending;
    if (step.done === true) return null;
    // A lane's statement may have run prepareAhead() on this very batch while we waited.
    const batch = this.prepared ?? this.prepareRows(step.value);
    this.prepared = null;
    this.advance();
    return batch;
  }

  close(): void {
    this.pending.catch(() => undefined);
    void this.batches.return(undefined);
  }
}

async function* writeBatches(path: string, plan: ReadPlan, startAfter: number): AsyncGenerator<SourceRow[]> {
  let pending: SourceRow[] = [];
  for await (const rows of readRows(path, plan.read, startAfter)) {
    pending = pending.length === 0 ? rows : pending.concat(rows);
    if (pending.length >= WRITE_BATCH_ROWS) {
      yield pending;
      pending = [];
    }
  }
  if (pending.length > 0) yield pending;
}

/**
 * Writes every batch (true) or stops early when `stop` is aborted (false). SQLite: commit groups
 * on its one connection. PostgreSQL: one batch per commit, on two connections (lanes.ts).
 */
async function writeAll(job: JobWriter, pull: () => Promise<PreparedBatch | null>, stop: AbortSignal): Promise<boolean> {
  if (job.target.kind === 'postgres') return writeInLanes(job, pull, stop);
  while (await writeCommitGroup(job, pull, SQLITE_COMMIT_ROWS)) {
    if (stop.aborted) return false;
  }
  return true;
}

export interface RunOptions {
  workerId: string;
  /** Set when the runner stops: the job stops after its current batch and goes back to the queue. */
  signal: AbortSignal;
}

const KEY_FIELD = { email: 'email', mobile: 'mobile', memberId: 'memberId' } as const;

async function planOf(ctx: CoreContext, row: ImportJobRow, source: string, options: ImportOptions): Promise<ReadPlan> {
  const stored = storedPlan(row);
  if (stored !== null) return stored;
  const plan = await makeReadPlan(ctx.db, row.accountId, source, options);
  await ctx.db.updateTable('importJobs').set({ readPlan: JSON.stringify(plan) }).where('id', '=', row.id).execute();
  return plan;
}

/**
 * Imports (or resumes) one claimed job from its checkpoint to a final status. A fresh job and a
 * resumed one take the same path: skip the records the checkpoint covers, truncate the bad and log
 * files to the checkpoint's sizes, continue.
 */
export async function runImportJob(ctx: CoreContext, row: ImportJobRow, run: RunOptions): Promise<void> {
  const paths = jobFiles(ctx.dataDir, row.accountId, row.id);
  const options = JSON.parse(row.options) as ImportOptions;
  if (!existsSync(paths.source)) return failJob(ctx.db, row.id, run.workerId, 'The uploaded file is missing from the data directory');
  let plan: ReadPlan;
  try {
    plan = await planOf(ctx, row, paths.source, options);
  } catch (err) {
    if (err instanceof ValidationError) return failJob(ctx.db, row.id, run.workerId, err.message, 'error');
    throw err;
  }
  let files: RejectFiles;
  try {
    files = new RejectFiles(paths, { bad: row.badFileBytes, log: row.logFileBytes });
  } catch (err) {
    if (err instanceof JobFilesLost) return failJob(ctx.db, row.id, run.workerId, `Cannot resume: ${err.message}`);
    throw err;
  }
  try {
    await importRows(ctx, row, run, options, plan, files);
  } finally {
    files.close();
  }
}

async function importRows(ctx: CoreContext, row: ImportJobRow, run: RunOptions, options: ImportOptions, plan: ReadPlan, files: RejectFiles): Promise<void> {
  const scope = { db: ctx.db, accountId: row.accountId };
  const [account, customFields] = await Promise.all([
    ctx.db.selectFrom('accounts').select('defaultCountry').where('id', '=', row.accountId).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('customFields').select('id').where('accountId', '=', row.accountId).execute(),
  ]);
  const rules = recordRules(plan, options, account.defaultCountry);
  const customFieldIds: ReadonlySet<number> = new Set(customFields.map((f) => f.id));
  const keyColumn = columnLabel(plan, KEY_FIELD[options.dedupKey]);
  const target = writeTargetOf(ctx.db);
  const targets = await loadTargets(scope, options, columnLabel(plan, 'postCode'));
  const job: JobWriter = {
    jobId: row.id,
    accountId: row.accountId,
    workerId: run.workerId,
    db: ctx.db,
    target,
    cache: target.kind === 'sqlite' ? new StatementCache(target.handle) : null,
    rules: {
      jobId: row.id,
      mode: options.mode,
      dedupKey: options.dedupKey,
      dedupOrder: options.dedupOrder ?? 'first',
      skipBlocked: options.skipUnsubscribedAndHardBounced,
      keyColumn,
      officeFor: targets.officeFor,
    },
    targets,
    emailColumn: columnLabel(plan, 'email'),
    files,
    counters: countersOf(row),
  };

  // The header is record 1: the plan has it, a resumed run never reads it again.
  const startAfter = Math.max(row.checkpointRecord, options.header ? 1 : 0);
  const batches = writeBatches(jobFiles(ctx.dataDir, row.accountId, row.id).source, plan, startAfter);
  const source = new BatchSource(batches, (rows) => prepare(rows, rules, customFieldIds, options, keyColumn));
  job.whileServerWorks = () => source.prepareAhead();
  try {
    if (!(await writeAll(job, () => source.pull(), run.signal))) {
      await releaseJob(ctx.db, row.id, run.workerId);
      return;
    }
  } catch (err) {
    if (err instanceof LostClaim) return;
    return failJob(ctx.db, row.id, run.workerId, err instanceof Error ? err.message : String(err));
  } finally {
    source.close();
  }
  await finishJob(ctx.db, row.id, run.workerId, job.counters, files);
}

