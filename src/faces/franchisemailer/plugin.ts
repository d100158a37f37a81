import type { FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../core/context.js';

export function franchiseMailerFace(_core: CoreContext): FastifyPluginAsync {
  return async () => {};
}
