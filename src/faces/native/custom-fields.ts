import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createCustomField, deleteCustomField, getCustomField, listCustomFields, updateCustomField } from '../../core/audience/custom-fields/custom-fields.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import { CustomFieldCreate, CustomFieldList, CustomFieldSchema, CustomFieldUpdate, toCustomFieldDto, toCustomFieldInput } from './custom-fields.schemas.js';

const tags = ['Custom fields'];
const CustomField = ref(CustomFieldSchema, 'The custom field');

export const customFieldRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/custom-fields',
    { schema: { tags, operationId: 'listCustomFields', summary: 'List custom fields', response: { 200: CustomFieldList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: (await listCustomFields(scopeOf(request))).map(toCustomFieldDto) }),
  );

  app.get(
    '/custom-fields/:id',
    { schema: { tags, operationId: 'getCustomField', summary: 'Get a custom field', params: IdParams, response: { 200: CustomField, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toCustomFieldDto(await getCustomField(scopeOf(request), request.params.id)),
  );

  app.post(
    '/custom-fields',
    { schema: { tags, operationId: 'createCustomField', summary: 'Create a custom field', body: CustomFieldCreate, response: { 201: CustomField, ...errorResponses(400, 401, 409, 413, 415, 500) } } },
    async (request, reply) => reply.code(201).send(toCustomFieldDto(await createCustomField(scopeOf(request), toCustomFieldInput(request.body)))),
  );

  // PUT is accepted as the same partial update for clients whose HTTP layer only knows PUT.
  for (const [method, operationId, summary] of [
    ['PATCH', 'updateCustomField', 'Update a custom field (partial)'],
    ['PUT', 'putCustomField', 'Update a custom field (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/custom-fields/:id',
      schema: { tags, operationId, summary, params: IdParams, body: CustomFieldUpdate, response: { 200: CustomField, ...errorResponses(400, 401, 404, 409, 413, 415, 500) } },
      handler: async (request) => toCustomFieldDto(await updateCustomField(scopeOf(request), request.params.id, toCustomFieldInput(request.body))),
    });
  }

  app.delete(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        operationId: 'deleteCustomField',
        summary: 'Delete a custom field',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      await deleteCustomField(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
