import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createOffice, deleteOffice, getOffice, listOffices, updateOffice } from '../../core/audience/offices/offices.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import { OfficeCreate, OfficeList, OfficeSchema, OfficeUpdate, toOfficeDto, toOfficeInput } from './offices.schemas.js';

const tags = ['Offices'];
const Office = ref(OfficeSchema, 'The office');

export const officeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/offices',
    { schema: { tags, operationId: 'listOffices', summary: 'List offices', response: { 200: OfficeList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: (await listOffices(scopeOf(request))).map(toOfficeDto) }),
  );

  app.get(
    '/offices/:id',
    { schema: { tags, operationId: 'getOffice', summary: 'Get an office', params: IdParams, response: { 200: Office, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toOfficeDto(await getOffice(scopeOf(request), request.params.id)),
  );

  app.post(
    '/offices',
    { schema: { tags, operationId: 'createOffice', summary: 'Create an office', body: OfficeCreate, response: { 201: Office, ...errorResponses(400, 401, 409, 413, 415, 500) } } },
    async (request, reply) => reply.code(201).send(toOfficeDto(await createOffice(scopeOf(request), toOfficeInput(request.body)))),
  );

  // PUT is accepted as the same partial update for clients whose HTTP layer only knows PUT.
  for (const [method, operationId, summary] of [
    ['PATCH', 'updateOffice', 'Update an office (partial)'],
    ['PUT', 'putOffice', 'Update an office (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/offices/:id',
      schema: { tags, operationId, summary, params: IdParams, body: OfficeUpdate, response: { 200: Office, ...errorResponses(400, 401, 404, 409, 413, 415, 500) } },
      handler: async (request) => toOfficeDto(await updateOffice(scopeOf(request), request.params.id, toOfficeInput(request.body))),
    });
  }

  app.delete(
    '/offices/:id',
    {
      schema: {
        tags,
        operationId: 'deleteOffice',
        summary: 'Delete an office',
        description: 'Refused with 409 while contacts still belong to the office.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 409, 413, 415, 500) },
      },
    },
    async (request, reply) => {
      await deleteOffice(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
