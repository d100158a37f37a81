import type { Readable } from 'node:stream';
import type { AccountScope, CoreContext } from '../context.js';
import type { ImportJob, ImportJobFilter, ImportOptions } from './types.js';

export interface NewImport {
  source: string;
  fileName: string;
  /** The file's bytes; stored under the data dir before the job is created. */
  content: Readable | Buffer;
  options: ImportOptions;
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

/**
 * Stores the file durably, validates the options (ValidationError), refuses a file over
 * MAX_IMPORT_FILE_BYTES or an account with MAX_PENDING_IMPORTS pending jobs (ConflictError with
 * code), and queues the job. Returns once the job is durably queued; a runner imports it.
 */
export async function createImport(_ctx: CoreContext, _scope: AccountScope, _input: NewImport): Promise<ImportJob> { return todo(); }
/** @throws NotFoundError */
export async function getImport(_scope: AccountScope, _id: number): Promise<ImportJob> { return todo(); }
export async function listImports(_scope: AccountScope, _filter: ImportJobFilter): Promise<{ items: ImportJob[]; total: number }> { return todo(); }
/** The last `limit` jobs, newest first (SmartFocus getLastUpload). */
export async function lastImports(_scope: AccountScope, _limit: number): Promise<ImportJob[]> { return todo(); }
/** Log file: one line per rejected row (row number, column, reason) plus a summary. @throws NotFoundError */
export async function openImportLog(_ctx: CoreContext, _scope: AccountScope, _id: number): Promise<Readable> { return todo(); }
/** Bad file: every rejected row's original line, unchanged, in the file's original encoding. @throws NotFoundError */
export async function openImportBadFile(_ctx: CoreContext, _scope: AccountScope, _id: number): Promise<Readable> { return todo(); }
/** Resolves when the job reaches a final status (tests, CLI). */
export async function waitForImport(_scope: AccountScope, _id: number, _timeoutMs?: number): Promise<ImportJob> { return todo(); }
