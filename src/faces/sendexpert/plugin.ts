/**
 * The SendExpert transactional face at POST /api/transapi.php. Encapsulated: it reads every body as
 * raw bytes (the sign covers the bytes of `data` as sent, and the transport of the vendor library is
 * unknown, so the body decides its own encoding), and it answers everything, errors included, as
 * HTTP 200 `{"error":…,"result":…}` encoded as PHP's json_encode would.
 *
 * Order of checks: body shape (BAD_REQUEST) → brute-force limit (TOO_MANY_ATTEMPTS) → user_id and
 * sign (ERROR_SIGN for both, so an answer does not tell which user ids exist) → action
 * (ACTION_NOT_EXIST) → the action's own codes. The action is checked after the sign so an
 * unauthenticated caller learns nothing but that its credentials are wrong. The credentials are in
 * the body, so the body limit is what guards reading it.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { sendExpertKey } from '../../core/accounts/accounts.js';
import { errorBody, successBody, TransError, type TransErrorCode } from './envelope.js';
import { isAction, runAction } from './actions.js';
import { paramsOf, readTransRequest } from './request.js';
import { verifyRequestSign } from '../../wire/sendexpert-signature.js';
import { authGate, setRetryAfter } from '../common/auth-gate.js';

export const TRANSAPI_PATH = '/api/transapi.php';

/** user_id is the account's numeric SendExpert id (nine digits for generated accounts). */
const USER_ID = /^[0-9]{1,15}$/;

function send(reply: FastifyReply, body: string): FastifyReply {
  return reply.code(200).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own errors (body parsing) in this face's vocabulary. */
function fastifyErrorCode(err: unknown): TransErrorCode | null {
  const e = err as { code?: unknown; statusCode?: unknown };
  // Only sendMail's attachments make bodies this large; the document's code for them says so.
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'FILES_SIZE_TOO_LARGE';
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return 'BAD_REQUEST';
  return null;
}

export function sendExpertFace(core: CoreContext): FastifyPluginAsync {
  return async (app) => {
    // Raw bytes for every content type (and none): readTransRequest tells the encodings apart.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.setErrorHandler(async (err, request, reply) => {
      if (err instanceof TransError) return send(reply, errorBody(err.code));
      const code = fastifyErrorCode(err);
      if (code !== null) return send(reply, errorBody(code));
      request.log.error({ err }, 'sendexpert request failed');
      return send(reply, errorBody('INTERNAL_ERROR'));
    });

    // The credentials are in the body; an address already over its ceiling is refused before it is read.
    app.addHook('onRequest', async (request, reply) => {
      const { refusal } = authGate(core, request, 'sendexpert', null);
      if (refusal) return send(setRetryAfter(reply, refusal), errorBody('TOO_MANY_ATTEMPTS'));
    });

    app.post(TRANSAPI_PATH, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const input = readTransRequest(request.headers['content-type'], raw);
      const gate = authGate(core, request, 'sendexpert', input.userId);
      if (gate.refusal) return send(setRetryAfter(reply, gate.refusal), errorBody('TOO_MANY_ATTEMPTS'));
      const account = USER_ID.test(input.userId) ? await sendExpertKey(core, Number(input.userId)) : null;
      const check = account === null ? null : verifyRequestSign({ key: account.key, ...input.sign });
      if (account === null || !check?.ok) {
        gate.failed();
        throw new TransError('ERROR_SIGN', account === null ? `no account with user_id ${input.userId}` : 'sign mismatch');
      }
      if (!isAction(input.action)) throw new TransError('ACTION_NOT_EXIST', `unknown action ${input.action}`);
      const result = await runAction(input.action, { db: core.db, accountId: account.accountId }, paramsOf(input.data), request.log);
      return send(reply, successBody(result));
    });

    // The API is POST only; other methods get the envelope rather than an HTML 404.
    app.route({
      method: ['GET', 'PUT', 'DELETE', 'PATCH'],
      url: TRANSAPI_PATH,
      handler: async () => {
        throw new TransError('BAD_REQUEST', 'use POST');
      },
    });
  };
}
