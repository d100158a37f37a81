import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { findSenderByToken, verifySenderByToken } from '../../core/senders/senders.js';
import { confirmPage, invalidLinkPage, verifiedPage } from './pages.js';

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The token is in the URL: keep it out of Referer headers; no framing (the button is the consent).
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
      .header('x-frame-options', 'DENY')
      .send(html)
  );
}

function tokenOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value.length <= 200 ? value : null;
}

/**
 * The link of the verification email (`/senders/verify?token=…`). Mail scanners and link previews
 * fetch links in incoming mail by themselves, so a GET only shows a page with a Confirm button; the
 * sender is verified by the POST that button sends, which scanners do not make.
 */
export function senderVerificationRoutes(core: CoreContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/senders/verify', async (request, reply) => {
      const token = tokenOf((request.query as Record<string, unknown>).token);
      const sender = token === null ? null : await findSenderByToken(core, token);
      if (token === null || sender === null) return sendHtml(reply, 404, invalidLinkPage());
      return sendHtml(reply, 200, confirmPage(sender.email, token));
    });

    app.post('/senders/verify', async (request, reply) => {
      const body = request.body;
      const token = tokenOf(body !== null && typeof body === 'object' ? (body as Record<string, unknown>).token : undefined);
      const sender = token === null ? null : await verifySenderByToken(core, token);
      if (sender === null) return sendHtml(reply, 404, invalidLinkPage());
      return sendHtml(reply, 200, verifiedPage(sender.email));
    });
  };
}
