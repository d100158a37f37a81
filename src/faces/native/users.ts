import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createUser, deleteUser, getUser, listUsers, updateUser } from '../../core/audience/users/users.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import { UserCreate, UserList, UserSchema, UserUpdate, toUserDto, toUserInput } from './users.schemas.js';

const tags = ['Users'];
const User = ref(UserSchema, 'The user');

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/users',
    { schema: { tags, operationId: 'listUsers', summary: 'List users', response: { 200: UserList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: (await listUsers(scopeOf(request))).map(toUserDto) }),
  );

  app.get(
    '/users/:id',
    { schema: { tags, operationId: 'getUser', summary: 'Get a user', params: IdParams, response: { 200: User, ...errorResponses(400, 401, 404, 500) } } },
    async (request) => toUserDto(await getUser(scopeOf(request), request.params.id)),
  );

  app.post(
    '/users',
    { schema: { tags, operationId: 'createUser', summary: 'Create a user', body: UserCreate, response: { 201: User, ...errorResponses(400, 401, 409, 413, 415, 500) } } },
    async (request, reply) => reply.code(201).send(toUserDto(await createUser(scopeOf(request), toUserInput(request.body)))),
  );

  // PUT is accepted as the same partial update for clients whose HTTP layer only knows PUT.
  for (const [method, operationId, summary] of [
    ['PATCH', 'updateUser', 'Update a user (partial)'],
    ['PUT', 'putUser', 'Update a user (same partial semantics as PATCH)'],
  ] as const) {
    app.route({
      method,
      url: '/users/:id',
      schema: { tags, operationId, summary, params: IdParams, body: UserUpdate, response: { 200: User, ...errorResponses(400, 401, 404, 409, 413, 415, 500) } },
      handler: async (request) => toUserDto(await updateUser(scopeOf(request), request.params.id, toUserInput(request.body))),
    });
  }

  app.delete(
    '/users/:id',
    {
      schema: {
        tags,
        operationId: 'deleteUser',
        summary: 'Delete a user',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      await deleteUser(scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
