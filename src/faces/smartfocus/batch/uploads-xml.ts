/**
 * Upload lists as the Data Mass Update guide prints them: getLastUpload's repeated `<lastUploads>`
 * directly under `<response>`, getUploadStatus's `<uploadStatus>`, and getUploads'
 * `<listRestEntity>` of `<flatUploadSummaryEntity>`.
 */
import type { ImportJob } from '../../../core/imports/types.js';
import { contentResponse, element } from '../common/xml.js';
import { toSfSource, toSfStatus } from './statuses.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `2013-05-10T14:48:07+00:00`: the guide's form (seconds, numeric offset, no milliseconds). Herald
 * stores UTC; SQLite text without a zone (`2013-05-10 14:48:07`) is read as UTC too.
 */
export function formatSfDate(stored: string): string {
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(stored) ? stored : `${stored.replace(' ', 'T')}Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return stored;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

/** Upsert and update jobs are merges in SmartFocus terms. */
export function uploadType(job: ImportJob): 'insert' | 'merge' {
  return job.mode === 'insert' ? 'insert' : 'merge';
}

export function lastUploadsResponse(jobs: ImportJob[]): string {
  const items = jobs.map((j) => `<lastUploads>${element('id', j.id)}${element('source', toSfSource(j.source))}${element('status', toSfStatus(j.status))}</lastUploads>`);
  return contentResponse(items.join(''));
}

export function uploadStatusResponse(job: ImportJob): string {
  return contentResponse(`<uploadStatus>${element('status', toSfStatus(job.status))}</uploadStatus>`);
}

export interface UploadPage {
  page: number;
  pageSize: number;
  total: number;
  items: ImportJob[];
  /** The account's SmartFocus login: the "manager" who owns every upload. */
  manager: string;
}

export function uploadSummariesResponse(p: UploadPage): string {
  const entities = p.items.map(
    (j) =>
      '<flatUploadSummaryEntity>' +
      element('uploadId', j.id) +
      element('manager', p.manager) +
      element('source', toSfSource(j.source)) +
      element('type', uploadType(j)) +
      element('date', formatSfDate(j.createdAt)) +
      element('name', j.fileName) +
      element('size', j.size) +
      element('status', toSfStatus(j.status)) +
      '</flatUploadSummaryEntity>',
  );
  return contentResponse(
    `<listRestEntity>${element('page', p.page)}${element('pageSize', p.pageSize)}${element('nbTotalItems', p.total)}<uploadSummaries>${entities.join('')}</uploadSummaries></listRestEntity>`,
  );
}
