import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { getSessionUser, redeemSsoToken } from '../../core/audience/users/sso.js';
import type { SessionPolicy } from '../../core/audience/users/session-expiry.js';
import { page } from './html.js';
import { authGate, setRetryAfter } from '../../faces/common/auth-gate.js';

export const SESSION_COOKIE = 'herald_session';

/** The value of one cookie from the Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null; // malformed escapes: treat as no cookie rather than a server error
    }
  }
  return null;
}

function sendPage(reply: FastifyReply, status: number, title: string, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page(title, message));
}

/**
 * Starting a session from an SSO link (`/sso/start?t=…`) and showing who is signed in (`/session`).
 * Sessions expire under `policy`, checked on every request.
 */
export function sessionRoutes(core: CoreContext, policy: SessionPolicy): FastifyPluginAsync {
  return async (app) => {
    app.get('/sso/start', async (request: FastifyRequest<{ Querystring: { t?: string | string[] } }>, reply) => {
      // The token sits in the URL: keep it out of Referer headers sent from the next page.
      reply.header('referrer-policy', 'no-referrer');
      const gate = authGate(core, request, 'sso', null);
      if (gate.refusal) return sendPage(setRetryAfter(reply, gate.refusal), 429, 'Sign-in failed', 'Too many failed sign-in attempts; try again later');
      const token = request.query.t;
      const session = typeof token === 'string' && token !== '' ? await redeemSsoToken(core.db, token, new Date(), policy) : null;
      if (!session) {
        gate.failed();
        return sendPage(reply, 403, 'Sign-in failed', 'This sign-in link is invalid or has expired');
      }
      const secure = request.protocol === 'https' ? '; Secure' : '';
      return reply
        .code(302)
        // The browser may forget it at the absolute expiry; the server refuses it then either way.
        .header('set-cookie', `${SESSION_COOKIE}=${session.sessionToken}; Path=/; Max-Age=${Math.floor(policy.absoluteMs / 1000)}; HttpOnly; SameSite=Lax${secure}`)
        .header('cache-control', 'no-store')
        .header('location', '/session')
        .send();
    });

    app.get('/session', async (request, reply) => {
      const token = readCookie(request.headers.cookie, SESSION_COOKIE);
      const signedIn = token ? await getSessionUser(core.db, token, new Date(), policy) : null;
      if (!signedIn) return sendPage(reply, 401, 'Not signed in', 'Not signed in');
      const { user } = signedIn;
      return sendPage(reply, 200, 'Herald', `Signed in as ${user.firstName} ${user.lastName} (${user.username})`);
    });
  };
}
