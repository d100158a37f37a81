/**
 * getUploads' paging and filter parameters as the PHP library writes them:
 * `uploads/{page}?pageSize=N[&sort={col}:][&search=status:{s}|source:{src}]`, with a trailing `:`
 * after the sort column (an empty direction) and a raw `|` between search terms.
 */
import type { ImportJobFilter } from '../../../core/imports/types.js';
import { UploadParameterError } from './upload-xml.js';
import { fromSfStatus } from './statuses.js';

export const MAX_PAGE_SIZE = 1000;

/** flatUploadSummaryEntity columns the engine can order by; others keep the default order. */
const SORT_COLUMNS: Record<string, NonNullable<ImportJobFilter['sort']>> = {
  uploadid: 'id',
  id: 'id',
  date: 'createdAt',
  status: 'status',
};

function integer(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^-?\d{1,9}$/.test(text.trim())) throw new UploadParameterError(`Invalid ${name} '${text}'`, name);
  return Number(text.trim());
}

/** @throws UploadParameterError */
export function parseUploadsQuery(pageText: string, query: Record<string, string>): ImportJobFilter {
  const page = Math.max(1, integer(pageText, 'page') ?? 1);
  // The library clamps to 1..1000 before sending; a hand-written call gets the same treatment.
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, integer(query.pageSize, 'pageSize') ?? MAX_PAGE_SIZE));
  // Newest first unless a sort is asked for: what getLastUpload shows too.
  const filter: ImportJobFilter = { page, pageSize, sort: 'createdAt', descending: true };

  const sort = query.sort?.trim();
  if (sort) {
    const [column = '', direction = ''] = sort.split(':');
    const key = SORT_COLUMNS[column.trim().toLowerCase()];
    if (key !== undefined) {
      filter.sort = key;
      // The library always sends an empty direction: ascending, as the vendor's default.
      filter.descending = direction.trim().toLowerCase() === 'desc';
    }
  }

  const search = query.search?.trim();
  if (search) {
    for (const term of search.split('|')) {
      if (term.trim() === '') continue;
      const colon = term.indexOf(':');
      const name = (colon < 0 ? term : term.slice(0, colon)).trim().toLowerCase();
      const value = colon < 0 ? '' : term.slice(colon + 1).trim();
      if (value === '') continue;
      if (name === 'status') {
        const status = fromSfStatus(value);
        if (status === null) throw new UploadParameterError(`Unknown upload status '${value}'`, 'status');
        filter.status = status;
      } else if (name === 'source') {
        filter.source = value.toUpperCase();
      } else {
        throw new UploadParameterError(`Unknown search criterion '${name}': use status or source`, 'search');
      }
    }
  }
  return filter;
}
