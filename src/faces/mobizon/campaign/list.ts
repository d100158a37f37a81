/**
 * campaign/list: criteria, pagination (pageSize 25/50/100, currentPage 0-based), sort[field]=ASC|DESC
 * → `{"items":[getInfo objects],"totalItemCount":"N"}`. The dates come as the reference's
 * createDateFrom + createTimeFrom pairs, or as one `YYYY-MM-DD HH:MM:SS` in createTsFrom (docs/protocols/mobizon.md §Campaigns).
 */
import { CAMPAIGN_SORT_FIELDS, searchCampaigns, type CampaignQuery } from '../../../core/sms/campaigns/search.js';
import type { Bound } from '../../../core/sms/campaigns/search-window.js';
import { MAX_ID, wholeNumberIn } from '../../../core/bounds.js';
import { MobizonCode } from '../codes.js';
import { MobizonError, success } from '../envelope.js';
import { listParam, mapParam, param, stringParam, type ParamMap } from '../params.js';
import { listResult, pageOf, sortOf } from '../list-params.js';
import type { MobizonHandler } from '../registry.js';
import { accountCurrency } from './actions.js';
import { accountTimeZone } from '../../../core/accounts/settings.js';
import { infoObject } from './view.js';

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

/** Parameters → query (pagination and sort as every Mobizon list reads them: list-params.ts). */
export function campaignQuery(params: ParamMap): CampaignQuery {
  const criteria = mapParam(params, 'criteria');
  const ids = criteria ? [...listParam(param(criteria, 'ids')), ...(stringParam(criteria, 'id') ? [stringParam(criteria, 'id')!] : [])] : [];
  if (ids.some((id) => wholeNumberIn(id, 1, MAX_ID) === null)) throw new MobizonError(MobizonCode.VALIDATION, 'criteria ids must be campaign ids', { ids: [`Campaign ids are whole numbers from 1 to ${MAX_ID}.`] });
  const type = criteria ? stringParam(criteria, 'type')?.trim() : undefined;
  if (type && !/^[123]$/.test(type)) throw new MobizonError(MobizonCode.VALIDATION, 'criteria type is 1, 2 or 3', { type: ['The type is 1, 2 or 3.'] });
  const page = pageOf(params);
  const sort = sortOf(params, CAMPAIGN_SORT_FIELDS);
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
    page: page.offset / page.limit,
    pageSize: page.limit,
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
  return success(listResult(found.items.map((c) => infoObject(c, tz, currency)), found.total));
};
