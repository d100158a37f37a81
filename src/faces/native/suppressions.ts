import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addSuppression, listSuppressions, removeSuppression } from '../../core/suppression/suppressions.js';
import { NotFoundError } from '../../core/errors.js';
import { scopeOf } from './auth.js';
import { NoContent, errorResponses } from './common.schemas.js';
import { AddressParams, SuppressionCreate, SuppressionList, SuppressionListQuery, toSuppressionDto } from './suppressions.schemas.js';

const tags = ['Suppression list'];

/**
 * The account's suppression list: addresses that unsubscribed, complained or hard-bounced (added by
 * the pipeline) or were added by hand. Sending to one is refused with 422 `recipient_suppressed`.
 */
export const suppressionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/suppressions',
    { schema: { tags, operationId: 'listSuppressions', summary: 'List suppressed addresses, newest first', querystring: SuppressionListQuery, response: { 200: SuppressionList, ...errorResponses(400, 401, 500) } } },
    async (request) => {
      const page = await listSuppressions(scopeOf(request), { limit: request.query.limit ?? 100, offset: request.query.offset ?? 0 });
      return { items: page.items.map(toSuppressionDto), total: page.total };
    },
  );

  app.post(
    '/suppressions',
    {
      schema: {
        tags,
        operationId: 'addSuppression',
        summary: 'Suppress an address',
        description: 'Idempotent: an address already on the list keeps its first reason.',
        body: SuppressionCreate,
        response: { 204: Type.Null({ description: 'Suppressed' }), ...errorResponses(400, 401, 413, 415, 500) },
      },
    },
    async (request, reply) => {
      await addSuppression(scopeOf(request), request.body.address);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/suppressions/:address',
    {
      schema: {
        tags,
        operationId: 'removeSuppression',
        summary: 'Let an address receive mail again',
        params: AddressParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      if (!(await removeSuppression(scopeOf(request), request.params.address))) throw new NotFoundError('Suppression', request.params.address);
      return reply.code(204).send(null);
    },
  );
};
