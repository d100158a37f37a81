/** Typed results of the Batch Member REST methods (docs/protocols/smartfocus.md §Batch Member). */
import { integer, requiredChild, resultText, type Envelope } from './envelope.js';
import type { RawResult } from './member-results.js';
import { child, childText, children } from './xml.js';

/** STORAGE, VALIDATED, QUEUED, IMPORTING (pending); ERROR, FAILURE; DONE, "DONE WITH ERRORS". */
export type UploadStatus = 'STORAGE' | 'VALIDATED' | 'QUEUED' | 'IMPORTING' | 'ERROR' | 'FAILURE' | 'DONE' | 'DONE WITH ERRORS' | (string & {});

/** The statuses after which an upload no longer changes. */
export const FINAL_UPLOAD_STATUSES: readonly string[] = ['DONE', 'DONE WITH ERRORS', 'ERROR', 'FAILURE'];

export interface UploadIdResult extends RawResult {
  uploadId: number;
}

export interface LastUploadsResult extends RawResult {
  /** Newest first, at most 20. */
  uploads: { id: number; source: string; status: UploadStatus }[];
}

export interface UploadStatusResult extends RawResult {
  status: UploadStatus;
}

export interface UploadSummary {
  uploadId: number;
  manager: string;
  source: string;
  type: 'insert' | 'merge' | (string & {});
  /** As sent, e.g. `2013-05-10T14:48:07+02:00`. */
  date: string;
  name: string;
  size: number | null;
  status: UploadStatus;
}

export interface UploadsResult extends RawResult {
  page: number;
  pageSize: number;
  nbTotalItems: number;
  uploads: UploadSummary[];
}

export function uploadIdResult(env: Envelope): UploadIdResult {
  return { uploadId: integer(env, resultText(env), 'the upload id'), raw: env.raw };
}

export function lastUploadsResult(env: Envelope): LastUploadsResult {
  return {
    uploads: children(env.response, 'lastUploads').map((u) => ({ id: integer(env, childText(u, 'id'), 'id'), source: childText(u, 'source') ?? '', status: childText(u, 'status') ?? '' })),
    raw: env.raw,
  };
}

export function uploadStatusResult(env: Envelope): UploadStatusResult {
  return { status: childText(requiredChild(env, 'uploadStatus'), 'status') ?? '', raw: env.raw };
}

export function uploadsResult(env: Envelope): UploadsResult {
  const list = requiredChild(env, 'listRestEntity');
  const summaries = child(list, 'uploadSummaries');
  const num = (text: string | null, name: string) => integer(env, text, name);
  return {
    page: num(childText(list, 'page'), 'page'),
    pageSize: num(childText(list, 'pageSize'), 'pageSize'),
    nbTotalItems: num(childText(list, 'nbTotalItems'), 'nbTotalItems'),
    uploads: (summaries === undefined ? [] : children(summaries, 'flatUploadSummaryEntity')).map((s) => {
      const size = (childText(s, 'size') ?? '').trim();
      return {
        uploadId: num(childText(s, 'uploadId'), 'uploadId'),
        manager: childText(s, 'manager') ?? '',
        source: childText(s, 'source') ?? '',
        type: childText(s, 'type') ?? '',
        date: childText(s, 'date') ?? '',
        name: childText(s, 'name') ?? '',
        size: /^\d+$/.test(size) ? Number(size) : null,
        status: childText(s, 'status') ?? '',
      };
    }),
    raw: env.raw,
  };
}
