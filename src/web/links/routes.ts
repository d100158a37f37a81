// GET /s/<code>: the short links of SMS (src/core/sms/links). A link's own code or one recipient's
// code; every GET counts a click and is logged, an active, unexpired link redirects (302) and counts
// a redirect. Unknown codes and switched-off links are 404, expired ones 410, with a small page.
// HEAD requests (link previews, scanners) get the same answer without anything being counted.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { followShortLink } from '../../core/sms/links/follow.js';
import { linkExpiredPage, linkInactivePage, linkNotFoundPage, PAGE_SECURITY_HEADERS } from './pages.js';

const NO_CACHE = {
  'cache-control': 'no-cache, no-store, must-revalidate, private, max-age=0',
  pragma: 'no-cache',
  expires: '0',
} as const;

type CodeRequest = FastifyRequest<{ Params: { code: string } }>;

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).headers(PAGE_SECURITY_HEADERS).type('text/html; charset=utf-8').send(body);
}

export function shortLinkRoutes(core: CoreContext): FastifyPluginAsync {
  return async (app) => {
    const follow = async (request: CodeRequest, reply: FastifyReply, record: boolean): Promise<FastifyReply> => {
      const result = await followShortLink(core.db, request.params.code, { record });
      if (result === null) return html(reply, 404, linkNotFoundPage());
      if (result.state === 'inactive') return html(reply, 404, linkInactivePage());
      if (result.state === 'expired') return html(reply, 410, linkExpiredPage());
      return reply.code(302).headers(NO_CACHE).header('referrer-policy', 'no-referrer').header('location', result.url).send();
    };
    app.get('/s/:code', { exposeHeadRoute: false }, (request: CodeRequest, reply) => follow(request, reply, true));
    app.head('/s/:code', (request: CodeRequest, reply) => follow(request, reply, false));
  };
}
