import type { FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../core/context.js';

export function nativeFace(_core: CoreContext): FastifyPluginAsync {
  return async () => {};
}
