import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addSenderId, deleteSenderId, listSenderIds, makeDefaultSenderId } from '../../core/sms/sender-ids.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses } from './common.schemas.js';
import { SmsSenderId, SmsSenderIdCreate, SmsSenderIdList, SmsSenderIdUpdate } from './sms-sender-ids.schemas.js';

const tags = ['SMS'];

/** The account's SMS sender ids: sends naming another sender go out from the default. */
export const smsSenderIdRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sms/sender-ids',
    { schema: { tags, operationId: 'listSmsSenderIds', summary: 'List registered SMS sender ids', response: { 200: SmsSenderIdList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: await listSenderIds(scopeOf(request)) }),
  );

  app.post(
    '/sms/sender-ids',
    {
      schema: {
        tags,
        operationId: 'createSmsSenderId',
        summary: 'Register an SMS sender id',
        description: 'Alphanumeric ids have at most 11 characters and a letter; numeric ids at most 15 digits. 409 when the name is registered already.',
        body: SmsSenderIdCreate,
        response: { 201: SmsSenderId, ...errorResponses(400, 401, 409, 413, 415, 500) },
      },
    },
    async (request, reply) => reply.code(201).send(await addSenderId(scopeOf(request), request.body)),
  );

  app.patch(
    '/sms/sender-ids/:id',
    { schema: { tags, operationId: 'updateSmsSenderId', summary: 'Make a sender id the default', params: IdParams, body: SmsSenderIdUpdate, response: { 200: SmsSenderId, ...errorResponses(400, 401, 404, 415, 500) } } },
    async (request) => makeDefaultSenderId(scopeOf(request), request.params.id),
  );

  app.delete(
    '/sms/sender-ids/:id',
    {
      schema: {
        tags,
        operationId: 'deleteSmsSenderId',
        summary: 'Delete a sender id',
        description: 'Deleting the default makes the oldest remaining sender id the default.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      await deleteSenderId(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
