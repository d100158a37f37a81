import type { AccountScope } from '../../context.js';
import { defaultOfficeId } from '../../audience/offices/offices.js';
import { matchAllocation, type AllocationCandidate } from '../../audience/offices/post-code-allocation.js';
import type { ImportOptions } from '../types.js';
import type { Candidate } from './batch-types.js';
import type { OfficeChoice } from './plan.js';

/** Allocation answers kept per post code; bounded so a file of distinct post codes stays flat. */
const MAX_CACHED_POST_CODES = 10_000;

/**
 * Where a job's contacts go: the office of each new contact and the groups of each written one.
 * Offices and groups are loaded once per job (an account has tens of them, not millions).
 */
export interface JobTargets {
  officeFor(candidate: Candidate): OfficeChoice;
  /** The job's groups as seen from an office: a group of another office is replaced by its counterpart (same common group) here, or dropped. */
  groupsFor(officeId: number): number[];
}

export async function loadTargets(scope: AccountScope, options: ImportOptions, postCodeColumn: string): Promise<JobTargets> {
  const { db, accountId } = scope;
  const groups = await db.selectFrom('contactGroups').select(['id', 'officeId', 'commonId']).where('accountId', '=', accountId).execute();
  const byId = new Map(groups.map((g) => [g.id, g]));
  const byOfficeCommon = new Map(groups.map((g) => [`${g.officeId}|${g.commonId}`, g.id]));
  const wanted = options.groupIds.map((id) => byId.get(id)).filter((g) => g !== undefined);
  const groupCache = new Map<number, number[]>();
  const groupsFor = (officeId: number): number[] => {
    let ids = groupCache.get(officeId);
    if (ids === undefined) {
      ids = [...new Set(wanted.map((g) => (g.officeId === officeId ? g.id : byOfficeCommon.get(`${officeId}|${g.commonId}`))).filter((id) => id !== undefined))];
      groupCache.set(officeId, ids);
    }
    return ids;
  };

  if (options.officeId !== 0) {
    const officeId = options.officeId ?? (await defaultOfficeId(scope));
    const fixed: OfficeChoice = { officeId };
    return { officeFor: () => fixed, groupsFor };
  }

  const offices = await db.selectFrom('offices').select(['id', 'postCodeAllocation']).where('accountId', '=', accountId).where('postCodeAllocation', '!=', '').execute();
  const candidates: AllocationCandidate[] = offices.map((o) => ({ officeId: o.id, allocation: o.postCodeAllocation.split(',') }));
  const cache = new Map<string, OfficeChoice>();
  const officeFor = (c: Candidate): OfficeChoice => {
    const postCode = (c.record.values.postCode ?? '').trim();
    if (postCode === '') return { column: postCodeColumn, reason: 'a post code is required to allocate an office automatically' };
    let choice = cache.get(postCode);
    if (choice === undefined) {
      const match = matchAllocation(postCode, candidates);
      choice = match === null ? { column: postCodeColumn, reason: `no office is allocated to post code ${postCode}` } : { officeId: match.officeId };
      if (cache.size >= MAX_CACHED_POST_CODES) cache.clear();
      cache.set(postCode, choice);
    }
    return choice;
  };
  return { officeFor, groupsFor };
}
