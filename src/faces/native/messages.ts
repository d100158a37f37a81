import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { acceptEmails } from '../../core/messages/accept.js';
import { getMessage, listMessageEvents, listMessages } from '../../core/messages/read.js';
import { readDailyStats } from '../../core/stats/daily-stats.js';
import { dayRange } from '../../core/stats/stat-day.js';
import { counterWireName, STAT_COUNTERS } from '../../core/stats/counters.js';
import { ValidationError } from '../../core/errors.js';
import type { EmailToSend } from '../../core/messages/email-input.js';
import type { AccountScope } from '../../core/context.js';
import { emailsFromTemplates } from '../../core/templates/render-email.js';
import { scopeOf } from './auth.js';
import { IdParams, errorResponses, ref } from './common.schemas.js';
import {
  Accepted,
  DailyStats,
  EmailBatch,
  EmailCreate,
  MessageEventList,
  MessageList,
  MessageListQuery,
  MessageSchema,
  requestFields,
  type EmailCreateBody,
  StatsQuery,
  toEmailToSend,
  toMessageDto,
  SmsAccepted,
  SmsCreate,
} from './messages.schemas.js';
import { acceptSingleSms } from '../../core/sms/single-send.js';

const tags = ['Messages'];

/** Request bodies → emails, rendering the ones that name a template (each template read once per request). */
async function toEmails(scope: AccountScope, bodies: readonly EmailCreateBody[]): Promise<EmailToSend[]> {
  const prefix = (i: number): string => (bodies.length > 1 ? `messages[${i}].` : '');
  const templated: number[] = [];
  bodies.forEach((body, i) => {
    if (body.templateId !== undefined) templated.push(i);
    else if (body.variables !== undefined) throw ValidationError.single(`${prefix(i)}variables`, 'not_allowed', 'variables need a templateId');
  });
  const emails = bodies.map((body) => (body.templateId === undefined ? toEmailToSend(body) : null));
  if (templated.length === 0) return emails as EmailToSend[];
  const items = templated.map((i) => {
    const body = bodies[i]!;
    return { templateId: body.templateId!, variables: body.variables ?? {}, email: requestFields(body) };
  });
  const rendered = await emailsFromTemplates(scope, items, (j) => prefix(templated[j]!));
  templated.forEach((i, j) => (emails[i] = rendered[j]!));
  return emails as EmailToSend[];
}
const Message = ref(MessageSchema, 'The message');

export const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/messages/email',
    {
      schema: {
        tags,
        operationId: 'sendEmail',
        summary: 'Send one email',
        description: 'Answers once the message is stored; delivery happens in the background. Follow it with GET /messages/{id}.',
        body: EmailCreate,
        response: { 202: Accepted, ...errorResponses(400, 401, 413, 415, 422, 500) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      return reply.code(202).send({ ids: await acceptEmails(scope, await toEmails(scope, [request.body]), { source: 'native' }) });
    },
  );

  app.post(
    '/messages/email/batch',
    {
      schema: {
        tags,
        operationId: 'sendEmailBatch',
        summary: 'Send up to 500 emails in one request',
        body: EmailBatch,
        response: { 202: Accepted, ...errorResponses(400, 401, 413, 415, 422, 500) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      return reply.code(202).send({ ids: await acceptEmails(scope, await toEmails(scope, request.body.messages), { source: 'native' }) });
    },
  );

  app.post(
    '/messages/sms',
    {
      schema: {
        tags,
        operationId: 'sendSms',
        summary: 'Send one SMS',
        description: 'Judged by the campaign rules (number, stop-list, allowed countries, price), charged per segment, then sent over the SMPP route its number chooses. 422 `recipient_refused` names the Mobizon per-recipient code.',
        body: SmsCreate,
        response: { 202: SmsAccepted, ...errorResponses(400, 401, 413, 415, 422, 500) },
      },
    },
    async (request, reply) => {
      const { to, text, from, sendAt, validityMinutes, flash } = request.body;
      const accepted = await acceptSingleSms(
        scopeOf(request),
        { to, text, ...(from ? { from } : {}), ...(sendAt ? { sendAt: new Date(sendAt) } : {}), ...(validityMinutes ? { validityMinutes } : {}), ...(flash ? { flash } : {}) },
        'native',
      );
      return reply.code(202).send({ id: accepted.messageId, campaignId: accepted.campaignId, segments: accepted.segments, cost: accepted.costMicros / 1_000_000 });
    },
  );

  app.get(
    '/messages',
    { schema: { tags, operationId: 'listMessages', summary: 'List messages, newest first', querystring: MessageListQuery, response: { 200: MessageList, ...errorResponses(400, 401, 500) } } },
    async (request) => {
      const { status, limit, offset } = request.query;
      const page = await listMessages(scopeOf(request), { ...(status ? { status } : {}), limit: limit ?? 100, offset: offset ?? 0 });
      return { items: page.items.map(toMessageDto), total: page.total };
    },
  );

  app.get(
    '/messages/:id',
    { schema: { tags, operationId: 'getMessage', summary: 'Status and tracking of a message', params: IdParams, response: { 200: Message, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toMessageDto(await getMessage(scopeOf(request), request.params.id)),
  );

  app.get(
    '/messages/:id/events',
    { schema: { tags, operationId: 'listMessageEvents', summary: 'Everything that happened to a message', params: IdParams, response: { 200: MessageEventList, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => ({ items: await listMessageEvents(scopeOf(request), request.params.id) }),
  );

  app.get(
    '/stats/email',
    {
      schema: {
        tags: ['Statistics'],
        operationId: 'getEmailStats',
        summary: 'Email counters per day in the account time zone',
        querystring: StatsQuery,
        response: { 200: DailyStats, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const { from, to } = request.query;
      if (to < from) throw ValidationError.single('to', 'invalid', 'to must not be before from');
      if (Date.parse(to) - Date.parse(from) > 366 * 86400_000) throw ValidationError.single('to', 'invalid', 'at most 366 days per query');
      const account = await scope.db.selectFrom('accounts').select('timeZone').where('id', '=', scope.accountId).executeTakeFirstOrThrow();
      const stats = await readDailyStats(scope, 'email', dayRange(from, to));
      return {
        timeZone: account.timeZone,
        days: [...stats].map(([day, counts]) => ({ day, counts: Object.fromEntries(STAT_COUNTERS.map((c) => [counterWireName(c), counts[c]])) })),
      };
    },
  );
};
