import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { EmailConfig, HeraldConfig } from '../config.js';
import type { Store } from '../store/database.js';
import type { CoreContext } from '../core/context.js';
import { registerFormBodyParser } from './form-body.js';
import { registerHealthRoutes } from './health.js';
import { nativeFace } from '../faces/native/plugin.js';
import { registerNativeDocs } from '../faces/native/openapi.js';
import { franchiseMailerFace } from '../faces/franchisemailer/plugin.js';
import { sessionRoutes } from '../web/session/routes.js';
import { trackingRoutes } from '../web/tracking/routes.js';
import { shortLinkRoutes } from '../web/links/routes.js';
import { senderVerificationRoutes } from '../web/senders/routes.js';
import { smartFocusMemberFace } from '../faces/smartfocus/member/plugin.js';
import { smartFocusBatchMemberFace } from '../faces/smartfocus/batch/plugin.js';
import { sendExpertFace } from '../faces/sendexpert/plugin.js';
import { smartFocusNotificationFace } from '../faces/smartfocus/notification/plugin.js';
import { MOBIZON_PREFIX, mobizonFace } from '../faces/mobizon/plugin.js';
import type { DestinationStream } from 'pino';
import { redactingLoggerOptions } from './log-redaction.js';
import { DEFAULT_HTTP_LIMITS, enforceRequestTimeouts, fastifyTimeouts, nodeServerOptions } from './limits.js';
import { registerHtmlSecurityHeaders } from './html-headers.js';
import { DEFAULT_SESSION_POLICY } from '../core/audience/users/session-expiry.js';

export interface AppOptions {
  config: Pick<HeraldConfig, 'bodyLimit' | 'logLevel' | 'publicUrl'> & { email?: Pick<EmailConfig, 'allowPrivateCallbacks'>; operatorKey?: string | null } & Partial<Pick<HeraldConfig, 'http' | 'trustProxy' | 'sessions'>>;
  store: Store;
  core: CoreContext;
  https?: { key: Buffer; cert: Buffer };
  /** Where the log goes (default stdout). */
  logStream?: DestinationStream;
}

/** One Fastify instance serving every face on its own paths. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = options.config.http ?? DEFAULT_HTTP_LIMITS;
  const trustProxy = options.config.trustProxy ?? [];
  const fastifyOptions: FastifyServerOptions = {
    logger: { level: options.config.logLevel, ...redactingLoggerOptions(), ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: options.config.bodyLimit,
    // Only the listed proxies' X-Forwarded-For is believed (request.ip, the allow-lists).
    trustProxy: trustProxy.length > 0 ? trustProxy : false,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    ...fastifyTimeouts(limits),
  };
  // The HTTPS listener exists for the SmartFocus client, which only speaks https.
  const serverOptions = nodeServerOptions(limits);
  const app = (options.https ? Fastify({ ...fastifyOptions, https: { ...options.https, ...serverOptions } } as FastifyServerOptions) : Fastify({ ...fastifyOptions, http: serverOptions })) as FastifyInstance;
  enforceRequestTimeouts(app, limits);
  registerHtmlSecurityHeaders(app);
  registerFormBodyParser(app);
  registerHealthRoutes(app, options.store);
  // Before any face: swagger's onRoute hook only sees routes registered after it.
  await registerNativeDocs(app);
  await app.register(nativeFace(options.core, { allowPrivateCallbacks: options.config.email?.allowPrivateCallbacks ?? false, operatorKey: options.config.operatorKey ?? null }), { prefix: '/api/v1' });
  await app.register(franchiseMailerFace(options.core), { prefix: '/v1' });
  await app.register(sessionRoutes(options.core, options.config.sessions ?? DEFAULT_SESSION_POLICY));
  await app.register(trackingRoutes(options.core));
  await app.register(shortLinkRoutes(options.core));
  await app.register(senderVerificationRoutes(options.core));
  await app.register(smartFocusMemberFace(options.core));
  await app.register(smartFocusBatchMemberFace(options.core));
  // Its own body parsing (raw bytes for the sign) and envelope, encapsulated from the other faces.
  await app.register(sendExpertFace(options.core));
  await app.register(smartFocusNotificationFace(options.core));
  // PHP-style parameter parsing of its own (query + body as $_REQUEST), encapsulated like SendExpert's.
  await app.register(mobizonFace(options.core), { prefix: MOBIZON_PREFIX });
  return app;
}
