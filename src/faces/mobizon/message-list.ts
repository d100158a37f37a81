/**
 * message/list (docs/protocols/mobizon.md §Methods; Mobizon docs "Getting List of SMS Messages"): the account's
 * SMS by criteria, paged and sorted, `{items, totalItemCount}` with ids, counters and amounts as
 * strings. Times in and out are `YYYY-MM-DD HH:MM:SS` in the account's time zone.
 */
import { searchSmsMessages, SMS_SORT_FIELDS, type SmsMessageCriteria, type SmsMessageFound } from '../../core/sms/message-search.js';
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { listResult, pageOf, sortOf } from './list-params.js';
import { listParam, mapParam, param, stringParam, type ParamMap } from './params.js';
import type { MobizonHandler } from './registry.js';
import { mobizonTime, parseMobizonTime } from '../../wire/mobizon-time.js';
import { decimalString } from './values.js';

/** criteria[…] time fields and the core criterion each fills. */
const TIME_CRITERIA = [
  ['campaignCreateTsFrom', 'campaignCreatedFrom'],
  ['campaignCreateTsTo', 'campaignCreatedTo'],
  ['campaignSentTsFrom', 'campaignSentFrom'],
  ['campaignSentTsTo', 'campaignSentTo'],
  ['startSendTsFrom', 'sentFrom'],
  ['startSendTsTo', 'sentTo'],
  ['statusUpdateTsFrom', 'statusUpdatedFrom'],
  ['statusUpdateTsTo', 'statusUpdatedTo'],
] as const;

function ids(raw: string[], field: string): number[] {
  const out = raw.map((s) => Number(s));
  if (out.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new MobizonError(MobizonCode.VALIDATION, `${field} holds ids (whole numbers)`, { [field]: ['Use whole-number identifiers.'] });
  return out;
}

/** A criterion given as an empty string is no criterion (PHP forms send every field). */
function text(criteria: ParamMap, key: string): string | undefined {
  const value = stringParam(criteria, key);
  return value === undefined || value === '' ? undefined : value;
}

export function criteriaOf(params: ParamMap, timeZone: string): SmsMessageCriteria {
  const criteria = mapParam(params, 'criteria');
  if (criteria === undefined) return {};
  const out: SmsMessageCriteria = {};
  if (criteria.has('campaignIds') && listParam(criteria.get('campaignIds')).length > 0) out.campaignIds = ids(listParam(criteria.get('campaignIds')), 'campaignIds');
  if (criteria.has('groups') && listParam(criteria.get('groups')).length > 0) out.groups = ids(listParam(criteria.get('groups')), 'groups');
  for (const key of ['from', 'to', 'text', 'status', 'campaignStatus'] as const) {
    const value = text(criteria, key);
    if (value !== undefined) out[key] = key === 'status' || key === 'campaignStatus' ? value.toUpperCase() : value;
  }
  for (const [key, field] of TIME_CRITERIA) {
    const value = text(criteria, key);
    if (value === undefined) continue;
    // The docs print the format with several spaces between date and time; take any run of spaces.
    const at = parseMobizonTime(value.trim().replace(/\s+/, ' '), timeZone);
    if (at === null) throw new MobizonError(MobizonCode.VALIDATION, `criteria[${key}] must be YYYY-MM-DD HH:MM:SS`, { [key]: ['Use the format YYYY-MM-DD HH:MM:SS.'] });
    // A `…To` time names a whole second: stored times have milliseconds within it.
    out[field] = field.endsWith('To') ? new Date(at.getTime() + 999).toISOString() : at.toISOString();
  }
  return out;
}

export function messageItem(m: SmsMessageFound, timeZone: string) {
  return {
    id: String(m.id),
    campaignId: m.campaignId === null ? null : String(m.campaignId),
    segNum: String(m.segments),
    // The price of one segment in the account's currency.
    segUserBuy: decimalString(m.segments > 0 ? m.costMicros / m.segments / 1_000_000 : 0, 4),
    from: m.from,
    to: m.to.replace(/^\+/, ''),
    text: m.text,
    status: m.status,
    groups: m.groups,
    // Herald's message id is its internal identifier too.
    uuid: String(m.id),
    countryA2: m.country,
    operatorName: m.operator,
    startSendTs: m.sentAt === null ? null : mobizonTime(m.sentAt, timeZone),
    statusUpdateTs: mobizonTime(m.statusUpdatedAt, timeZone),
  };
}

/** message/list: criteria[…], withNumberInfo, pagination, sort → {items, totalItemCount}. */
export const listMessages: MobizonHandler = async (_ctx, scope, params) => {
  const withNumberInfo = stringParam(params, 'withNumberInfo') ?? '0';
  if (withNumberInfo !== '0' && withNumberInfo !== '1' && withNumberInfo !== '') throw new MobizonError(MobizonCode.CONSTRAINT, 'withNumberInfo is 0 or 1');
  if (param(params, 'criteria') !== undefined && mapParam(params, 'criteria') === undefined) throw new MobizonError(MobizonCode.VALIDATION, 'criteria is an array', { criteria: ['Pass criteria as an array.'] });
  const timeZone = (await scope.db.selectFrom('accounts').select('timeZone').where('id', '=', scope.accountId).executeTakeFirstOrThrow()).timeZone;
  const criteria = criteriaOf(params, timeZone);
  const page = pageOf(params);
  const sort = sortOf(params, SMS_SORT_FIELDS);
  const found = await searchSmsMessages(scope, criteria, { ...page, ...(sort ? { sort } : {}) });
  return success(
    listResult(
      found.items.map((m) => {
        const item = messageItem(m, timeZone);
        // Country and operator are the number information withNumberInfo=1 asks for.
        if (withNumberInfo === '1') return item;
        const { countryA2: _country, operatorName: _operator, ...rest } = item;
        return rest;
      }),
      found.total,
    ),
  );
};
