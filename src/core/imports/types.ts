import type { BareDigits } from '../audience/contacts/phone.js';

/**
 * The import engine's public model. Every face (native API, CLI, SmartFocus Batch Member, later
 * Mobizon) creates jobs through `jobs.ts` and reads them back with these types.
 */

/** insert: skip contacts that already exist; update: only existing ones; upsert: both. */
export type ImportMode = 'insert' | 'update' | 'upsert';

/**
 * Lifecycle: stored (file received) → validated (options and header checked) → queued → importing
 * → done | done_with_errors (some rows rejected) | error (the job could not run: bad file, bad
 * options) | failed (the process failed while importing; counters are exact up to the failure).
 * SmartFocus statuses map 1:1: STORAGE, VALIDATED, QUEUED, IMPORTING, DONE, DONE WITH ERRORS,
 * ERROR, FAILURE.
 */
export type ImportStatus = 'stored' | 'validated' | 'queued' | 'importing' | 'done' | 'done_with_errors' | 'error' | 'failed';

export const PENDING_IMPORT_STATUSES: readonly ImportStatus[] = ['stored', 'validated', 'queued', 'importing'];

/** The key that identifies "the same contact", inside the file and against the database. */
export type DedupKey = 'email' | 'mobile' | 'memberId';

export type FileFormat = 'csv' | 'xlsx' | 'xls';

/**
 * Where a column goes: a standard contact field (camelCase name of ContactInput, e.g. `email`,
 * `firstName`, `dateOfBirth`, or the member id `memberId`) or a custom field (`custom:<id>`).
 */
export type FieldTarget = string;

export interface ColumnMapping {
  /** 1-based column number in the file. */
  column: number;
  field: FieldTarget;
  /**
   * true: the file's value replaces the stored one, an empty cell clears it; false: an empty cell
   * keeps the stored value (SmartFocus `toReplace`).
   */
  replace: boolean;
}

export interface ImportOptions {
  mode: ImportMode;
  /** Detected from the file name and its first bytes when absent. */
  format?: FileFormat;
  /** iconv-lite name (UTF-8, WINDOWS-1251, WINDOWS-1252, KOI8-R, CP866, ISO-8859-1, ISO-8859-15, UTF-16LE/BE, UCS-2). Default: BOM, else UTF-8. */
  encoding?: string;
  /** `,` `;` `|` or TAB; detected from the first line when absent. */
  delimiter?: string;
  /** Quote character; default `"`. */
  enclosure?: string;
  /** true: the first line names the columns (SmartFocus autoMapping); the mapping comes from it unless `mapping` is given. */
  header: boolean;
  mapping?: ColumnMapping[];
  /** SmartFocus/Java pattern for date cells, e.g. `yyyy-MM-dd`, `dd/MM/yyyy HH:mm`. Default `yyyy-MM-dd`. */
  dateFormat?: string;
  dedupKey: DedupKey;
  /** Which of several rows with the same key inside the file wins. Default `first`. */
  dedupOrder?: 'first' | 'last';
  /** Leave contacts that are unsubscribed or hard-bounced untouched (counted as unchanged). */
  skipUnsubscribedAndHardBounced: boolean;
  /** Groups every imported contact is added to (all in the target office). */
  groupIds: number[];
  /** Target office; null = the account's default office; 0 = allocate each row by post code. */
  officeId: number | null;  /** How phone cells written without `+` read (see BareDigits); default 'national'. */
  phoneDigits?: BareDigits;
}

export interface ImportCounters {
  /** Data rows read (header excluded). */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportJob {
  id: number;
  status: ImportStatus;
  /** Who created it: `API_BATCH_MEMBER`, `CCMD`, `native`, `cli`, … */
  source: string;
  mode: ImportMode;
  fileName: string;
  /** Bytes of the stored file. */
  size: number;
  options: ImportOptions;
  counters: ImportCounters;
  /** 0–100, by bytes read. */
  progress: number;
  /** Why the job ended in error/failed. */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportJobFilter {
  status?: ImportStatus;
  source?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  sort?: 'id' | 'createdAt' | 'status';
  descending?: boolean;
}

/** Largest file one job accepts (the SmartFocus documented limit). */
export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;
/** Pending (stored … importing) jobs one account may have at once (SmartFocus documented limit). */
export const MAX_PENDING_IMPORTS = 5;
