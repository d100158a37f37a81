import { Type, type Static } from '@sinclair/typebox';
import { SMS_SORT_FIELDS, type SmsMessageFound } from '../../core/sms/message-search.js';
import { IsoTimestamp, nullable, Offset } from './common.schemas.js';

const idList = (what: string) => Type.String({ pattern: '^\\s*\\d+(\\s*,\\s*\\d+)*\\s*$', description: `Comma-separated ${what} ids (any of them)` });
const instant = (description: string) => Type.String({ format: 'date-time', description });

export const SmsMessageListQuery = Type.Object(
  {
    campaignIds: Type.Optional(idList('campaign')),
    from: Type.Optional(Type.String({ maxLength: 20, description: 'Sender id, exact' })),
    to: Type.Optional(Type.String({ maxLength: 32, description: 'Digits found anywhere in the recipient number' })),
    text: Type.Optional(Type.String({ maxLength: 5000, description: 'Text, exact' })),
    status: Type.Optional(Type.String({ maxLength: 20, description: 'SMS status: NEW, ENQUEUD, ACCEPTD, DELIVRD, …' })),
    groups: Type.Optional(idList('contact group')),
    campaignStatus: Type.Optional(Type.String({ maxLength: 30 })),
    campaignCreatedFrom: Type.Optional(instant('Campaign created at or after')),
    campaignCreatedTo: Type.Optional(instant('Campaign created at or before')),
    campaignSentFrom: Type.Optional(instant('Campaign started sending at or after')),
    campaignSentTo: Type.Optional(instant('Campaign started sending at or before')),
    sentFrom: Type.Optional(instant('Message accepted by the SMSC at or after')),
    sentTo: Type.Optional(instant('Message accepted by the SMSC at or before')),
    statusUpdatedFrom: Type.Optional(instant('Last status change at or after')),
    statusUpdatedTo: Type.Optional(instant('Last status change at or before')),
    sort: Type.Optional(Type.Union(SMS_SORT_FIELDS.map((f) => Type.Literal(f)), { default: 'id' })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type SmsMessageListQueryType = Static<typeof SmsMessageListQuery>;

const SmsMessageItem = Type.Object({
  id: Type.Integer(),
  campaignId: nullable(Type.Integer()),
  segments: Type.Integer(),
  cost: Type.Number({ description: 'Charged for all segments, account currency' }),
  from: Type.String(),
  to: Type.String({ description: 'E.164' }),
  text: Type.String(),
  status: Type.String(),
  groups: Type.String({ description: 'Comma-separated contact group ids of its campaign' }),
  country: nullable(Type.String()),
  operator: nullable(Type.String()),
  contactId: nullable(Type.Integer()),
  sentAt: nullable(IsoTimestamp),
  statusUpdatedAt: IsoTimestamp,
});

export const SmsMessageList = Type.Object({ items: Type.Array(SmsMessageItem), total: Type.Integer() }, { description: 'Matching SMS, one page' });

export function toSmsMessageDto(m: SmsMessageFound): Static<typeof SmsMessageItem> {
  const { costMicros, ...rest } = m;
  return { ...rest, cost: costMicros / 1_000_000 };
}
