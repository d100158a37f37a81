import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { HeraldConfig } from '../config.js';
import type { Store } from '../store/database.js';
import type { CoreContext } from '../core/context.js';
import { registerFormBodyParser } from './form-body.js';
import { registerHealthRoutes } from './health.js';
import { nativeFace } from '../faces/native/plugin.js';
import { registerNativeDocs } from '../faces/native/openapi.js';
import { franchiseMailerFace } from '../faces/franchisemailer/plugin.js';
import { sessionRoutes } from '../web/session/routes.js';
import { smartFocusMemberFace } from '../faces/smartfocus/member/plugin.js';
import { smartFocusBatchMemberFace } from '../faces/smartfocus/batch/plugin.js';

export interface AppOptions {
  config: Pick<HeraldConfig, 'bodyLimit' | 'logLevel' | 'publicUrl'>;
  store: Store;
  core: CoreContext;
  https?: { key: Buffer; cert: Buffer };
}

/** One Fastify instance serving every face on its own paths. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const fastifyOptions: FastifyServerOptions = {
    logger: { level: options.config.logLevel },
    bodyLimit: options.config.bodyLimit,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
  };
  // The HTTPS listener exists for the SmartFocus client, which only speaks https.
  const app = (options.https ? Fastify({ ...fastifyOptions, https: options.https } as FastifyServerOptions) : Fastify(fastifyOptions)) as FastifyInstance;
  registerFormBodyParser(app);
  registerHealthRoutes(app, options.store);
  // Before any face: swagger's onRoute hook only sees routes registered after it.
  await registerNativeDocs(app);
  await app.register(nativeFace(options.core), { prefix: '/api/v1' });
  await app.register(franchiseMailerFace(options.core), { prefix: '/v1' });
  await app.register(sessionRoutes(options.core));
  await app.register(smartFocusMemberFace(options.core));
  await app.register(smartFocusBatchMemberFace(options.core));
  return app;
}
