/**
 * The FranchiseMailer face at /v1: the vendor's REST API (offices, users, contacts, contact groups,
 * custom fields, single sign-on) translated into core calls. Everything under the prefix is
 * authenticated and answers in the FranchiseMailer envelopes, errors included.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { authenticate } from './auth.js';
import { authGate, setRetryAfter } from '../common/auth-gate.js';
import { errorBody, FmError, mapError } from './envelope.js';
import { parseFmForm } from './params.js';
import { resourceOf, setScope } from './router.js';
import { registerOfficeRoutes } from './offices.js';
import { registerUserRoutes } from './users.js';
import { registerContactRoutes } from './contacts.js';
import { registerContactGroupRoutes } from './contact-groups.js';
import { registerCustomFieldRoutes } from './custom-fields.js';
import { registerSsoRoutes } from './sso.js';

const FORM = 'application/x-www-form-urlencoded';

export function franchiseMailerFace(core: CoreContext): FastifyPluginAsync {
  return async (app) => {
    // The shared parser's rules, with a malformed body reported in this face's error format.
    app.removeContentTypeParser(FORM);
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseFmForm(body as string));
      } catch {
        done(new FmError(400, 'Malformed Request'), undefined);
      }
    });

    // onRequest runs before the body is read, so unauthenticated callers cannot make the server
    // buffer a body, and unknown paths are not revealed to them either.
    app.addHook('onRequest', async (request, reply) => {
      const accessKey = request.headers.accesskey;
      const gate = authGate(core, request, 'franchisemailer', typeof accessKey === 'string' ? accessKey : null);
      if (gate.refusal) {
        setRetryAfter(reply, gate.refusal);
        throw new FmError(429, 'Too Many Requests');
      }
      // request.ip: the socket's address, or X-Forwarded-For's when the socket is a trusted proxy (HERALD_TRUST_PROXY).
      const result = await authenticate(core, request.headers, request.ip, Date.now());
      if (!result.ok) {
        // A valid signature with a stale date or from another address is the key's holder, not a guess.
        if (result.reason === 'credentials') gate.failed();
        throw new FmError(403, result.message);
      }
      setScope(request, { db: core.db, accountId: result.accountId });
    });

    app.setErrorHandler(async (err, request, reply) => {
      const mapped = mapError(err, resourceOf(request));
      if (mapped.internal) request.log.error({ err }, 'franchisemailer request failed');
      return reply.code(mapped.statusCode).type('application/json; charset=utf-8').send(errorBody(mapped.message));
    });

    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(errorBody('Not Found')));

    registerOfficeRoutes(app);
    registerUserRoutes(app);
    registerContactRoutes(app);
    registerContactGroupRoutes(app);
    registerCustomFieldRoutes(app);
    registerSsoRoutes(app, core);
  };
}
