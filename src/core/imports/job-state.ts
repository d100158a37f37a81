import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import type { RejectFiles } from './reject-files.js';
import type { ImportCounters } from './types.js';

/*
 * Final transitions of a claimed job. Each is conditional on the claim, so a runner that lost its
 * job to another (stale heartbeat) cannot overwrite the new owner's state.
 */

export function summaryLines(c: ImportCounters): string {
  return `rows read: ${c.read}\ninserted: ${c.inserted}\nupdated: ${c.updated}\nunchanged: ${c.unchanged}\nrejected: ${c.rejected}\n`;
}

/** done, or done_with_errors when rows were rejected; the log ends with the counts. */
export async function finishJob(db: Db, id: number, workerId: string, counters: ImportCounters, files: RejectFiles): Promise<void> {
  files.appendLog(summaryLines(counters));
  files.commit();
  await db
    .updateTable('importJobs')
    .set({
      status: counters.rejected > 0 ? 'done_with_errors' : 'done',
      finishedAt: nowIso(),
      bytesDone: (eb) => eb.ref('size'),
      logFileBytes: files.sizes.log,
      badFileBytes: files.sizes.bad,
      claimedBy: null,
    })
    .where('id', '=', id)
    .where('claimedBy', '=', workerId)
    .execute();
}

/** failed (the import broke; counters stay as committed) or error (the job could not start). */
export async function failJob(db: Db, id: number, workerId: string, message: string, status: 'failed' | 'error' = 'failed'): Promise<void> {
  await db
    .updateTable('importJobs')
    .set({ status, error: message, finishedAt: nowIso(), claimedBy: null })
    .where('id', '=', id)
    .where('claimedBy', '=', workerId)
    .execute();
}

/** Back to the queue after a graceful stop; the next claim resumes it from its checkpoint. */
export async function releaseJob(db: Db, id: number, workerId: string): Promise<void> {
  await db
    .updateTable('importJobs')
    .set({ status: 'queued', claimedBy: null, heartbeatAt: null })
    .where('id', '=', id)
    .where('claimedBy', '=', workerId)
    .execute();
}
