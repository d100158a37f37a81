import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccountScope, CoreContext } from '../../core/context.js';
import { getAccountSettings } from '../../core/accounts/settings.js';
import { formatWallClock } from '../../wire/wall-clock.js';
import type { CampaignInput } from '../../core/sms/campaigns/campaign-input.js';
import { campaignRow, createCampaign, deleteCampaign, getCampaign } from '../../core/sms/campaigns/campaigns.js';
import { searchCampaigns, type CampaignQuery } from '../../core/sms/campaigns/search.js';
import type { Bound } from '../../core/sms/campaigns/search-window.js';
import { InsufficientFundsError, sendCampaign } from '../../core/sms/campaigns/sending.js';
import { searchSmsMessages } from '../../core/sms/message-search.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import { errorBody } from './errors.js';
import { smsCampaignRecipientRoutes, withFieldNames } from './sms-campaign-recipients.js';
import { toSmsMessageDto } from './sms-messages.schemas.js';
import {
  CAMPAIGN_SORTS,
  PagingQuery,
  SendOutcomeSchema,
  SmsCampaignCreate,
  SmsCampaignListQuery,
  SmsCampaignMessagePage,
  SmsCampaignPage,
  SmsCampaignSchema,
  toSmsCampaignDto,
  typeNumber,
  type SmsCampaignCreateBody,
  type SmsCampaignListQueryType,
} from './sms-campaigns.schemas.js';

const tags = ['SMS campaigns'];
const Campaign = (description: string) => ref(SmsCampaignSchema, description);

const CREATE_FIELDS = { deferredToTs: 'deferredTo', validity: 'validityMinutes' };

function toCampaignInput(body: SmsCampaignCreateBody): CampaignInput {
  const { deferredTo, type, ...rest } = body;
  return { ...rest, type: typeNumber(type ?? 'mass'), deferredTo: deferredTo === undefined || deferredTo === null ? null : new Date(deferredTo) };
}

/** An instant → the core's search bound, which is wall-clock time in the account's zone. */
function boundOf(iso: string | undefined, timeZone: string): Bound | undefined {
  if (iso === undefined) return undefined;
  const wall = formatWallClock(new Date(iso).toISOString(), timeZone);
  return { date: wall.slice(0, 10), time: wall.slice(11) };
}

