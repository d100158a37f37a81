import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addToStopList, listStopList, removeFromStopList } from '../../core/sms/stop-list.js';
import { scopeOf } from './auth.js';
import { NoContent, errorResponses } from './common.schemas.js';
import { NumberParams, StopListAdded, StopListCreate, StopListPage, StopListQuery } from './sms-stop-list.schemas.js';

const tags = ['SMS'];

/** The account's own stop-list; the operator's system list applies on top of it. */
export const smsStopListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sms/stop-list',
    { schema: { tags, operationId: 'listSmsStopList', summary: "List the account's stop-listed numbers", querystring: StopListQuery, response: { 200: StopListPage, ...errorResponses(400, 401, 500) } } },
    async (request) => {
      const { limit, offset, search } = request.query;
      const scope = scopeOf(request);
      return listStopList(scope.db, scope.accountId, { limit: limit ?? 100, offset: offset ?? 0, ...(search ? { search } : {}) });
    },
  );

  app.post(
    '/sms/stop-list',
    {
      schema: {
        tags,
        operationId: 'addSmsStopList',
        summary: 'Stop-list numbers',
        description: 'Numbers are read like recipients (national notation in the account default country) and kept in E.164. SMS to them is refused with recipient code 5. One unreadable number adds nothing (400).',
        body: StopListCreate,
        response: { 201: StopListAdded, ...errorResponses(400, 401, 413, 415, 500) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      return reply.code(201).send({ items: await addToStopList(scope.db, scope.accountId, request.body.numbers) });
    },
  );

  app.delete(
    '/sms/stop-list/:number',
    { schema: { tags, operationId: 'removeSmsStopList', summary: 'Take a number off the stop-list', params: NumberParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) } } },
    async (request, reply) => {
      const scope = scopeOf(request);
      await removeFromStopList(scope.db, scope.accountId, request.params.number);
      return reply.code(204).send(null);
    },
  );
};
