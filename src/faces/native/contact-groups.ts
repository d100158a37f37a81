import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createGroups, deleteGroup, getGroup, listGroups, updateGroup } from '../../core/audience/groups/groups.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, definedOnly, errorResponses, ref } from './common.schemas.js';
import {
  ContactGroupCreate,
  ContactGroupList,
  ContactGroupListQuery,
  ContactGroupSchema,
  ContactGroupUpdate,
  toContactGroupDto,
  toCreateGroupsInput,
  toGroupPatch,
} from './contact-groups.schemas.js';

const tags = ['Contact groups'];
const ContactGroup = ref(ContactGroupSchema, 'The contact group');

export const contactGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/contact-groups',
    {
      schema: {
        tags,
        operationId: 'listContactGroups',
        summary: 'List contact groups',
        querystring: ContactGroupListQuery,
        response: { 200: ContactGroupList, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => ({ items: (await listGroups(scopeOf(request), definedOnly({ officeId: request.query.officeId }))).map(toContactGroupDto) }),
  );

  app.get(
    '/contact-groups/:id',
    { schema: { tags, operationId: 'getContactGroup', summary: 'Get a contact group', params: IdParams, response: { 200: ContactGroup, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toContactGroupDto(await getGroup(scopeOf(request), request.params.id)),
  );

  app.post(
    '/contact-groups',
    {
      schema: {
        tags,
        operationId: 'createContactGroups',
        summary: 'Create a group in one or more offices',
        description: 'Creates one group per office, all sharing a common id, and returns them all.',
        body: ContactGroupCreate,
        response: { 201: ContactGroupList, ...errorResponses(400, 401, 409, 413, 415, 500) },
      },
    },
    async (request, reply) => {
      const groups = await createGroups(scopeOf(request), toCreateGroupsInput(request.body));
      return reply.code(201).send({ items: groups.map(toContactGroupDto) });
    },
  );

  // PUT is accepted as the same partial update for clients whose HTTP layer only knows PUT.
  for (const [method, operationId, summary] of [
    ['PATCH', 'updateContactGroup', 'Rename a contact group'],
    ['PUT', 'putContactGroup', 'Rename a contact group (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/contact-groups/:id',
      schema: { tags, operationId, summary, params: IdParams, body: ContactGroupUpdate, response: { 200: ContactGroup, ...errorResponses(400, 401, 404, 409, 413, 415, 500) } },
      handler: async (request) => toContactGroupDto(await updateGroup(scopeOf(request), request.params.id, toGroupPatch(request.body))),
    });
  }

  app.delete(
    '/contact-groups/:id',
    {
      schema: {
        tags,
        operationId: 'deleteContactGroup',
        summary: 'Delete a contact group',
        description: 'Removes the group and its memberships; the contacts stay.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      await deleteGroup(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
