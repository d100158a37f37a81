import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.js';
import { createLink, deleteLinks, getLink, updateLink, type LinkUpdate } from '../../core/sms/links/links.js';
import { listLinks, type LinkCriteria, type LinkSortField } from '../../core/sms/links/list.js';
import { linkStats } from '../../core/sms/links/stats.js';
import { NotFoundError } from '../../core/errors.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import {
  ShortLinkCreate,
  ShortLinkListQuery,
  ShortLinkPage,
  ShortLinkSchema,
  ShortLinkStats,
  ShortLinkStatsQuery,
  ShortLinkUpdate,
  toShortLinkDto,
  toShortLinkStatsDto,
  type ShortLinkUpdateBody,
} from './sms-links.schemas.js';

const tags = ['SMS short links'];
const ShortLink = ref(ShortLinkSchema, 'The short link');

const SORTS = { createdAt: 'createdAt', expirationDate: 'expirationDate', clicks: 'clickCnt', redirects: 'redirectCnt', code: 'code', fullLink: 'fullLink', id: 'id' } as const satisfies Record<string, LinkSortField>;

function toUpdate(body: ShortLinkUpdateBody): LinkUpdate {
  const out: LinkUpdate = {};
  if (body.fullLink !== undefined) out.fullLink = body.fullLink;
  if (body.active !== undefined) out.status = body.active ? 1 : 0;
  if (body.expirationDate !== undefined) out.expirationDate = body.expirationDate;
  if (body.comment !== undefined) out.comment = body.comment;
  return out;
}

/** The account's short links for SMS (the same links as Mobizon's link module) and their statistics. */
export function smsLinkRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sms/links',
      {
        schema: {
          tags,
          operationId: 'createSmsLink',
          summary: 'Create a short link',
          description: 'The short link `{publicUrl}/s/{code}` redirects to fullLink while active and not past expirationDate; every click is counted.',
          body: ShortLinkCreate,
          response: { 201: ShortLink, ...errorResponses(400, 401, 413, 415, 500) },
        },
      },
      async (request, reply) => {
        const { fullLink, active, expirationDate, comment } = request.body;
        const link = await createLink(scopeOf(request), {
          fullLink,
          ...(active !== undefined ? { status: active ? 1 : 0 } : {}),
          ...(expirationDate !== undefined ? { expirationDate } : {}),
          ...(comment !== undefined ? { comment } : {}),
        });
        return reply.code(201).send(toShortLinkDto(link, core.publicUrl));
      },
    );

    app.get(
      '/sms/links',
      { schema: { tags, operationId: 'listSmsLinks', summary: 'List short links (paged)', querystring: ShortLinkListQuery, response: { 200: ShortLinkPage, ...errorResponses(400, 401, 500) } } },
      async (request) => {
        const q = request.query;
        const criteria: LinkCriteria = {};
        if (q.status !== undefined) criteria.status = q.status === 'active' ? 1 : 0;
        if (q.campaignId !== undefined) criteria.campaignId = q.campaignId;
        if (q.search !== undefined) criteria.query = q.search;
        if (q.createdFrom !== undefined) criteria.createdFrom = new Date(q.createdFrom).toISOString();
        if (q.createdTo !== undefined) criteria.createdTo = new Date(q.createdTo).toISOString();
        const limit = q.limit ?? 50;
        const offset = q.offset ?? 0;
        const result = await listLinks(scopeOf(request), criteria, { limit, offset, sort: { field: SORTS[q.sort ?? 'createdAt'], direction: q.order ?? 'desc' } });
        return { items: result.items.map((l) => toShortLinkDto(l, core.publicUrl)), total: result.total, limit, offset };
      },
    );

    app.get(
      '/sms/links/:id',
      { schema: { tags, operationId: 'getSmsLink', summary: 'Get a short link', params: IdParams, response: { 200: ShortLink, ...errorResponses(400, 401, 404, 500) } } },
      async (request) => toShortLinkDto(await getLink(scopeOf(request), { id: request.params.id }), core.publicUrl),
    );

    app.patch(
      '/sms/links/:id',
      {
        schema: {
          tags,
          operationId: 'updateSmsLink',
          summary: 'Update a short link (partial)',
          description: 'expirationDate null removes the date. The code, and so the short link, never changes.',
          params: IdParams,
          body: ShortLinkUpdate,
          response: { 200: ShortLink, ...errorResponses(400, 401, 404, 413, 415, 500) },
        },
      },
      async (request) => toShortLinkDto(await updateLink(scopeOf(request), request.params.id, toUpdate(request.body)), core.publicUrl),
    );

    app.delete(
      '/sms/links/:id',
      {
        schema: {
          tags,
          operationId: 'deleteSmsLink',
          summary: 'Delete a short link',
          description: 'With its per-recipient codes and click log; the short link answers 404 from then on.',
          params: IdParams,
          response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
        },
      },
      async (request, reply) => {
        const result = await deleteLinks(scopeOf(request), [request.params.id]);
        if (result.processed.length === 0) throw new NotFoundError('Short link', request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/sms/links/:id/stats',
      {
        schema: {
          tags,
          operationId: 'getSmsLinkStats',
          summary: 'Clicks and redirects of a short link per period',
          description: 'Without from/to: the longest window of the type ending now; only from, or a window too long: the longest from `from`; only to: the longest ending then.',
          params: IdParams,
          querystring: ShortLinkStatsQuery,
          response: { 200: ShortLinkStats, ...errorResponses(400, 401, 404, 500) },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        await getLink(scope, { id: request.params.id });
        const q = request.query;
        const stats = await linkStats(scope, [request.params.id], q.type ?? 'daily', { from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null });
        return toShortLinkStatsDto(stats);
      },
    );
  };
}
