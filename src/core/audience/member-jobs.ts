import type { AccountScope } from '../context.js';
import { nowIso } from '../clock.js';
import { DomainError } from '../errors.js';

/**
 * Member jobs: every SmartFocus Member API write (insert, update, unjoin, rejoin…) answers with a
 * job id that the client later polls with getMemberJobStatus. The vendor queues the work; Herald
 * does it synchronously inside the request, so by the time a job id is returned the job is already
 * Processed or Error. The job row is therefore written once, with its final outcome; Insert and
 * Processing stay in the vocabulary because clients compare against them.
 */
export type MemberJobStatus = 'Insert' | 'Processing' | 'Processed' | 'Error';

/** What getMemberJobStatus reports for an unknown id or another account's job (vendor wording). */
export const JOB_DONE_OR_DOES_NOT_EXIST = 'Job_Done_Or_Does_Not_Exist';

/** A job failure whose message is stored on the job (the call itself still returns the job id). */
export class MemberJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemberJobError';
  }
}

export interface MemberJobOutcome {
  /** The contact the job wrote (the first one when several matched). */
  contactId: number | null;
  email: string | null;
}

export interface MemberJobReport {
  email: string | null;
  status: MemberJobStatus | typeof JOB_DONE_OR_DOES_NOT_EXIST;
  error: string | null;
}

async function record(scope: AccountScope, action: string, status: MemberJobStatus, outcome: MemberJobOutcome, error: string | null): Promise<number> {
  const row = await scope.db
    .insertInto('memberJobs')
    .values({ accountId: scope.accountId, action, contactId: outcome.contactId, email: outcome.email, status, error, createdAt: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Runs `work` now and records its outcome as a job; returns the job id. Business failures (a
 * MemberJobError or any core DomainError: validation, conflict, not found) become an Error job, as
 * the vendor reports them asynchronously; anything else is a server fault and propagates.
 */
export async function runMemberJob(scope: AccountScope, action: string, email: string | null, work: () => Promise<MemberJobOutcome>): Promise<number> {
  let outcome: MemberJobOutcome;
  try {
    outcome = await work();
  } catch (err) {
    if (err instanceof MemberJobError || err instanceof DomainError) {
      return record(scope, action, 'Error', { contactId: null, email }, err.message);
    }
    throw err;
  }
  return record(scope, action, 'Processed', { contactId: outcome.contactId, email: outcome.email ?? email }, null);
}

/** The job's status, or Job_Done_Or_Does_Not_Exist for an id the account does not own. */
export async function getMemberJobStatus(scope: AccountScope, jobId: number): Promise<MemberJobReport> {
  const row = Number.isSafeInteger(jobId) && jobId > 0
    ? await scope.db
        .selectFrom('memberJobs')
        .select(['email', 'status', 'error'])
        .where('accountId', '=', scope.accountId)
        .where('id', '=', jobId)
        .executeTakeFirst()
    : undefined;
  if (!row) return { email: null, status: JOB_DONE_OR_DOES_NOT_EXIST, error: null };
  return { email: row.email, status: row.status as MemberJobStatus, error: row.error };
}

/** Jobs of the account with one of `actions` and `status` created at or after `since` (ISO). */
export async function countMemberJobs(scope: AccountScope, actions: readonly string[], status: MemberJobStatus, since: string): Promise<number> {
  if (actions.length === 0) return 0;
  const row = await scope.db
    .selectFrom('memberJobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accountId', '=', scope.accountId)
    .where('action', 'in', [...actions])
    .where('status', '=', status)
    .where('createdAt', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
