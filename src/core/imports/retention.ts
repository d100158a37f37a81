/**
 * How long import files are kept and how much an account may have stored. The upload (`source`)
 * is only needed until the job ends; the bad and log files are kept `retentionDays` after that
 * for download, then swept with the job's directory. Stored uploads (the sources of jobs not yet
 * final) count against a per-account quota.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../context.js';
import { isFinalStatus } from './job-rows.js';
import { jobFiles } from './files.js';
import { MAX_IMPORT_FILE_BYTES, PENDING_IMPORT_STATUSES } from './types.js';

export interface ImportStorage {
  /** Days the bad and log files of a finished job stay downloadable. */
  retentionDays: number;
  /** Bytes of uploads an account may have stored at once (jobs not yet final). */
  uploadQuotaBytes: number;
}

export const DEFAULT_IMPORT_STORAGE: Readonly<ImportStorage> = { retentionDays: 30, uploadQuotaBytes: 1024 ** 3 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pure: whether a job that finished at `finishedAt` has outlived its files. */
export function filesExpired(finishedAt: string | null, retentionDays: number, now: number): boolean {
  return finishedAt !== null && Date.parse(finishedAt) + retentionDays * DAY_MS <= now;
}

export function storageOf(ctx: Pick<CoreContext, 'importStorage'>): ImportStorage {
  return ctx.importStorage ?? DEFAULT_IMPORT_STORAGE;
}

/**
 * Pure: the most the next upload may hold, given what the account has stored: the per-file limit
 * or what is left of the quota, whichever is smaller (≤ 0: nothing may be stored).
 */
export function uploadAllowance(storedBytes: number, quotaBytes: number): number {
  return Math.min(MAX_IMPORT_FILE_BYTES, quotaBytes - storedBytes);
}

/** Bytes of the account's stored uploads: the sources of its jobs that are not final. */
export async function storedUploadBytes(ctx: Pick<CoreContext, 'db'>, accountId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('importJobs')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
    .where('accountId', '=', accountId)
    .where('status', 'in', [...PENDING_IMPORT_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/** Deletes a job's upload once the job is final, or what an interrupted one left (its bad and log files stay). */
export async function removeSource(ctx: Pick<CoreContext, 'dataDir'>, accountId: number, jobId: number): Promise<void> {
  const { source } = jobFiles(ctx.dataDir, accountId, jobId);
  await Promise.all([rm(source, { force: true }), rm(`${source}.uploading`, { force: true })]);
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && /^\d+$/.test(d.name)).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * One pass over the job directories on disk (so its cost follows the jobs still kept, not all
 * jobs ever run): final jobs lose their upload, and their whole directory once expired. Returns
 * the number of directories removed.
 */
export async function sweepImportFiles(ctx: Pick<CoreContext, 'db' | 'dataDir' | 'importStorage'>, now = Date.now()): Promise<number> {
  const { retentionDays } = storageOf(ctx);
  const root = path.join(ctx.dataDir, 'imports');
  let removed = 0;
  for (const account of await subdirs(root)) {
    const ids = (await subdirs(path.join(root, account))).map(Number);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await ctx.db
        .selectFrom('importJobs')
        .select(['id', 'accountId', 'status', 'finishedAt'])
        .where('accountId', '=', Number(account))
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows.filter((r) => isFinalStatus(r.status))) {
        if (filesExpired(row.finishedAt, retentionDays, now)) {
          await rm(jobFiles(ctx.dataDir, row.accountId, row.id).dir, { recursive: true, force: true });
          removed++;
        } else {
          await removeSource(ctx, row.accountId, row.id);
        }
      }
    }
  }
  return removed;
}
