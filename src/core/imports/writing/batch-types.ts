import type { ContactRecord, SourceRow } from '../reading/contract.js';

/*
 * What one batch becomes before it is written: the plan is computed from the records and one
 * lookup of the dedup keys, then applied by the dialect's writers inside the batch transaction.
 */

/** A stored contact found by the dedup key. */
export interface ExistingContact {
  id: number;
  officeId: number;
  /** The dedup key's value as stored (email key, mobile, id as text). */
  key: string;
  /** Unsubscribed or hard-bounced. */
  blocked: boolean;
  lastImportId: number | null;
}

export interface Rejection {
  row: SourceRow;
  /** Column name or number; '' for the whole row. */
  column: string;
  reason: string;
}

export interface NewContact {
  record: ContactRecord;
  row: SourceRow;
  officeId: number;
}

export interface ContactChange {
  record: ContactRecord;
  row: SourceRow;
  contact: ExistingContact;
}

/** One row ready for classification: its source (for the bad file) and its validated record. */
export interface Candidate {
  row: SourceRow;
  record: ContactRecord;
}

export interface BatchPlan {
  inserts: NewContact[];
  updates: ContactChange[];
  unchanged: number;
  rejections: Rejection[];
}

/** A written contact and the record that wrote it (memberships and custom values follow). */
export interface WrittenContact {
  contactId: number;
  officeId: number;
  record: ContactRecord;
}
