import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { searchSmsMessages, type SmsMessageCriteria } from '../../core/sms/message-search.js';
import { scopeOf } from './auth.js';
import { errorResponses } from './common.schemas.js';
import { SmsMessageList, SmsMessageListQuery, toSmsMessageDto, type SmsMessageListQueryType } from './sms-messages.schemas.js';

const tags = ['SMS'];

const ids = (csv: string): number[] => csv.split(',').map((s) => Number(s.trim()));

/** The query's filters as search criteria (the same ones Mobizon message/list takes). */
function criteriaOf(q: SmsMessageListQueryType): SmsMessageCriteria {
  const c: SmsMessageCriteria = {};
  if (q.campaignIds !== undefined) c.campaignIds = ids(q.campaignIds);
  if (q.groups !== undefined) c.groups = ids(q.groups);
  for (const key of ['from', 'to', 'text', 'status', 'campaignStatus'] as const) if (q[key] !== undefined) c[key] = q[key];
  const times = ['campaignCreatedFrom', 'campaignCreatedTo', 'campaignSentFrom', 'campaignSentTo', 'sentFrom', 'sentTo', 'statusUpdatedFrom', 'statusUpdatedTo'] as const;
  // Stored times are UTC ISO strings; a filter given with an offset is compared as the same instant.
  for (const key of times) if (q[key] !== undefined) c[key] = new Date(q[key]).toISOString();
  return c;
}

export const smsMessageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sms/messages',
    {
      schema: {
        tags,
        operationId: 'listSmsMessages',
        summary: 'Search the account\'s SMS',
        description: 'Filters as Mobizon message/list: campaigns, sender, part of the number, text, status, contact groups, campaign status and time ranges. Newest first unless sorted otherwise.',
        querystring: SmsMessageListQuery,
        response: { 200: SmsMessageList, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => {
      const q = request.query;
      const found = await searchSmsMessages(scopeOf(request), criteriaOf(q), { limit: q.limit ?? 100, offset: q.offset ?? 0, sort: { field: q.sort ?? 'id', direction: q.order ?? 'desc' } });
      return { items: found.items.map(toSmsMessageDto), total: found.total };
    },
  );
};
