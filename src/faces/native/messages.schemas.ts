import { Type, type Static } from '@sinclair/typebox';
import type { EmailToSend } from '../../core/messages/email-input.js';
import type { MessageEventView, MessageView } from '../../core/messages/read.js';
import { Id, IsoTimestamp, inputObject, nullable, ref, Offset } from './common.schemas.js';

const Attachment = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    contentType: Type.Optional(Type.String({ maxLength: 255 })),
    content: Type.String({ description: 'File content, base64' }),
  },
  { additionalProperties: false },
);

const emailFields = {
  to: Type.String({ description: 'Recipient address', maxLength: 254 }),
  from: Type.String({ description: 'A verified sender of the account; required unless the template gives one', maxLength: 254 }),
  fromName: Type.String({ maxLength: 200 }),
  subject: Type.String({ maxLength: 998, description: 'Required unless the template gives one (sent as written, not rendered)' }),
  html: Type.String({ description: 'HTML part; links are tracked and an open pixel added unless disabled' }),
  text: Type.String({ description: 'Text part; derived from the HTML when absent' }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Extra headers (not the ones Herald sets)' }),
  attachments: Type.Array(Attachment, { maxItems: 20 }),
  sendAt: Type.String({ format: 'date-time', description: 'Send at this time (past or absent: now)' }),
  trackOpens: Type.Boolean({ default: true }),
  trackClicks: Type.Boolean({ default: true }),
  unsubscribeFormId: Id,
  templateId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Render subject, html and text from this template (html and text must then be absent); from, fromName, subject and trackClicks default to the template\'s' }),
  variables: Type.Record(Type.String(), Type.Unknown(), { description: 'Values for the template (Liquid variables; for an emv template, its [EMV DYN] fields)' }),
};

// from and subject are required by the core unless a template gives them.
export const EmailCreate = inputObject(emailFields, ['to'], { title: 'EmailCreate' });
export type EmailCreateBody = Static<typeof EmailCreate>;

export const EmailBatch = Type.Object(
  { messages: Type.Array(EmailCreate, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false, title: 'EmailBatch', description: 'Up to 500 emails, accepted together or not at all' },
);

export const Accepted = Type.Object({ ids: Type.Array(Type.Integer(), { description: 'Message ids, in request order' }) }, { description: 'Stored and queued' });

export const MessageSchema = Type.Object(
  {
    id: Type.Integer(),
    channel: Type.String(),
    source: Type.String({ description: 'The API it came through: native, sendexpert, smartfocus' }),
    status: Type.String({ description: 'WAIT, SENDING, SENT, UNSUBSCRIBE, SPAM or an ERROR_* code' }),
    to: Type.String(),
    from: Type.String(),
    fromName: Type.String(),
    subject: Type.String(),
    attempts: Type.Integer(),
    response: nullable(Type.String({ description: "The receiving server's reply" })),
    createdAt: IsoTimestamp,
    scheduledAt: nullable(IsoTimestamp),
    sentAt: nullable(IsoTimestamp),
    finishedAt: nullable(IsoTimestamp),
    nextAttemptAt: nullable(IsoTimestamp),
    firstViewAt: nullable(IsoTimestamp),
    lastViewAt: nullable(IsoTimestamp),
    lastMoveAt: nullable(IsoTimestamp),
    views: Type.Integer(),
    moves: Type.Integer(),
    lastIp: nullable(Type.String()),
    lastOs: nullable(Type.String()),
    lastDevice: nullable(Type.String()),
    unsubscribeReason: nullable(Type.String()),
  },
  { $id: 'Message' },
);

export const MessageList = Type.Object({ items: Type.Array(ref(MessageSchema)), total: Type.Integer() });

export const MessageListQuery = Type.Object(
  {
    status: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

export const MessageEventList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      type: Type.String({ description: 'queued, sent, deferred, failed, delivered, open, click, unsubscribe, complaint' }),
      at: IsoTimestamp,
      detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
    }),
  ),
});

export const StatsQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day (account time zone)' }),
    to: Type.String({ format: 'date', description: 'Last day, inclusive; at most 366 days after `from`' }),
  },
  { additionalProperties: false },
);

export const DailyStats = Type.Object({
  timeZone: Type.String(),
  days: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), counts: Type.Record(Type.String(), Type.Integer()) })),
});

export function toEmailToSend(body: EmailCreateBody): EmailToSend {
  return { ...requestFields(body), from: body.from ?? '', subject: body.subject ?? '' };
}

/** Only the fields the request gave (a template fills the others). */
export function requestFields(body: EmailCreateBody): Partial<EmailToSend> & { to: string } {
  return {
    to: body.to,
    ...(body.from !== undefined ? { from: body.from } : {}),
    ...(body.subject !== undefined ? { subject: body.subject } : {}),
    ...(body.fromName !== undefined ? { fromName: body.fromName } : {}),
    ...(body.html !== undefined ? { html: body.html } : {}),
    ...(body.text !== undefined ? { text: body.text } : {}),
    ...(body.headers !== undefined ? { headers: body.headers } : {}),
    ...(body.attachments !== undefined ? { attachments: body.attachments.map((a) => ({ name: a.name, base64: a.content, ...(a.contentType ? { contentType: a.contentType } : {}) })) } : {}),
    ...(body.sendAt !== undefined ? { sendAt: new Date(body.sendAt) } : {}),
    ...(body.trackOpens !== undefined ? { trackOpens: body.trackOpens } : {}),
    ...(body.trackClicks !== undefined ? { trackClicks: body.trackClicks } : {}),
    ...(body.unsubscribeFormId !== undefined ? { unsubscribeFormId: body.unsubscribeFormId } : {}),
  };
}

export type MessageDto = Static<typeof MessageSchema>;
export const toMessageDto = (m: MessageView): MessageDto => m;
export const toEventDto = (e: MessageEventView) => e;

export const SmsCreate = inputObject(
  {
    to: Type.String({ description: 'Recipient number; normalised to E.164 (the account default country applies to national forms)', maxLength: 40 }),
    text: Type.String({ minLength: 1, description: 'GSM 03.38 text goes as 7-bit (160/153 per part), anything else as UCS-2 (70/67)' }),
    from: Type.String({ maxLength: 20, description: 'A sender id registered for the account; otherwise its default' }),
    sendAt: Type.String({ format: 'date-time', description: 'Send at this time (past or absent: now)' }),
    validityMinutes: Type.Integer({ minimum: 60, maximum: 1440, default: 1440 }),
    flash: Type.Boolean({ description: 'Class 0 ("flash") SMS', default: false }),
  },
  ['to', 'text'],
  { title: 'SmsCreate' },
);

export const SmsAccepted = Type.Object(
  {
    id: Type.Integer({ description: 'Message id' }),
    campaignId: Type.Integer(),
    segments: Type.Integer(),
    cost: Type.Number({ description: 'Charged from the balance, in the account currency (0 when not metered)' }),
  },
  { description: 'Stored and queued' },
);
