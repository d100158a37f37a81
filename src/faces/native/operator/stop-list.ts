import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../../core/context.js';
import { addToStopList, listStopList, removeFromStopList } from '../../../core/sms/stop-list.js';
import { NoContent } from '../common.schemas.js';
import { NumberParams, StopListAdded, StopListCreate, StopListPage, StopListQuery } from '../sms-stop-list.schemas.js';
import { OPERATOR_DESCRIPTION, operatorErrors } from './schemas.js';

const tags = ['Operator'];

/** The system stop-list: numbers no account may send SMS to. */
export function operatorStopListRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sms/stop-list',
      { schema: { tags, operationId: 'operatorListStopList', summary: 'List the system stop-list', description: OPERATOR_DESCRIPTION, querystring: StopListQuery, response: { 200: StopListPage, ...operatorErrors(400, 500) } } },
      async (request) => {
        const { limit, offset, search } = request.query;
        return listStopList(core.db, null, { limit: limit ?? 100, offset: offset ?? 0, ...(search ? { search } : {}) });
      },
    );

    app.post(
      '/sms/stop-list',
      {
        schema: {
          tags,
          operationId: 'operatorAddStopList',
          summary: 'Add numbers to the system stop-list',
          description: `${OPERATOR_DESCRIPTION} Numbers must be international (no default country applies) and are kept in E.164; SMS to them is refused for every account with recipient code 5.`,
          body: StopListCreate,
          response: { 201: StopListAdded, ...operatorErrors(400, 413, 415, 500) },
        },
      },
      async (request, reply) => reply.code(201).send({ items: await addToStopList(core.db, null, request.body.numbers) }),
    );

    app.delete(
      '/sms/stop-list/:number',
      { schema: { tags, operationId: 'operatorRemoveStopList', summary: 'Take a number off the system stop-list', description: OPERATOR_DESCRIPTION, params: NumberParams, response: { 204: NoContent, ...operatorErrors(400, 404, 500) } } },
      async (request, reply) => {
        await removeFromStopList(core.db, null, request.params.number);
        return reply.code(204).send(null);
      },
    );
  };
}
