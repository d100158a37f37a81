import { Type, type Static } from '@sinclair/typebox';
import type { Campaign } from '../../core/sms/campaigns/campaigns.js';
import { CampaignType } from '../../core/sms/campaigns/campaign-input.js';
import type { CampaignCounters, StatusTotals } from '../../core/sms/campaigns/counters.js';
import { MAX_IDS } from '../../core/sms/campaigns/search.js';
import { RATE_PERIODS } from '../../core/sms/campaigns/pacing.js';
import { SMS_STATUSES } from '../../core/sms/statuses.js';
import { IsoTimestamp, inputObject, nullable, ref } from './common.schemas.js';
import { SmsMessageList } from './sms-messages.schemas.js';

/*
 * SMS campaigns in the native API. Types are names rather than Mobizon's 1/2/3, money is a decimal
 * number in the account currency (as `balance` in Billing and `cost` in SMS messages), times are
 * ISO-8601 UTC.
 */

export const CAMPAIGN_TYPE_NAMES = ['single', 'mass', 'template'] as const;
export type CampaignTypeName = (typeof CAMPAIGN_TYPE_NAMES)[number];
const TYPE_NUMBERS: Record<CampaignTypeName, CampaignType> = { single: CampaignType.Single, mass: CampaignType.Mass, template: CampaignType.Template };
export const typeNumber = (name: CampaignTypeName): CampaignType => TYPE_NUMBERS[name];
export const typeName = (n: number): CampaignTypeName => CAMPAIGN_TYPE_NAMES[n - 1] ?? 'mass';

export const CAMPAIGN_STATUSES = ['NEW', 'MODERATION', 'DECLINED', 'READY_FOR_SEND', 'AUTO_READY_FOR_SEND', 'DEFERRED', 'RUNNING', 'SENT', 'DONE'] as const;
const literals = <T extends string>(values: readonly T[], options: object = {}) => Type.Union(values.map((v) => Type.Literal(v)), options);
const money = (micros: number): number => micros / 1_000_000;

const TypeField = literals(CAMPAIGN_TYPE_NAMES, { description: 'single: one recipient; mass: the same text to everyone; template: the text has placeholders such as `{name}` filled per recipient' });

export const SmsCampaignCreate = inputObject(
  {
    name: Type.String({ maxLength: 255, description: 'For your own reference' }),
    text: Type.String({ minLength: 1, maxLength: 10_000, description: 'At most 6 segments (GSM 03.38 or UCS-2); template campaigns use `{placeholder}`s' }),
    type: { ...TypeField, default: 'mass' },
    from: Type.String({ maxLength: 32, description: "A sender id the account registered; absent or unknown: the account's default" }),
    rateLimit: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Messages per ratePeriod, 0 for no limit; at most 100 per second' }),
    ratePeriod: Type.Union(RATE_PERIODS.map((p) => Type.Literal(p)), { description: 'Seconds: 60, 3600 or 86400 (default 60)' }),
    deferredTo: nullable(Type.String({ format: 'date-time', description: 'Start sending then: one hour to 14 days ahead' })),
    validityMinutes: Type.Integer({ minimum: 60, maximum: 1440, description: 'How long each message may be tried (default 1440)' }),
    mclass: Type.Integer({ minimum: 0, maximum: 3, description: 'SMS message class; 0 is a flash SMS (default 1)' }),
    shortenLinks: Type.Boolean({ description: 'Replace every URL of the text by a short link of the account' }),
    trackShortLinkRecipients: Type.Boolean({ description: 'Give each recipient their own short links, so clicks are known per recipient' }),
  },
  ['text'],
  { title: 'SmsCampaignCreate' },
);
export type SmsCampaignCreateBody = Static<typeof SmsCampaignCreate>;

const Totals = Type.Object({ messages: Type.Integer(), segments: Type.Integer(), cost: Type.Number({ description: 'Account currency' }) });

const Counters = Type.Object(
  {
    byStatus: Type.Object(Object.fromEntries(SMS_STATUSES.map((s) => [s, Totals])), { description: 'Messages, segments and cost per SMS status (NEW: waiting to be sent)' }),
    totalMessages: Type.Integer(),
    totalSegments: Type.Integer(),
    totalCost: Type.Number({ description: 'Preliminary until the campaign is sent: priced when the recipients were added' }),
    recipientsRejected: Type.Integer({ description: 'Recipients refused when added (invalid, duplicate, stop-listed…)' }),
    updatedAt: IsoTimestamp,
  },
  { description: 'Computed from the messages; frozen once the campaign is DONE' },
);

export const SmsCampaignSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    type: TypeField,
    text: Type.String({ description: 'As it will be sent (URLs already shortened with shortenLinks)' }),
    from: Type.String({ description: 'Sender id' }),
    status: literals(CAMPAIGN_STATUSES, { description: 'NEW (taking recipients) → MODERATION (waiting for a moderator) | AUTO_READY_FOR_SEND → READY_FOR_SEND → DEFERRED → RUNNING → SENT → DONE; DECLINED by a moderator' }),
    moderationComment: Type.String({ description: 'Why a moderator declined it' }),
    rateLimit: Type.Integer(),
    ratePeriod: Type.Integer(),
    deferredTo: nullable(IsoTimestamp),
    validityMinutes: Type.Integer(),
    mclass: Type.Integer(),
    shortenLinks: Type.Boolean(),
    trackShortLinkRecipients: Type.Boolean(),
    groupIds: Type.Array(Type.Integer(), { description: 'Contact groups recipients were added from' }),
    addingRecipients: Type.Boolean({ description: 'Recipients are being added (a background task or another request): adding more or sending waits until it ends' }),
    createdAt: IsoTimestamp,
    sendRequestedAt: nullable(IsoTimestamp),
    moderatedAt: nullable(IsoTimestamp),
    startSendAt: nullable(IsoTimestamp),
    endSendAt: nullable(IsoTimestamp),
    doneAt: nullable(IsoTimestamp),
    counters: Counters,
  },
  { $id: 'SmsCampaign' },
);
export type SmsCampaignDto = Static<typeof SmsCampaignSchema>;

