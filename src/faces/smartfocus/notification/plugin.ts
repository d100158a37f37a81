import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { registerXmlBodyParser } from '../common/xml-body.js';
import { fromNmsrestUrl } from './nmsrest.js';
import { parseMultiSendRequest } from './nmsxml.js';
import { processSendRequest } from './process.js';
import { faultResponse, outcomesResponse, type SendOutcome } from './responses.js';
import { faults, NotificationFault } from './send-request.js';
import { authGate, setRetryAfter } from '../../common/auth-gate.js';
import { SMARTFOCUS_FACE } from '../common/connection.js';

export const NMSREST_PATH = '/NMSREST';
export const NMSXML_PATH = '/NMSXML';

const XML_TYPE = 'application/xml; charset=utf-8';

/**
 * SmartFocus Notification (NMP trigger) at /NMSREST and /NMSXML, the host the PHP client calls
 * (api.notificationmessaging.com). No session: each request names its notification by random +
 * encrypt. The URL is read raw (like the other SmartFocus faces) because the query's dyn and the
 * path-info segments follow their own decoding rules.
 */
export function smartFocusNotificationFace(ctx: CoreContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    registerXmlBodyParser(app);

    const send = (reply: FastifyReply, status: number, body: string) => reply.code(status).type(XML_TYPE).send(body);
    const gate = (request: FastifyRequest) => (random: string) => authGate(ctx, request, SMARTFOCUS_FACE, random);

    // The credentials travel in the query or the body; an address over its failure ceiling is
    // refused here, before any body is read (each random is also limited when it is checked).
    app.addHook('onRequest', async (request, reply) => {
      const { refusal } = authGate(ctx, request, SMARTFOCUS_FACE, null);
      if (refusal) return send(setRetryAfter(reply, refusal), 429, faultResponse(faults.throttled(refusal.retryAfterSeconds)));
    });

    const nmsrest = async (request: FastifyRequest, reply: FastifyReply) => {
      const outcome = await processSendRequest(ctx.db, fromNmsrestUrl(request.raw.url ?? '', NMSREST_PATH), request.log, gate(request));
      const { status, body } = outcomesResponse([outcome]);
      return send(reply, status, body);
    };
    app.get(NMSREST_PATH, nmsrest);
    app.get(`${NMSREST_PATH}/*`, nmsrest);

    app.post(NMSXML_PATH, async (request, reply) => {
      const parsed = parseMultiSendRequest(request.body);
      if (!parsed.ok) return send(reply, 500, faultResponse(new NotificationFault(parsed.description, parsed.fields)));
      // In order, one at a time: each send request is independent, and the answer lists them in order.
      const outcomes: SendOutcome[] = [];
      for (const req of parsed.requests) outcomes.push(await processSendRequest(ctx.db, req, request.log, gate(request)));
      const { status, body } = outcomesResponse(outcomes);
      return send(reply, status, body);
    });
  };
}
