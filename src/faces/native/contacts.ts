import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createContact,
  deleteContact,
  findContactsByEmail,
  findContactsByPhone,
  getContact,
  listContacts,
  updateContact,
} from '../../core/audience/contacts/contacts.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import {
  ContactCreate,
  ContactList,
  ContactListQuery,
  ContactPageSchema,
  ContactSchema,
  ContactUpdate,
  EmailParams,
  PhoneParams,
  toContactDto,
  toContactFilter,
  toContactInput,
} from './contacts.schemas.js';

const tags = ['Contacts'];
const Contact = ref(ContactSchema, 'The contact');

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        operationId: 'listContacts',
        summary: 'List contacts, filtered and paginated',
        querystring: ContactListQuery,
        response: { 200: ContactPageSchema, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => {
      const filter = toContactFilter(request.query);
      const page = await listContacts(scopeOf(request), filter);
      return { items: page.items.map(toContactDto), total: page.total, limit: filter.limit, offset: filter.offset };
    },
  );

  app.get(
    '/contacts/by-email/:email',
    {
      schema: {
        tags,
        operationId: 'findContactsByEmail',
        summary: 'Find contacts by email address',
        description: 'Case-insensitive exact match.',
        params: EmailParams,
        response: { 200: ContactList, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => ({ items: (await findContactsByEmail(scopeOf(request), request.params.email)).map(toContactDto) }),
  );

  app.get(
    '/contacts/by-phone/:phone',
    {
      schema: {
        tags,
        operationId: 'findContactsByPhone',
        summary: 'Find contacts by telephone, mobile or fax number',
        params: PhoneParams,
        response: { 200: ContactList, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => ({ items: (await findContactsByPhone(scopeOf(request), request.params.phone)).map(toContactDto) }),
  );

  app.get(
    '/contacts/:id',
    { schema: { tags, operationId: 'getContact', summary: 'Get a contact', params: IdParams, response: { 200: Contact, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toContactDto(await getContact(scopeOf(request), request.params.id)),
  );

  app.post(
    '/contacts',
    { schema: { tags, operationId: 'createContact', summary: 'Create a contact', body: ContactCreate, response: { 201: Contact, ...errorResponses(400, 401, 409, 413, 415, 500) } } },
    async (request, reply) => reply.code(201).send(toContactDto(await createContact(scopeOf(request), toContactInput(request.body)))),
  );

  // PUT is accepted as the same partial update for clients whose HTTP layer only knows PUT.
  for (const [method, operationId, summary] of [
    ['PATCH', 'updateContact', 'Update a contact (partial)'],
    ['PUT', 'putContact', 'Update a contact (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/contacts/:id',
      schema: { tags, operationId, summary, params: IdParams, body: ContactUpdate, response: { 200: Contact, ...errorResponses(400, 401, 404, 409, 413, 415, 500) } },
      handler: async (request) => toContactDto(await updateContact(scopeOf(request), request.params.id, toContactInput(request.body))),
    });
  }

  app.delete(
    '/contacts/:id',
    { schema: { tags, operationId: 'deleteContact', summary: 'Delete a contact', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) } } },
    async (request, reply) => {
      await deleteContact(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