function totalsDto(t: StatusTotals): Static<typeof Totals> {
  return { messages: t.messages, segments: t.segments, cost: money(t.costMicros) };
}

function countersDto(c: CampaignCounters): Static<typeof Counters> {
  return {
    byStatus: Object.fromEntries(SMS_STATUSES.map((s) => [s, totalsDto(c.byStatus[s])])),
    totalMessages: c.totalMessages,
    totalSegments: c.totalSegments,
    totalCost: money(c.totalCostMicros),
    recipientsRejected: c.recipientsRejected,
    updatedAt: c.updatedAt,
  };
}

export function toSmsCampaignDto(c: Campaign, now: Date): SmsCampaignDto {
  return {
    id: c.id,
    name: c.name,
    type: typeName(c.type),
    text: c.text,
    from: c.sender,
    status: c.status as SmsCampaignDto['status'],
    moderationComment: c.moderationComment,
    rateLimit: c.rateLimit,
    ratePeriod: c.ratePeriod,
    deferredTo: c.deferredTo,
    validityMinutes: c.validityMinutes,
    mclass: c.mclass,
    shortenLinks: c.shortenLinks === 1,
    trackShortLinkRecipients: c.trackShortLinkRecipients === 1,
    groupIds: c.groups === '' ? [] : c.groups.split(',').map(Number),
    addingRecipients: c.addingUntil !== null && c.addingUntil > now.toISOString(),
    createdAt: c.createdAt,
    sendRequestedAt: c.sendRequestedAt,
    moderatedAt: c.moderatedAt,
    startSendAt: c.startSendAt,
    endSendAt: c.endSendAt,
    doneAt: c.doneAt,
    counters: countersDto(c.counters),
  };
}

/** Native sort names → the core's (Mobizon's) field names. */
export const CAMPAIGN_SORTS = {
  id: 'id',
  name: 'name',
  from: 'from',
  text: 'text',
  status: 'status',
  type: 'type',
  recipient: 'recipient',
  createdAt: 'createTs',
  startSendAt: 'startSendTs',
  endSendAt: 'endSendTs',
  totalMessages: 'counters.totalMsgNum',
  totalCost: 'counters.totalCost',
} as const;
type CampaignSortName = keyof typeof CAMPAIGN_SORTS;

const instant = (description: string) => Type.String({ format: 'date-time', description });
const paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

export const SmsCampaignListQuery = Type.Object(
  {
    ids: Type.Optional(Type.String({ pattern: '^\\s*\\d+(\\s*,\\s*\\d+)*\\s*$', description: `Comma-separated campaign ids (the first ${MAX_IDS}); time windows are then ignored` })),
    status: Type.Optional(literals([...CAMPAIGN_STATUSES, 'NOT_YET_SENT'], { description: 'NOT_YET_SENT: any status before sending starts' })),
    type: Type.Optional(TypeField),
    from: Type.Optional(Type.String({ maxLength: 32, description: 'Sender id, exact' })),
    text: Type.Optional(Type.String({ maxLength: 1000, description: 'Part of the text' })),
    recipient: Type.Optional(Type.String({ maxLength: 32, description: 'Campaigns with a message to this number' })),
    createdFrom: Type.Optional(instant('Created at or after')),
    createdTo: Type.Optional(instant('Created at or before')),
    sentFrom: Type.Optional(instant('Started sending at or after')),
    sentTo: Type.Optional(instant('Started sending at or before')),
    ...paging,
    sort: Type.Optional(literals(Object.keys(CAMPAIGN_SORTS) as CampaignSortName[], { default: 'id' })),
    order: Type.Optional(literals(['asc', 'desc'] as const, { default: 'desc' })),
  },
  { additionalProperties: false },
);
export type SmsCampaignListQueryType = Static<typeof SmsCampaignListQuery>;

export const SmsCampaignPage = Type.Object(
  { items: Type.Array(ref(SmsCampaignSchema)), total: Type.Integer({ description: 'Matching campaigns, ignoring paging' }), page: Type.Integer(), pageSize: Type.Integer() },
  { description: 'One page of campaigns with their counters' },
);

export const PagingQuery = Type.Object(paging, { additionalProperties: false });

export const SmsCampaignMessagePage = Type.Object(
  { items: SmsMessageList.properties.items, total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() },
  { description: "One page of the campaign's messages, in the order they were added" },
);

export const SendOutcomeSchema = Type.Object(
  {
    status: literals(['MODERATION', 'AUTO_READY_FOR_SEND'] as const, { description: 'MODERATION: waits for a moderator; AUTO_READY_FOR_SEND: sending starts (or is scheduled for deferredTo)' }),
  },
  { description: 'The campaign was charged and handed on' },
);
