import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from '../../core/templates/templates.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import { TemplateCreate, TemplateList, TemplateSchema, TemplateUpdate, toTemplateDto, toTemplateInput } from './templates.schemas.js';

const tags = ['Templates'];
const Template = ref(TemplateSchema, 'The template');

export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/templates',
    { schema: { tags, operationId: 'listTemplates', summary: 'List templates', response: { 200: TemplateList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: (await listTemplates(scopeOf(request))).map(toTemplateDto) }),
  );

  app.get(
    '/templates/:id',
    { schema: { tags, operationId: 'getTemplate', summary: 'Get a template', params: IdParams, response: { 200: Template, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toTemplateDto(await getTemplate(scopeOf(request), request.params.id)),
  );

  app.post(
    '/templates',
    {
      schema: {
        tags,
        operationId: 'createTemplate',
        summary: 'Create a template',
        description:
          'A liquid template is checked when saved (errors name the field, line and column). An emv template (SmartFocus notification) gets its `random` and `encrypt`, which the SmartFocus client sends to /NMSREST and /NMSXML.',
        body: TemplateCreate,
        response: { 201: Template, ...errorResponses(400, 401, 413, 415, 500) },
      },
    },
    async (request, reply) => reply.code(201).send(toTemplateDto(await createTemplate(scopeOf(request), toTemplateInput(request.body)))),
  );

  for (const [method, operationId, summary] of [
    ['PATCH', 'updateTemplate', 'Update a template (partial)'],
    ['PUT', 'putTemplate', 'Update a template (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/templates/:id',
      schema: { tags, operationId, summary, params: IdParams, body: TemplateUpdate, response: { 200: Template, ...errorResponses(400, 401, 404, 413, 415, 500) } },
      handler: async (request) => toTemplateDto(await updateTemplate(scopeOf(request), request.params.id, toTemplateInput(request.body))),
    });
  }

  app.delete(
    '/templates/:id',
    { schema: { tags, operationId: 'deleteTemplate', summary: 'Delete a template', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 413, 415, 500) } } },
    async (request, reply) => {
      await deleteTemplate(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
