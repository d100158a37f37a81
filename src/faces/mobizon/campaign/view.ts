/**
 * Campaigns as Mobizon shows them (campaign/get, getInfo, list items). The reference names the
 * fields; their values follow the live captures: numbers as strings, times `YYYY-MM-DD HH:MM:SS`
 * in the account's zone, and validity/mclass/trackShortLinkRecipients also inside `extra`.
 *
 * Herald's reading of the three status fields, which the reference names without values:
 * commonStatus is the campaign status (NEW … DONE); moderationStatus is NEW before sending, then
 * MODERATION, APPROVED, AUTO_APPROVED or DECLINED; sendStatus is NEW until sending is scheduled,
 * then DEFERRED, RUNNING, SENT, DONE.
 */
import type { Campaign } from '../../../core/sms/campaigns/campaigns.js';
import type { CampaignCounters } from '../../../core/sms/campaigns/counters.js';
import { SMS_STATUSES } from '../../../core/sms/statuses.js';
import { mobizonTime } from '../../../wire/mobizon-time.js';
import { decimalString, intString } from '../values.js';

const time = (iso: string | null, tz: string): string | null => (iso === null ? null : mobizonTime(iso, tz));
const money = (micros: number): string => decimalString(micros / 1e6, 4);
/** `DELIVRD` → `Delivrd`, as the counter names spell it (totalDelivrdSegNum). */
const counterWord = (status: string): string => status.charAt(0) + status.slice(1).toLowerCase();

function moderationStatus(c: Campaign): string {
  if (c.status === 'NEW') return 'NEW';
  if (c.status === 'MODERATION' || c.status === 'DECLINED') return c.status;
  return c.moderatedAt !== null ? 'APPROVED' : 'AUTO_APPROVED';
}

function sendStatus(c: Campaign): string {
  return ['DEFERRED', 'RUNNING', 'SENT', 'DONE'].includes(c.status) ? c.status : 'NEW';
}

export function campaignObject(c: Campaign, tz: string): Record<string, unknown> {
  const groupsList = c.groups === '' ? [] : c.groups.split(',');
  return {
    id: intString(c.id),
    moderationStatus: moderationStatus(c),
    commonStatus: c.status,
    groupsList,
    type: intString(c.type),
    msgType: 'SMS',
    rateLimit: intString(c.rateLimit),
    ratePeriod: intString(c.ratePeriod),
    sendStatus: sendStatus(c),
    isDeleted: intString(c.deleted),
    deferredToTs: time(c.deferredTo, tz),
    createTs: time(c.createdAt, tz),
    startSendTs: time(c.startSendAt, tz),
    endSendTs: time(c.endSendAt, tz),
    name: c.name,
    from: c.sender,
    text: c.text,
    validity: intString(c.validityMinutes),
    mclass: intString(c.mclass),
    ttl: intString(c.validityMinutes),
    trackShortLinkRecipients: intString(c.trackShortLinkRecipients),
    groups: c.groups,
    globalComment: c.moderationComment,
    extra: { validity: intString(c.validityMinutes), mclass: intString(c.mclass), trackShortLinkRecipients: intString(c.trackShortLinkRecipients), shortenLinks: intString(c.shortenLinks) },
  };
}

export function countersObject(campaignId: number, counters: CampaignCounters, tz: string, currency: string): Record<string, string> {
  const out: Record<string, string> = { updateTs: mobizonTime(counters.updatedAt, tz) };
  for (const s of SMS_STATUSES) out[`total${counterWord(s)}SegNum`] = String(counters.byStatus[s].segments);
  out.totalSegNum = String(counters.totalSegments);
  for (const s of SMS_STATUSES) out[`total${counterWord(s)}MsgNum`] = String(counters.byStatus[s].messages);
  out.totalMsgNum = String(counters.totalMessages);
  for (const s of SMS_STATUSES) out[`total${counterWord(s)}MsgCost`] = money(counters.byStatus[s].costMicros);
  out.totalCost = money(counters.totalCostMicros);
  out.recipientsRejected = String(counters.recipientsRejected);
  out.userCurrency = currency;
  out.campaignId = String(campaignId);
  return out;
}

/** campaign/getInfo and list items: the campaign, how it was created, and its counters. */
export function infoObject(c: Campaign, tz: string, currency: string, text?: string): Record<string, unknown> {
  return {
    ...campaignObject(c, tz),
    ...(text !== undefined ? { text } : {}),
    // 1 web, 3 SMPP, 5 system: API calls count as web (Mobizon has no API value).
    creationWay: '1',
    counters: countersObject(c.id, c.counters, tz, currency),
  };
}