function range(from: Bound | undefined, to: Bound | undefined): { from?: Bound; to?: Bound } | undefined {
  if (!from && !to) return undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

async function campaignQuery(scope: AccountScope, q: SmsCampaignListQueryType): Promise<CampaignQuery> {
  const { timeZone } = await getAccountSettings(scope);
  const created = range(boundOf(q.createdFrom, timeZone), boundOf(q.createdTo, timeZone));
  const sent = range(boundOf(q.sentFrom, timeZone), boundOf(q.sentTo, timeZone));
  const query: CampaignQuery = {
    page: (q.page ?? 1) - 1,
    pageSize: q.pageSize ?? 50,
    sort: { field: CAMPAIGN_SORTS[q.sort ?? 'id'], direction: q.order ?? 'desc' },
    ...(created ? { created } : {}),
    ...(sent ? { sent } : {}),
  };
  if (q.ids !== undefined) query.ids = q.ids.split(',').map((s) => Number(s.trim()));
  if (q.type !== undefined) query.type = typeNumber(q.type);
  for (const key of ['status', 'from', 'text', 'recipient'] as const) if (q[key] !== undefined) query[key] = q[key];
  return query;
}

/** SMS campaigns: the same campaigns as Mobizon's campaign module, over the same core. */
export function smsCampaignRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sms/campaigns',
      {
        schema: {
          tags,
          operationId: 'createSmsCampaign',
          summary: 'Create an SMS campaign',
          description: 'The campaign is NEW: add recipients, then send it. Its text is final: with shortenLinks its URLs become short links now.',
          body: SmsCampaignCreate,
          response: { 201: Campaign('The new campaign'), ...errorResponses(400, 401, 413, 415, 500) },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const id = await withFieldNames(CREATE_FIELDS, () => createCampaign(scope, toCampaignInput(request.body), { source: 'native', publicUrl: core.publicUrl }));
        const now = new Date();
        return reply.code(201).header('location', `/api/v1/sms/campaigns/${id}`).send(toSmsCampaignDto(await getCampaign(scope, id, now), now));
      },
    );

    app.get(
      '/sms/campaigns',
      {
        schema: {
          tags,
          operationId: 'listSmsCampaigns',
          summary: 'Search SMS campaigns (paged, with counters)',
          description:
            "Every filter given must match. Time windows, as Mobizon campaign/list: without ids or any time, campaigns created since the start of yesterday (account time zone); a window is at most 90 days (a longer one keeps its last 90 days; one bound alone reaches 90 days from it). Newest first unless sorted otherwise.",
          querystring: SmsCampaignListQuery,
          response: { 200: SmsCampaignPage, ...errorResponses(400, 401, 500) },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        const query = await campaignQuery(scope, request.query);
        const now = new Date();
        const found = await searchCampaigns(scope, query, now);
        return { items: found.items.map((c) => toSmsCampaignDto(c, now)), total: found.total, page: query.page + 1, pageSize: query.pageSize };
      },
    );

    app.get(
      '/sms/campaigns/:id',
      { schema: { tags, operationId: 'getSmsCampaign', summary: 'Get an SMS campaign with its counters', params: IdParams, response: { 200: Campaign('The campaign'), ...errorResponses(400, 401, 404, 500) } } },
      async (request) => {
        const now = new Date();
        return toSmsCampaignDto(await getCampaign(scopeOf(request), request.params.id, now), now);
      },
    );

    app.delete(
      '/sms/campaigns/:id',
      {
        schema: {
          tags,
          operationId: 'deleteSmsCampaign',
          summary: 'Delete an SMS campaign that has not started',
          description: 'With its messages; what sending it charged comes back to the balance. A deferred campaign can be deleted until 5 minutes before its start; 409 once it runs.',
          params: IdParams,
          response: { 204: NoContent, ...errorResponses(400, 401, 404, 409, 500) },
        },
      },
      async (request, reply) => {
        await deleteCampaign(scopeOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/sms/campaigns/:id/send',
      {
        schema: {
          tags,
          operationId: 'sendSmsCampaign',
          summary: 'Send an SMS campaign',
          description:
            'Charges its cost (all or nothing: 422 insufficient_funds) and hands it to a moderator (MODERATION) or to sending (AUTO_READY_FOR_SEND; at deferredTo when set). 409 when it is not NEW, has no recipients or recipients are still being added.',
          params: IdParams,
          response: { 200: SendOutcomeSchema, ...errorResponses(400, 401, 404, 409, 422, 500) },
        },
      },
      async (request, reply) => {
        try {
          const outcome = await sendCampaign(scopeOf(request), request.params.id);
          return { status: outcome === 1 ? ('MODERATION' as const) : ('AUTO_READY_FOR_SEND' as const) };
        } catch (err) {
          // The core's refusal is a state conflict (Mobizon code 10); this API answers every lack of money with 422.
          if (!(err instanceof InsufficientFundsError)) throw err;
          return reply.code(422).send(errorBody('insufficient_funds', err.message, [{ field: 'balance', code: 'not_allowed', message: err.message }]));
        }
      },
    );

    app.get(
      '/sms/campaigns/:id/messages',
      {
        schema: {
          tags,
          operationId: 'listSmsCampaignMessages',
          summary: "The campaign's messages (paged)",
          description: 'Status, segments and cost of each; NEW until the campaign is sent. `GET /sms/messages?campaignIds=` searches them with more filters.',
          params: IdParams,
          querystring: PagingQuery,
          response: { 200: SmsCampaignMessagePage, ...errorResponses(400, 401, 404, 500) },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        await campaignRow(scope, request.params.id);
        const page = request.query.page ?? 1;
        const pageSize = request.query.pageSize ?? 50;
        const found = await searchSmsMessages(scope, { campaignIds: [request.params.id] }, { limit: pageSize, offset: (page - 1) * pageSize, sort: { field: 'id', direction: 'asc' } });
        return { items: found.items.map(toSmsMessageDto), total: found.total, page, pageSize };
      },
    );

    await app.register(smsCampaignRecipientRoutes(core));
  };
}
