import type { ImportJobRow } from '../../store/schema.js';
import type { ImportCounters, ImportJob, ImportMode, ImportOptions, ImportStatus } from './types.js';

/** Statuses a job never leaves. */
export const FINAL_IMPORT_STATUSES: readonly ImportStatus[] = ['done', 'done_with_errors', 'error', 'failed'];

export function isFinalStatus(status: string): boolean {
  return (FINAL_IMPORT_STATUSES as readonly string[]).includes(status);
}

export function countersOf(row: ImportJobRow): ImportCounters {
  return { read: row.read, inserted: row.inserted, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected };
}

/** A stored job as faces see it. Progress is by bytes: the row count is unknown until the end. */
export function toImportJob(row: ImportJobRow): ImportJob {
  const finished = row.status === 'done' || row.status === 'done_with_errors';
  const progress = finished ? 100 : row.size > 0 ? Math.min(100, Math.floor((row.bytesDone * 100) / row.size)) : 0;
  return {
    id: row.id,
    status: row.status as ImportStatus,
    source: row.source,
    mode: row.mode as ImportMode,
    fileName: row.fileName,
    size: row.size,
    options: JSON.parse(row.options) as ImportOptions,
    counters: countersOf(row),
    progress,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
