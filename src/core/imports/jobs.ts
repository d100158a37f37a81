import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { AccountScope, CoreContext } from '../context.js';
import type { ImportJobRow } from '../../store/schema.js';
import { nowIso } from '../clock.js';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '../errors.js';
import { jobFiles, removeJobFiles, storeUpload } from './files.js';
import { isFinalStatus, toImportJob } from './job-rows.js';
import { validateImportOptions } from './options.js';
import { admitSpreadsheet } from './reading/sheet-thread.js';
import { filesExpired, storageOf, storedUploadBytes, uploadAllowance } from './retention.js';
import { MAX_IMPORT_FILE_BYTES, MAX_PENDING_IMPORTS, PENDING_IMPORT_STATUSES, type ImportJob, type ImportJobFilter, type ImportOptions } from './types.js';
import { signalImportQueued } from './wake.js';
import { isPostgres } from './writing/dialect.js';

export interface NewImport {
  source: string;
  fileName: string;
  /** The file's bytes; stored under the data dir before the job is created. */
  content: Readable | Buffer;
  options: ImportOptions;
}

export const TOO_MANY_PENDING = 'Too many pending uploads';

/** Inserts the job as `stored` unless the account already has the maximum of pending jobs. */
async function insertStoredJob(scope: AccountScope, input: NewImport, options: ImportOptions): Promise<number> {
  const { db, accountId } = scope;
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: the account row lock serialises concurrent uploads of one account, so two of
    // them cannot both pass the count. SQLite transactions are serialised already.
    if (isPostgres(scope.db)) await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
    const pending = await trx
      .selectFrom('importJobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('accountId', '=', accountId)
      .where('status', 'in', [...PENDING_IMPORT_STATUSES])
      .executeTakeFirstOrThrow();
    if (Number(pending.n) >= MAX_PENDING_IMPORTS) throw new ConflictError(TOO_MANY_PENDING, 'pending');
    const row = await trx
      .insertInto('importJobs')
      .values({
        accountId,
        source: input.source,
        mode: options.mode,
        status: 'stored',
        fileName: input.fileName,
        size: 0,
        options: JSON.stringify(options),
        createdAt: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/**
 * Stores the file durably, validates the options (ValidationError), refuses a file over
 * MAX_IMPORT_FILE_BYTES or a spreadsheet over the SheetLimits (ValidationError, field `file`) or an account with MAX_PENDING_IMPORTS
 * pending jobs (ConflictError, field `pending`), and queues the job. Returns once the job is
 * durably queued; a runner imports it.
 */
export async function createImport(ctx: CoreContext, scope: AccountScope, input: NewImport): Promise<ImportJob> {
  const options = await validateImportOptions(scope, input.options);
  const id = await insertStoredJob(scope, input, options);
  const files = jobFiles(ctx.dataDir, scope.accountId, id);
  const quota = storageOf(ctx).uploadQuotaBytes;
  const allowance = uploadAllowance(await storedUploadBytes(ctx, scope.accountId), quota);
  let size: number;
  try {
    if (allowance < MAX_IMPORT_FILE_BYTES) {
      const overQuota = `The account's stored uploads would exceed its ${Math.floor(quota / (1024 * 1024))} MB quota: wait for its pending imports to finish`;
      if (allowance <= 0) throw ValidationError.single('file', 'too_long', overQuota);
      size = await storeUpload(files, input.content, allowance, overQuota);
    } else size = await storeUpload(files, input.content);
    await admitSpreadsheet(files.source, options.format);
  } catch (err) {
    // A refused upload (too large, a spreadsheet bomb) leaves nothing behind: no file, no job.
    await scope.db.deleteFrom('importJobs').where('id', '=', id).execute();
    await removeJobFiles(files);
    throw err;
  }
  await scope.db.updateTable('importJobs').set({ status: 'queued', size }).where('id', '=', id).execute();
  signalImportQueued();
  return getImport(scope, id);
}

async function jobRow(scope: AccountScope, id: number): Promise<ImportJobRow> {
  const row = Number.isSafeInteger(id) && id > 0
    ? await scope.db.selectFrom('importJobs').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('Import', id);
  return row;
}

/** @throws NotFoundError */
export async function getImport(scope: AccountScope, id: number): Promise<ImportJob> {
  return toImportJob(await jobRow(scope, id));
}

const SORT_COLUMNS = { id: 'id', createdAt: 'createdAt', status: 'status' } as const;

export async function listImports(scope: AccountScope, filter: ImportJobFilter): Promise<{ items: ImportJob[]; total: number }> {
  let q = scope.db.selectFrom('importJobs').where('accountId', '=', scope.accountId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.source !== undefined) q = q.where('source', '=', filter.source);
  const pageSize = Math.max(1, Math.floor(filter.pageSize));
  const page = Math.max(1, Math.floor(filter.page));
  const direction = filter.descending ? 'desc' : 'asc';
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy(SORT_COLUMNS[filter.sort ?? 'id'], direction)
      .orderBy('id', direction)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toImportJob), total: Number(count.n) };
}

/** The last `limit` jobs, newest first (SmartFocus getLastUpload). */
export async function lastImports(scope: AccountScope, limit: number): Promise<ImportJob[]> {
  const rows = await scope.db
    .selectFrom('importJobs')
    .selectAll()
    .where('accountId', '=', scope.accountId)
    .orderBy('id', 'desc')
    .limit(Math.max(1, Math.floor(limit)))
    .execute();
  return rows.map(toImportJob);
}

/**
 * A running job's files may hold lines of a batch that has not committed yet; readers see only
 * the committed part (the sizes recorded at the last checkpoint). Final jobs show everything.
 * The file is streamed from disk as the client reads (back-pressure): a slow reader of a large
 * file holds the read-ahead of one stream, not the file.
 */
async function openJobFile(ctx: CoreContext, file: string, row: ImportJobRow, committed: number): Promise<Readable> {
  if (filesExpired(row.finishedAt, storageOf(ctx).retentionDays, Date.now())) {
    throw new GoneError(`The files of import ${row.id} were deleted after the ${storageOf(ctx).retentionDays}-day retention period`);
  }
  const limit = isFinalStatus(row.status) ? Infinity : committed;
  if (limit === 0) return Readable.from([]);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    // A job that has rejected nothing yet has no file: that is an empty file, not an error.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Readable.from([]);
    throw err;
  }
  return handle.createReadStream(limit === Infinity ? {} : { end: limit - 1 });
}

/** Log file: one line per rejected row (row number, column, reason) plus a summary. @throws NotFoundError */
export async function openImportLog(ctx: CoreContext, scope: AccountScope, id: number): Promise<Readable> {
  const row = await jobRow(scope, id);
  return openJobFile(ctx, jobFiles(ctx.dataDir, scope.accountId, id).log, row, row.logFileBytes);
}

/** Bad file: every rejected row's original line, unchanged, in the file's original encoding. @throws NotFoundError */
export async function openImportBadFile(ctx: CoreContext, scope: AccountScope, id: number): Promise<Readable> {
  const row = await jobRow(scope, id);
  return openJobFile(ctx, jobFiles(ctx.dataDir, scope.accountId, id).bad, row, row.badFileBytes);
}

/** Resolves when the job reaches a final status (tests, CLI). @throws NotFoundError, Error on timeout */
export async function waitForImport(scope: AccountScope, id: number, timeoutMs = 600_000): Promise<ImportJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getImport(scope, id);
    if (isFinalStatus(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`Import ${id} still ${job.status} after ${timeoutMs} ms`);
    await delay(50);
  }
}
