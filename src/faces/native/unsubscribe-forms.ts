import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createUnsubscribeForm,
  deleteUnsubscribeForm,
  getUnsubscribeForm,
  listUnsubscribeForms,
  updateUnsubscribeForm,
} from '../../core/suppression/unsubscribe-forms.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import {
  UnsubscribeFormCreate,
  UnsubscribeFormList,
  UnsubscribeFormSchema,
  UnsubscribeFormUpdate,
  toUnsubscribeFormDto,
  toUnsubscribeFormInput,
} from './unsubscribe-forms.schemas.js';

const tags = ['Unsubscribe forms'];
const UnsubscribeForm = ref(UnsubscribeFormSchema, 'The unsubscribe form');

/** The hosted unsubscribe page's texts per form (the page lives at the `/u/…` link of each mail). */
export const unsubscribeFormRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/unsubscribe-forms',
    { schema: { tags, operationId: 'listUnsubscribeForms', summary: 'List unsubscribe forms', response: { 200: UnsubscribeFormList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: (await listUnsubscribeForms(scopeOf(request))).map(toUnsubscribeFormDto) }),
  );

  app.get(
    '/unsubscribe-forms/:id',
    { schema: { tags, operationId: 'getUnsubscribeForm', summary: 'Get an unsubscribe form', params: IdParams, response: { 200: UnsubscribeForm, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toUnsubscribeFormDto(await getUnsubscribeForm(scopeOf(request), request.params.id)),
  );

  app.post(
    '/unsubscribe-forms',
    {
      schema: {
        tags,
        operationId: 'createUnsubscribeForm',
        summary: 'Create an unsubscribe form',
        body: UnsubscribeFormCreate,
        response: { 201: UnsubscribeForm, ...errorResponses(400, 401, 413, 415, 500) },
      },
    },
    async (request, reply) => reply.code(201).send(toUnsubscribeFormDto(await createUnsubscribeForm(scopeOf(request), toUnsubscribeFormInput(request.body)))),
  );

  // PUT is accepted as the same partial update for clients whose HTTP layer only knows PUT.
  for (const [method, operationId, summary] of [
    ['PATCH', 'updateUnsubscribeForm', 'Update an unsubscribe form (partial)'],
    ['PUT', 'putUnsubscribeForm', 'Update an unsubscribe form (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/unsubscribe-forms/:id',
      schema: { tags, operationId, summary, params: IdParams, body: UnsubscribeFormUpdate, response: { 200: UnsubscribeForm, ...errorResponses(400, 401, 404, 413, 415, 500) } },
      handler: async (request) => toUnsubscribeFormDto(await updateUnsubscribeForm(scopeOf(request), request.params.id, toUnsubscribeFormInput(request.body))),
    });
  }

  app.delete(
    '/unsubscribe-forms/:id',
    {
      schema: {
        tags,
        operationId: 'deleteUnsubscribeForm',
        summary: 'Delete an unsubscribe form',
        description: 'Mail already sent with it shows the default form.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      await deleteUnsubscribeForm(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
