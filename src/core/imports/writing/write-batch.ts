import type { Db } from '../../../store/database.js';
import { nowIso } from '../../clock.js';
import type { RejectFiles } from '../reject-files.js';
import type { ImportCounters } from '../types.js';
import type { Candidate, Rejection, WrittenContact } from './batch-types.js';
import type { StatementCache, WriteTarget } from './dialect.js';
import { insertContacts } from './insert-contacts.js';
import { emailOwners, lookupExisting } from './lookup.js';
import { planBatch, rejectEmailConflicts, writtenEmailKeys, type PlanRules } from './plan.js';
import { addMemberships, writeCustomValues, type CustomValue, type Membership } from './relations.js';
import type { JobTargets } from './targets.js';
import { updateContacts } from './update-contacts.js';

/** Another runner took the job over (its heartbeat looked stale): this one must stop writing. */
export class LostClaim extends Error {}

/** What stays the same for every batch of a running job. */
export interface JobWriter {
  jobId: number;
  accountId: number;
  workerId: string;
  db: Db;
  target: WriteTarget;
  cache: StatementCache | null;
  rules: PlanRules;
  targets: JobTargets;
  emailColumn: string;
  files: RejectFiles;
  /** Committed counters; replaced after each commit. */
  counters: ImportCounters;
  /** Work to do while PostgreSQL executes a batch's main statement (validating the next batch). */
  whileServerWorks?: () => void;
}

/** One batch as the reader and toRecord left it. */
export interface PreparedBatch {
  candidates: Candidate[];
  rejections: Rejection[];
  /** Data rows in the batch (header excluded). */
  read: number;
  /** Row number and end offset of the batch's last record: the checkpoint. */
  lastRecord: number;
  bytesDone: number;
}

function relationsOf(written: WrittenContact[], targets: JobTargets, fresh: boolean[]): { memberships: Membership[]; set: CustomValue[]; remove: Omit<CustomValue, 'value'>[] } {
  const memberships: Membership[] = [];
  const set: CustomValue[] = [];
  const remove: Omit<CustomValue, 'value'>[] = [];
  written.forEach((w, i) => {
    for (const groupId of targets.groupsFor(w.officeId)) memberships.push({ groupId, contactId: w.contactId });
    for (const [fieldId, value] of w.record.custom) {
      if (value !== '') set.push({ contactId: w.contactId, fieldId, value });
      else if (!fresh[i]) remove.push({ contactId: w.contactId, fieldId });
    }
  });
  return { memberships, set, remove };
}

/** What writing one batch did, for the counters and the job's files. */
export interface BatchOutcome {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rejections of the reader, the validation and the plan: for the bad and log files. */
  rejections: Rejection[];
}

export function addOutcome(c: ImportCounters, o: BatchOutcome): ImportCounters {
  return {
    read: c.read + o.read,
    inserted: c.inserted + o.inserted,
    updated: c.updated + o.updated,
    unchanged: c.unchanged + o.unchanged,
    rejected: c.rejected + o.rejections.length,
  };
}

/** Writes one batch inside the open transaction: lookup, inserts, updates, relations. */
export async function writeBatchIn(trx: Db, job: JobWriter, batch: PreparedBatch, now: string): Promise<BatchOutcome> {
  const { target, cache, accountId, jobId } = job;
  const keys = [...new Set(batch.candidates.map((c) => c.record.key).filter((k): k is string => k !== null))];
  const existing = await lookupExisting(target, trx, cache, accountId, job.rules.dedupKey, keys);
  let plan = planBatch(batch.candidates, existing, job.rules);
  plan = { ...plan, rejections: [...batch.rejections, ...plan.rejections] };
  if (job.rules.dedupKey !== 'email') {
    const owners = await emailOwners(target, trx, cache, accountId, writtenEmailKeys(plan));
    plan = rejectEmailConflicts(plan, owners, job.emailColumn);
  }
  const ids = await insertContacts(target, trx, cache, { accountId, jobId, now, whileServerWorks: job.whileServerWorks }, plan.inserts);
  const matchedByEmail = job.rules.dedupKey === 'email';
  await updateContacts(target, trx, cache, { accountId, jobId, now, matchedByEmail, whileServerWorks: job.whileServerWorks }, plan.updates);
  const written: WrittenContact[] = [
    ...plan.inserts.map((n, i) => ({ contactId: ids[i]!, officeId: n.officeId, record: n.record })),
    ...plan.updates.map((u) => ({ contactId: u.contact.id, officeId: u.contact.officeId, record: u.record })),
  ];
  const fresh = written.map((_, i) => i < plan.inserts.length);
  const rel = relationsOf(written, job.targets, fresh);
  await addMemberships(target, trx, cache, accountId, rel.memberships);
  await writeCustomValues(target, trx, cache, accountId, rel.set, rel.remove);
  return { read: batch.read, inserted: plan.inserts.length, updated: plan.updates.length, unchanged: plan.unchanged, rejections: plan.rejections };
}

/** Where the committed work ends: counters, last record and the bad/log file sizes. */
export interface Checkpoint {
  counters: ImportCounters;
  lastRecord: number;
  bytesDone: number;
}

/**
 * Records the checkpoint in the open transaction; throws LostClaim when another runner owns the
 * job now (the transaction then rolls back).
 */
export async function recordCheckpoint(trx: Db, job: JobWriter, point: Checkpoint): Promise<void> {
  const sizes = job.files.sizes;
  const result = await trx
    .updateTable('importJobs')
    .set({
      ...point.counters,
      bytesDone: point.bytesDone,
      checkpointRecord: point.lastRecord,
      badFileBytes: sizes.bad,
      logFileBytes: sizes.log,
      heartbeatAt: nowIso(),
    })
    .where('id', '=', job.jobId)
    .where('claimedBy', '=', job.workerId)
    .where('status', '=', 'importing')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new LostClaim(`import ${job.jobId} is no longer claimed by ${job.workerId}`);
}

/**
 * Writes batches pulled from `pull` in ONE transaction until `maxRows` rows are in it or the file
 * ends, then records the counters and the checkpoint (last record, bytes, bad/log file sizes) in
 * that same transaction. Returns false once `pull` has nothing more.
 *
 * SQLite's writer: it commits groups of several batches, since every commit rewrites each index
 * page the group touched (the WAL), and with random email keys a 4,000-row commit touches nearly as
 * many pages as a 50,000-row one. PostgreSQL commits every batch, two at a time (lanes.ts).
 */
export async function writeCommitGroup(job: JobWriter, pull: () => Promise<PreparedBatch | null>, maxRows: number): Promise<boolean> {
  const now = nowIso();
  const point: Checkpoint = { counters: job.counters, lastRecord: -1, bytesDone: 0 };
  let more = true;
  try {
    await job.db.transaction().execute(async (trx) => {
      let rows = 0;
      while (rows < maxRows) {
        const batch = await pull();
        if (batch === null) {
          more = false;
          break;
        }
        const outcome = await writeBatchIn(trx, job, batch, now);
        // Rejected rows reach the files (fsynced) before the commit that records the files' sizes.
        job.files.append(outcome.rejections);
        point.counters = addOutcome(point.counters, outcome);
        point.lastRecord = batch.lastRecord;
        point.bytesDone = batch.bytesDone;
        rows += batch.read;
      }
      if (point.lastRecord >= 0) await recordCheckpoint(trx, job, point);
    });
  } catch (err) {
    job.files.rollback();
    throw err;
  }
  job.files.commit();
  job.counters = point.counters;
  return more;
}
