// The recipient-facing links Herald puts into mail (src/delivery/email/compose.ts):
//   GET  /t/o/<token>  open pixel: records the open, answers a 1×1 transparent GIF
//   GET  /t/c/<token>  tracked link: records the click, redirects to the URL signed into the token
//   GET  /u/<token>    unsubscribe page (the message's form, or the default)
//   POST /u/<token>    unsubscribe: from that page (`reason=…`) or RFC 8058 one-click
//                      (`List-Unsubscribe=One-Click`, posted by the mailbox provider)
// A token that does not verify is a 404: nothing is recorded and nothing redirects anywhere.
// HEAD requests (link scanners, prefetchers) get the same answer without recording anything, and
// GET on the unsubscribe page only shows the form, so a prefetched link never unsubscribes anyone.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { verifyTrackingToken, type TrackingKind, type TrackingPayload } from '../../core/tracking/tokens.js';
import { recordClick, recordOpen, recordUnsubscribe, type Visitor } from '../../core/messages/engagement.js';
import { unsubscribePageFor } from '../../core/suppression/unsubscribe-forms.js';
import { trackingKey } from '../../delivery/email/start.js';
import { notFoundPage, PAGE_SECURITY_HEADERS, unsubscribedPage, unsubscribeFormPage } from './pages.js';
import { formFields, parseMultipartFields } from './form-fields.js';

/** A 1×1 transparent GIF (42 bytes). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const NO_CACHE = {
  'cache-control': 'no-cache, no-store, must-revalidate, private, max-age=0',
  pragma: 'no-cache',
  expires: '0',
} as const;

/** Unsubscribe POSTs are tiny; anything bigger is not one. */
const FORM_BODY_LIMIT = 16 * 1024;

type TokenRequest = FastifyRequest<{ Params: { '*': string } }>;

function visitorOf(request: FastifyRequest): Visitor {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] };
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).headers(PAGE_SECURITY_HEADERS).type('text/html; charset=utf-8').send(notFoundPage());
}

export function trackingRoutes(core: CoreContext): FastifyPluginAsync {
  const key = trackingKey(core);
  const verify = (request: TokenRequest, kind: TrackingKind): TrackingPayload | null => {
    const payload = verifyTrackingToken(key, request.params['*'] ?? '');
    return payload?.kind === kind ? payload : null;
  };

  return async (app) => {
    // Mailbox providers may post the one-click body as multipart/form-data (RFC 8058 allows it);
    // other bodies are kept as text. Scoped to these routes: the faces keep their own parsers.
    app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (request, body, done) => {
      done(null, parseMultipartFields(String(body), request.headers['content-type'] ?? ''));
    });
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => done(null, String(body)));

    // Wildcard routes: a click token carries its URL and can be far longer than a path parameter may be.
    const pixel = (request: TokenRequest, reply: FastifyReply, record: boolean): Promise<FastifyReply> | FastifyReply => {
      const payload = verify(request, 'open');
      if (!payload) return notFound(reply);
      const send = (): FastifyReply => reply.code(200).headers(NO_CACHE).type('image/gif').send(PIXEL);
      if (!record) return send();
      return recordOpen(core.db, payload.messageId, visitorOf(request))
        .catch((err: unknown) => request.log.error({ err, messageId: payload.messageId }, 'recording an open failed'))
        .then(send);
    };
    app.get('/t/o/*', { exposeHeadRoute: false }, (request: TokenRequest, reply) => pixel(request, reply, true));
    app.head('/t/o/*', (request: TokenRequest, reply) => pixel(request, reply, false));

    const click = (request: TokenRequest, reply: FastifyReply, record: boolean): Promise<FastifyReply> | FastifyReply => {
      const payload = verify(request, 'click');
      if (!payload?.url) return notFound(reply);
      const url = payload.url;
      const send = (): FastifyReply => reply.code(302).headers(NO_CACHE).header('referrer-policy', 'no-referrer').header('location', url).send();
      if (!record) return send();
      // The recipient gets to the link even if recording fails.
      return recordClick(core.db, payload.messageId, { url, linkIndex: payload.linkIndex ?? null }, visitorOf(request))
        .catch((err: unknown) => request.log.error({ err, messageId: payload.messageId }, 'recording a click failed'))
        .then(send);
    };
    app.get('/t/c/*', { exposeHeadRoute: false }, (request: TokenRequest, reply) => click(request, reply, true));
    app.head('/t/c/*', (request: TokenRequest, reply) => click(request, reply, false));

    app.get('/u/*', async (request: TokenRequest, reply) => {
      const payload = verify(request, 'unsubscribe');
      const page = payload ? await unsubscribePageFor(core.db, payload.messageId) : null;
      if (!page) return notFound(reply);
      const html = page.alreadyUnsubscribed ? unsubscribedPage(page.form.title) : unsubscribeFormPage(page.form, `/u/${request.params['*']}`);
      return reply.code(200).headers(PAGE_SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
    });

    app.post('/u/*', { bodyLimit: FORM_BODY_LIMIT }, async (request: TokenRequest, reply) => {
      const payload = verify(request, 'unsubscribe');
      if (!payload) return notFound(reply);
      const fields = formFields(request.body);
      const oneClick = (fields['List-Unsubscribe'] ?? '').trim().toLowerCase() === 'one-click';
      const reason = oneClick ? null : (fields.reason ?? null);
      const result = await recordUnsubscribe(core.db, payload.messageId, { reason, method: oneClick ? 'one-click' : 'page', visitor: visitorOf(request) });
      if (result === null) return notFound(reply);
      // RFC 8058: the provider only looks at the status; no page, nothing to follow.
      if (oneClick) return reply.code(200).headers(NO_CACHE).type('text/plain; charset=utf-8').send('Unsubscribed\n');
      const page = await unsubscribePageFor(core.db, payload.messageId);
      return reply.code(200).headers(PAGE_SECURITY_HEADERS).type('text/html; charset=utf-8').send(unsubscribedPage(page?.form.title ?? 'Unsubscribe'));
    });
  };
}
