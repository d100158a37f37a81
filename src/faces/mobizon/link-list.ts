/**
 * link/list (criteria, pagination, sort → {items, totalItemCount}) and link/getStats (clicks and
 * redirects of up to 5 links per month, day, hour or minute).
 */
import { listLinks, type LinkCriteria, type LinkSortField } from '../../core/sms/links/list.js';
import { linkStats, MAX_STATS_LINKS } from '../../core/sms/links/stats.js';
import { isStatsType, STATS_TYPES } from '../../core/sms/links/stats-periods.js';
import { MAX_ID, wholeNumberIn } from '../../core/bounds.js';
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { accountTimeZone } from '../../core/accounts/settings.js';
import { linkObject } from './link.js';
import { listResult, pageOf, sortOf } from './list-params.js';
import { listParam, mapParam, stringParam, type ParamMap } from './params.js';
import type { MobizonHandler } from './registry.js';
import { parseMobizonTime } from '../../wire/mobizon-time.js';

/** Mobizon's sort fields (documented: createTs, expirationDate, clickCnt, code, fullLink; id and redirectCnt too). */
const SORT_FIELDS = { createTs: 'createdAt', expirationDate: 'expirationDate', clickCnt: 'clickCnt', redirectCnt: 'redirectCnt', code: 'code', fullLink: 'fullLink', id: 'id' } as const satisfies Record<string, LinkSortField>;

/** A criterion given as an empty string is no criterion (PHP forms send every field). */
function text(criteria: ParamMap, key: string): string | undefined {
  const value = stringParam(criteria, key)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * `YYYY-MM-DD HH:MM:SS` in the account's zone; a bare `YYYY-MM-DD` (the docs give that format for
 * createTsFrom) is the start of the day for a lower bound, its last second for an upper one.
 */
function timeCriterion(value: string, key: string, timeZone: string, bound: 'from' | 'to'): Date {
  const full = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} ${bound === 'from' ? '00:00:00' : '23:59:59'}` : value.replace(/\s+/, ' ');
  const at = parseMobizonTime(full, timeZone);
  if (at === null) throw new MobizonError(MobizonCode.VALIDATION, `criteria[${key}] must be YYYY-MM-DD HH:MM:SS`, { [key]: ['Use the format YYYY-MM-DD HH:MM:SS.'] });
  return bound === 'to' && full.endsWith(':59') ? new Date(at.getTime() + 999) : at;
}

function flag(value: string, key: string): 0 | 1 {
  if (value === '0' || value === '1') return Number(value) as 0 | 1;
  throw new MobizonError(MobizonCode.VALIDATION, `criteria[${key}] is 0 or 1`, { [key]: ['Use 0 or 1.'] });
}

/** link/list: criteria[status|moderatorStatus|createTsFrom|createTsTo|query] (and id/ids), pagination, sort. */
export const listLinksMethod: MobizonHandler = async (ctx, scope, params) => {
  const timeZone = await accountTimeZone(scope);
  const c = mapParam(params, 'criteria');
  const found: LinkCriteria = {};
  let none = false;
  if (c !== undefined) {
    const status = text(c, 'status');
    if (status !== undefined) found.status = flag(status, 'status');
    // Herald approves every link: moderatorStatus 1 is all of them, 0 none.
    const moderator = text(c, 'moderatorStatus');
    if (moderator !== undefined && flag(moderator, 'moderatorStatus') === 0) none = true;
    const from = text(c, 'createTsFrom');
    if (from !== undefined) found.createdFrom = timeCriterion(from, 'createTsFrom', timeZone, 'from').toISOString();
    const to = text(c, 'createTsTo');
    if (to !== undefined) found.createdTo = timeCriterion(to, 'createTsTo', timeZone, 'to').toISOString();
    const query = text(c, 'query');
    if (query !== undefined) found.query = query;
    const ids = [...listParam(c.get('ids')), ...(text(c, 'id') !== undefined ? [text(c, 'id') ?? ''] : [])];
    // An id no link can have matches nothing, like an id of another account.
    if (ids.length > 0) found.ids = ids.map((s) => wholeNumberIn(s, 1, MAX_ID)).filter((id): id is number => id !== null);
  }
  const page = pageOf(params);
  const sort = sortOf(params, Object.keys(SORT_FIELDS) as (keyof typeof SORT_FIELDS)[]);
  if (none) return success(listResult([], 0));
  const result = await listLinks(scope, found, { ...page, ...(sort ? { sort: { field: SORT_FIELDS[sort.field], direction: sort.direction } } : {}) });
  return success(listResult(result.items.map((l) => linkObject(l, ctx.core.publicUrl, timeZone)), result.total));
};

/**
 * link/getStats: ids[] (≤ 5: code 12 beyond), type monthly|daily|hourly|minute (code 12 otherwise),
 * criteria[dateFrom|dateTo] (`YYYY-MM-DD HH:MM:SS`, account zone) →
 * `{items:[{param, clicks0, redirects0, clicks1, …}], totals:{totalClicks0, totalRedirects0, …}}`,
 * the index being the position in ids. Items cover every period of the window, zeros included, so
 * a chart needs no gap filling (the docs do not say; a client drawing one expects it).
 */
export const getLinkStatsMethod: MobizonHandler = async (_ctx, scope, params) => {
  const raw = listParam(params.get('ids')).map((s) => s.trim()).filter((s) => s !== '');
  if (raw.length === 0) throw new MobizonError(MobizonCode.REQUIRED_MISSING, 'ids is required');
  if (raw.length > MAX_STATS_LINKS) throw new MobizonError(MobizonCode.CONSTRAINT, `at most ${MAX_STATS_LINKS} ids per call`);
  const type = stringParam(params, 'type')?.trim() ?? '';
  if (type === '') throw new MobizonError(MobizonCode.REQUIRED_MISSING, `type is required: ${STATS_TYPES.join(', ')}`);
  if (!isStatsType(type)) throw new MobizonError(MobizonCode.CONSTRAINT, `type must be one of ${STATS_TYPES.join(', ')}`);
  const timeZone = await accountTimeZone(scope);
  const criteria = mapParam(params, 'criteria');
  const dateFrom = criteria ? text(criteria, 'dateFrom') : undefined;
  const dateTo = criteria ? text(criteria, 'dateTo') : undefined;
  const ids = raw.map((s) => (/^\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : 0));
  const stats = await linkStats(scope, ids, type, {
    from: dateFrom === undefined ? null : timeCriterion(dateFrom, 'dateFrom', timeZone, 'from'),
    to: dateTo === undefined ? null : timeCriterion(dateTo, 'dateTo', timeZone, 'to'),
  });
  const items = stats.periods.map((p) => {
    const item: Record<string, string> = { param: p.period };
    ids.forEach((_id, i) => {
      item[`clicks${i}`] = String(p.clicks[i] ?? 0);
      item[`redirects${i}`] = String(p.redirects[i] ?? 0);
    });
    return item;
  });
  const totals: Record<string, string> = {};
  ids.forEach((_id, i) => {
    totals[`totalClicks${i}`] = String(stats.totals.clicks[i] ?? 0);
    totals[`totalRedirects${i}`] = String(stats.totals.redirects[i] ?? 0);
  });
  return success({ items, totals });
};
