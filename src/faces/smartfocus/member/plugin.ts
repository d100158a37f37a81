import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { registerSfRoutes } from '../common/router.js';
import { connectionRoutes } from '../common/connection.js';
import { registerXmlBodyParser } from '../common/xml-body.js';
import { memberRoutes } from './routes.js';

export const MEMBER_PREFIX = '/apimember/services/rest';
export const MEMBER_TOKEN_KIND = 'smartfocus-member';

/** SmartFocus Member REST at /apimember/services/rest/… */
export function smartFocusMemberFace(ctx: CoreContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    registerXmlBodyParser(app);
    registerSfRoutes(app, MEMBER_PREFIX, [...connectionRoutes(ctx, MEMBER_TOKEN_KIND), ...memberRoutes(ctx)]);
  };
}
