/** /v1/users: system users (people who log in), not contacts. */
import type { FastifyInstance } from 'fastify';
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserInput } from '../../core/audience/users/users.js';
import { badRequest } from './envelope.js';
import { bodyParams, defined, optBool, optIdList, optText, pathId, reqIdList, reqText, type Params } from './params.js';
import { fmUser } from './serializers.js';
import { fmResource } from './router.js';

const USER = { label: 'User', aliases: [] };

function userInput(p: Params): UserInput {
  return defined({
    username: optText(p, 'username', 'Username'),
    password: optText(p, 'password', 'Password'),
    firstName: optText(p, 'first_name', 'First Name'),
    lastName: optText(p, 'last_name', 'Last Name'),
    email: optText(p, 'email', 'Email Address'),
    telephone: optText(p, 'telephone', 'Telephone'),
    jobTitle: optText(p, 'job_title', 'Job Title'),
    active: optBool(p, 'active', 'Active'),
    offices: optIdList(p, 'offices', 'Offices'),
  });
}

/** The document marks these required on create; on update they may change but not be blanked. */
const REQUIRED: readonly [key: string, field: keyof UserInput, label: string][] = [
  ['username', 'username', 'Username'],
  ['password', 'password', 'Password'],
  ['first_name', 'firstName', 'First Name'],
  ['last_name', 'lastName', 'Last Name'],
  ['email', 'email', 'Email Address'],
];

export function registerUserRoutes(app: FastifyInstance): void {
  fmResource(app, '/users', undefined, {
    GET: async (_request, scope) => ({ data: { users: (await listUsers(scope)).map(fmUser) } }),
    POST: async (request, scope) => {
      const p = bodyParams(request.body);
      const input = userInput(p);
      for (const [key, , label] of REQUIRED) reqText(p, key, label);
      if (input.active === undefined) throw badRequest('Active Required');
      input.offices = reqIdList(p, 'offices', 'Offices');
      return { data: { user: fmUser(await createUser(scope, input)) }, created: true };
    },
  });
  fmResource(app, '/users/:id', USER, {
    GET: async (request, scope) => ({ data: { user: fmUser(await getUser(scope, pathId(request.params, 'User'))) } }),
    PUT: async (request, scope) => {
      const id = pathId(request.params, 'User');
      const p = bodyParams(request.body);
      const input = userInput(p);
      for (const [key, field, label] of REQUIRED) if (input[field] !== undefined) reqText(p, key, label);
      return { data: { user: fmUser(await updateUser(scope, id, input)) } };
    },
    DELETE: async (request, scope) => {
      await deleteUser(scope, pathId(request.params, 'User'));
      return { data: null };
    },
  });
}
