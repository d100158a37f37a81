/**
 * campaign/list: criteria, pagination (pageSize 25/50/100, currentPage 0-based), sort[field]=ASC|DESC
 * → `{"items":[getInfo objects],"totalItemCount":"N"}`. The dates come as the reference's
 * createDateFrom + createTimeFrom pairs, or as one `YYYY-MM-DD HH:MM:SS` in createTsFrom (wire-formats).
 */
import { CAMPAIGN_SORT_FIELDS, searchCampaigns, type CampaignQuery, type CampaignSortField } from '../../../core/sms/campaigns/search.js';
import type { Bound } from '../../../core/sms/campaigns/search-window.js';
import { MobizonCode } from '../codes.js';
import { MobizonError, success } from '../envelope.js';
import { listParam, mapParam, param, stringParam, type ParamMap } from '../params.js';
import type { MobizonHandler } from '../registry.js';
import { accountCurrency } from './actions.js';
import { accountTimeZone } from './fields.js';
import { infoObject } from './view.js';

export const PAGE_SIZES = [25, 50, 100];

function bound(criteria: ParamMap | undefined, date: string, time: string, ts: string): Bound | undefined {
  if (!criteria) return undefined;
  const combined = stringParam(criteria, ts)?.trim();
  if (combined) {
    const [d, t] = combined.split(/\s+/);
    return { date: d ?? '', ...(t ? { time: t } : {}) };
  }
  const d = stringParam(criteria, date)?.trim();
  if (!d) return undefined;
  const t = stringParam(criteria, time)?.trim();
  return { date: d, ...(t ? { time: t } : {}) };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Parameters → query; pagination falls back to page 0 of 25 when out of the documented range. */
export function campaignQuery(params: ParamMap): CampaignQuery {
  const criteria = mapParam(params, 'criteria');
  const ids = criteria ? [...listParam(param(criteria, 'ids')), ...(stringParam(criteria, 'id') ? [stringParam(criteria, 'id')!] : [])] : [];
  if (ids.some((id) => !/^\d+$/.test(id.trim()))) throw new MobizonError(MobizonCode.VALIDATION, 'criteria ids must be campaign ids', { ids: ['Campaign ids are whole numbers.'] });
  const type = criteria ? stringParam(criteria, 'type')?.trim() : undefined;
  if (type && !/^[123]$/.test(type)) throw new MobizonError(MobizonCode.VALIDATION, 'criteria type is 1, 2 or 3', { type: ['The type is 1, 2 or 3.'] });
  const size = Number(stringParam(params, 'pagination', 'pageSize') ?? 25);
  const page = Number(stringParam(params, 'pagination', 'currentPage') ?? 0);
  const sortMap = mapParam(params, 'sort');
  let sort: CampaignQuery['sort'];
  for (const [field, dir] of sortMap?.entries() ?? []) {
    if (typeof dir !== 'string' || !(CAMPAIGN_SORT_FIELDS as readonly string[]).includes(field)) continue;
    sort = { field: field as CampaignSortField, direction: dir.trim().toUpperCase() === 'ASC' ? 'asc' : 'desc' };
    break;
  }
  const created = defined({ from: bound(criteria, 'createDateFrom', 'createTimeFrom', 'createTsFrom'), to: bound(criteria, 'createDateTo', 'createTimeTo', 'createTsTo') });
  const sent = defined({ from: bound(criteria, 'sentDateFrom', 'sendTimeFrom', 'sentTsFrom'), to: bound(criteria, 'sentDateTo', 'sentTimeTo', 'sentTsTo') });
  return defined({
    ids: ids.length > 0 ? ids.map((id) => Number(id.trim())) : undefined,
    recipient: criteria ? stringParam(criteria, 'recipient')?.trim() || undefined : undefined,
    from: criteria ? stringParam(criteria, 'from')?.trim() || undefined : undefined,
    text: criteria ? stringParam(criteria, 'text') || undefined : undefined,
    status: criteria ? stringParam(criteria, 'status')?.trim().toUpperCase() || undefined : undefined,
    type: type ? Number(type) : undefined,
    group: criteria ? stringParam(criteria, 'groups')?.trim() || undefined : undefined,
    created: Object.keys(created).length > 0 ? created : undefined,
    sent: Object.keys(sent).length > 0 ? sent : undefined,
    page: Number.isSafeInteger(page) && page >= 0 ? page : 0,
    pageSize: PAGE_SIZES.includes(size) ? size : 25,
    sort,
  }) as CampaignQuery;
}

export const listCampaignsMethod: MobizonHandler = async (ctx, scope, params) => {
  const query = campaignQuery(params);
  let found;
  try {
    found = await searchCampaigns(scope, query, ctx.now);
  } catch (err) {
    if (err instanceof Error && err.name === 'BadBoundError') throw new MobizonError(MobizonCode.VALIDATION, `Dates are YYYY-MM-DD and times HH:MM:SS: ${err.message}`, { criteria: ['Dates are YYYY-MM-DD and times HH:MM:SS.'] });
    throw err;
  }
  const tz = await accountTimeZone(scope);
  const currency = await accountCurrency(scope);
  return success({ items: found.items.map((c) => infoObject(c, tz, currency)), totalItemCount: String(found.total) });
};
