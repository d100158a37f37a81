/**
 * The parameters every Mobizon list method shares: `pagination[pageSize|currentPage]` (pages from 0)
 * and `sort[field]=ASC|DESC`, and the `{items, totalItemCount:"N"}` answer.
 */
import { wholeNumberIn } from '../../core/bounds.js';
import { MobizonCode } from './codes.js';
import { MobizonError } from './envelope.js';
import { mapParam, stringParam, type ParamMap } from './params.js';

export interface Page {
  limit: number;
  offset: number;
}

/** The documented sizes are 25, 50 and 100; any size up to 100 is served. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

function wholeNumber(text: string | undefined, field: string, min: number, max: number, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const value = wholeNumberIn(text, min, max);
  if (value === null) {
    throw new MobizonError(MobizonCode.CONSTRAINT, `pagination[${field}] must be a whole number from ${min} to ${max}`, { [field]: [`Use a whole number from ${min} to ${max}.`] });
  }
  return value;
}

export function pageOf(params: ParamMap): Page {
  const pageSize = wholeNumber(stringParam(params, 'pagination', 'pageSize'), 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const currentPage = wholeNumber(stringParam(params, 'pagination', 'currentPage'), 'currentPage', 0, 1_000_000, 0);
  return { limit: pageSize, offset: pageSize * currentPage };
}

/** `sort[field]=ASC|DESC` (the first field given); undefined when absent. Unknown fields answer code 12. */
export function sortOf<F extends string>(params: ParamMap, fields: readonly F[]): { field: F; direction: 'asc' | 'desc' } | undefined {
  const sort = mapParam(params, 'sort');
  if (sort === undefined || sort.size === 0) return undefined;
  const [[field, value]] = [...sort.entries()] as [[string, unknown]];
  const direction = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(fields as readonly string[]).includes(field)) throw new MobizonError(MobizonCode.CONSTRAINT, `sort by ${field} is not possible; fields: ${fields.join(', ')}`);
  if (direction !== 'ASC' && direction !== 'DESC') throw new MobizonError(MobizonCode.CONSTRAINT, `sort[${field}] is ASC or DESC`);
  return { field: field as F, direction: direction === 'ASC' ? 'asc' : 'desc' };
}

/** The list answer: totalItemCount is a string, as the live service writes it. */
export function listResult<T>(items: T[], total: number): { items: T[]; totalItemCount: string } {
  return { items, totalItemCount: String(total) };
}
