import type { DedupKey, ImportMode } from '../types.js';
import type { BatchPlan, Candidate, ContactChange, ExistingContact, NewContact, Rejection } from './batch-types.js';
import type { EmailOwner } from './lookup.js';

/*
 * Pure decisions of a batch: which rows are duplicates, which insert, which update, which are left
 * alone. No I/O, so every rule is testable and both dialects share it.
 */

export const DUPLICATE_EARLIER = 'duplicate of an earlier row in this file';
export const DUPLICATE_LATER = 'duplicate of a later row in this file';

/**
 * In-batch duplicates by key (a Map of the batch's keys only: memory follows the batch size).
 * `first` keeps the first row of a key, `last` the last one. Rows without a key never collide.
 */
export function dedupInBatch(candidates: Candidate[], order: 'first' | 'last', keyColumn: string): { kept: Candidate[]; rejections: Rejection[] } {
  const winner = new Map<string, number>();
  candidates.forEach((c, i) => {
    const key = c.record.key;
    if (key === null) return;
    if (order === 'last' || !winner.has(key)) winner.set(key, i);
  });
  const kept: Candidate[] = [];
  const rejections: Rejection[] = [];
  candidates.forEach((c, i) => {
    const key = c.record.key;
    if (key === null || winner.get(key) === i) kept.push(c);
    else rejections.push({ row: c.row, column: keyColumn, reason: order === 'first' ? DUPLICATE_EARLIER : DUPLICATE_LATER });
  });
  return { kept, rejections };
}

/** The office of a new contact, or the reason it has none (allocation by post code failed). */
export type OfficeChoice = { officeId: number } | { column: string; reason: string };

export interface PlanRules {
  jobId: number;
  mode: ImportMode;
  dedupKey: DedupKey;
  dedupOrder: 'first' | 'last';
  skipBlocked: boolean;
  keyColumn: string;
  officeFor(candidate: Candidate): OfficeChoice;
}

const KEY_NAMES: Record<DedupKey, string> = { email: 'email address', mobile: 'mobile number', memberId: 'member id' };

/**
 * The stored contact a key designates. Several contacts of the account may share an email (one
 * per office): one this job already wrote wins (it makes the row an in-file duplicate), else the
 * oldest.
 */
function indexExisting(existing: ExistingContact[], jobId: number): Map<string, ExistingContact> {
  const byKey = new Map<string, ExistingContact>();
  for (const e of existing) {
    const seen = byKey.get(e.key);
    if (!seen || (e.lastImportId === jobId && seen.lastImportId !== jobId)) byKey.set(e.key, e);
  }
  return byKey;
}

export function planBatch(candidates: Candidate[], existing: ExistingContact[], rules: PlanRules): BatchPlan {
  const byKey = indexExisting(existing, rules.jobId);
  const inserts: NewContact[] = [];
  const updates: ContactChange[] = [];
  const rejections: Rejection[] = [];
  let unchanged = 0;
  for (const c of candidates) {
    const found = c.record.key === null ? undefined : byKey.get(c.record.key);
    if (found && found.lastImportId === rules.jobId) {
      // An earlier batch of this job wrote the contact: with `first` the row is a duplicate (this
      // also makes a resumed job skip rows it committed before dying); with `last` it wins.
      if (rules.dedupOrder === 'first') rejections.push({ row: c.row, column: rules.keyColumn, reason: DUPLICATE_EARLIER });
      else updates.push({ record: c.record, row: c.row, contact: found });
    } else if (found) {
      if (rules.mode === 'insert' || (rules.skipBlocked && found.blocked)) unchanged++;
      else updates.push({ record: c.record, row: c.row, contact: found });
    } else if (rules.mode === 'update') {
      rejections.push({ row: c.row, column: rules.keyColumn, reason: `no existing contact with this ${KEY_NAMES[rules.dedupKey]}` });
    } else {
      const office = rules.officeFor(c);
      if ('officeId' in office) inserts.push({ record: c.record, row: c.row, officeId: office.officeId });
      else rejections.push({ row: c.row, column: office.column, reason: office.reason });
    }
  }
  return { inserts, updates, unchanged, rejections };
}

export const EMAIL_TAKEN = 'email address already belongs to another contact of the office';

/** The email keys the plan would write (needed only when the dedup key is not the email). */
export function writtenEmailKeys(plan: BatchPlan): string[] {
  const keys = new Set<string>();
  for (const { record } of [...plan.inserts, ...plan.updates]) {
    const k = record.values.emailKey;
    if (typeof k === 'string' && k !== '') keys.add(k);
  }
  return [...keys];
}

/**
 * Rejects writes that would give two contacts of one office the same email (the unique index
 * would otherwise fail the whole batch): against stored owners and within the batch.
 */
export function rejectEmailConflicts(plan: BatchPlan, owners: EmailOwner[], emailColumn: string): BatchPlan {
  const holder = new Map<string, number>(); // `${office}|${key}` → contact id (0 = new in this batch)
  for (const o of owners) holder.set(`${o.officeId}|${o.emailKey}`, o.id);
  const rejections = [...plan.rejections];
  const claim = (officeId: number, key: unknown, contactId: number, row: Candidate['row']): boolean => {
    if (typeof key !== 'string' || key === '') return true;
    const slot = `${officeId}|${key}`;
    const current = holder.get(slot);
    if (current !== undefined && (current !== contactId || contactId === 0)) {
      rejections.push({ row, column: emailColumn, reason: EMAIL_TAKEN });
      return false;
    }
    holder.set(slot, contactId);
    return true;
  };
  const updates = plan.updates.filter((u) => claim(u.contact.officeId, u.record.values.emailKey, u.contact.id, u.row));
  const inserts = plan.inserts.filter((n) => claim(n.officeId, n.record.values.emailKey, 0, n.row));
  return { ...plan, inserts, updates, rejections };
}

