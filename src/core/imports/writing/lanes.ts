import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import { nowIso } from '../../clock.js';
import type { ImportCounters } from '../types.js';
import { addOutcome, recordCheckpoint, writeBatchIn, type JobWriter, type PreparedBatch } from './write-batch.js';

/**
 * PostgreSQL imports write on two connections at once: a backend spends ~19 µs of CPU per row
 * (index entries, foreign-key checks), so one connection leaves the second core idle while Herald
 * waits. Batch n+1 is looked up and written while batch n is; commits stay in file order, so the
 * checkpoint always covers exactly a prefix of the file and a resumed job redoes only what did not
 * commit (BENCHMARKS.md has the figures).
 */
export const POSTGRES_LANES = 2;

/**
 * What a batch may touch that another batch of the same file may touch too: its dedup keys (the
 * same contact, or an in-file duplicate) and, when the key is not the email, the email keys it
 * writes (an email is unique per office). A batch whose claims meet an unfinished batch's waits
 * for that batch's commit, so its lookup sees what the earlier one wrote, exactly as in sequence.
 */
export function claimsOf(batch: PreparedBatch, emailIsKey: boolean): Set<string> {
  const claims = new Set<string>();
  for (const { record } of batch.candidates) {
    if (record.key !== null) claims.add(`k${record.key}`);
    const email = record.values.emailKey;
    if (!emailIsKey && typeof email === 'string' && email !== '') claims.add(`e${email}`);
  }
  return claims;
}

/**
 * Settings local to one import transaction (one round trip).
 * - enable_seqscan: while an import fills the table its statistics lag, and PostgreSQL would scan
 *   the account's contacts for a batch's lookup; per-key index probes stay flat as the table grows.
 * - synchronous_commit: the commit returns before its WAL is flushed. Safe for resuming: the job's
 *   checkpoint is in the same transaction as its rows, so a server crash that loses the last
 *   commits loses their checkpoint with them and the job redoes exactly those rows; a crash of
 *   Herald itself loses nothing (the server still flushes).
 */
async function tunePostgresTransaction(trx: Db): Promise<void> {
  await sql`select set_config('enable_seqscan', 'off', true), set_config('synchronous_commit', 'off', true)`.execute(trx);
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const claim of small) if (large.has(claim)) return true;
  return false;
}

/**
 * One batch in its own transaction. Everything up to the checkpoint runs concurrently with the
 * batch before it; then it waits for that batch's commit (`previous`), appends its rejected rows
 * to the files and records the checkpoint. A failed predecessor fails it too, before it appends.
 */
async function writeLane(job: JobWriter, batch: PreparedBatch, previous: Promise<void>): Promise<void> {
  const now = nowIso();
  let counters: ImportCounters | null = null;
  let appended = false;
  try {
    await job.db.transaction().execute(async (trx) => {
      await tunePostgresTransaction(trx);
      const outcome = await writeBatchIn(trx, job, batch, now);
      await previous;
      job.files.append(outcome.rejections);
      appended = true;
      counters = addOutcome(job.counters, outcome);
      await recordCheckpoint(trx, job, { counters, lastRecord: batch.lastRecord, bytesDone: batch.bytesDone });
    });
  } catch (err) {
    // Only this batch's lines: before its turn the files may hold its predecessor's, not yet committed.
    if (appended) job.files.rollback();
    throw err;
  }
  job.files.commit();
  job.counters = counters!;
}

interface Unfinished {
  claims: Set<string>;
  /** Settles (never rejects) once the batch committed or failed. */
  settled: Promise<void>;
}

/**
 * Writes the job's batches on `lanes` connections until the file ends (returns true) or `stop`
 * is aborted (returns false, everything started committed). The first failure stops the intake;
 * batches after it roll back, batches before it commit; then it is thrown.
 */
export async function writeInLanes(job: JobWriter, pull: () => Promise<PreparedBatch | null>, stop: AbortSignal, lanes = POSTGRES_LANES): Promise<boolean> {
  const unfinished = new Set<Unfinished>();
  let failure: { error: unknown } | null = null;
  let previous: Promise<void> = Promise.resolve();
  let ended = false;
  const emailIsKey = job.rules.dedupKey === 'email';
  while (failure === null && !stop.aborted) {
    while (unfinished.size >= lanes) await Promise.race([...unfinished].map((u) => u.settled));
    if (failure !== null) break;
    const batch = await pull();
    if (batch === null) {
      ended = true;
      break;
    }
    const claims = claimsOf(batch, emailIsKey);
    for (const u of [...unfinished]) if (overlaps(claims, u.claims)) await u.settled;
    if (failure !== null) break;
    const committed = writeLane(job, batch, previous);
    const entry: Unfinished = {
      claims,
      settled: committed.then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      ),
    };
    void entry.settled.then(() => unfinished.delete(entry));
    unfinished.add(entry);
    previous = committed;
  }
  await Promise.all([...unfinished].map((u) => u.settled));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return ended;
}
