import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { registerSfRoutes } from '../common/router.js';
import { connectionRoutes } from '../common/connection.js';
import { registerXmlBodyParser } from '../common/xml-body.js';
import { batchMemberRoutes } from './routes.js';

export const BATCH_PREFIX = '/apibatchmember/services/rest';
export const BATCH_TOKEN_KIND = 'smartfocus-batch';

/** SmartFocus Batch Member REST at /apibatchmember/services/rest/… */
export function smartFocusBatchMemberFace(ctx: CoreContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    registerXmlBodyParser(app);
    // Uploads reach the handler as the raw request stream (a file may be 256 MB): multipart.ts
    // reads it part by part. Fastify's bodyLimit does not apply; the handler enforces its own.
    app.addContentTypeParser('multipart/form-data', (_req, payload, done) => done(null, payload));
    registerSfRoutes(app, BATCH_PREFIX, [...connectionRoutes(ctx, BATCH_TOKEN_KIND), ...batchMemberRoutes(ctx)]);
  };
}
