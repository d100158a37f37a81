/** /v1/sso/{user_id}: one-time session URLs for users, and ending their sessions. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { endUserSessions, startSso } from '../../core/audience/users/sso.js';
import { pathId } from './params.js';
import { fmResource } from './router.js';

const USER = { label: 'User', aliases: [] };

export function registerSsoRoutes(app: FastifyInstance, core: CoreContext): void {
  fmResource(app, '/sso/:id', USER, {
    GET: async (request, scope) => {
      const start = await startSso(core, scope, pathId(request.params, 'User'));
      return { data: { sso: { session_url: start.sessionUrl } } };
    },
    DELETE: async (request, scope) => {
      await endUserSessions(scope, pathId(request.params, 'User'));
      return { data: null };
    },
  });
}
