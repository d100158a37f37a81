/**
 * Security headers on every HTML page Herald serves (session, unsubscribe, sender verification,
 * short-link pages, API docs). Their URLs carry tokens, so no Referer leaves them; none may be
 * framed (click-jacking the unsubscribe or Confirm button) or sniffed into another type.
 */
import type { FastifyInstance } from 'fastify';

/** For pages that set no policy of their own: no scripts, styles, images or frames at all. */
export const DEFAULT_PAGE_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const FIXED_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

function isHtml(contentType: unknown): boolean {
  return typeof contentType === 'string' && /^\s*text\/html\b/i.test(contentType);
}

/** Appends `frame-ancestors 'none'` to a page's own policy when it does not say it. */
export function withFrameAncestors(policy: string): string {
  return /(^|;)\s*frame-ancestors\b/i.test(policy) ? policy : `${policy.replace(/;\s*$/, '')}; frame-ancestors 'none'`;
}

export function registerHtmlSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!isHtml(reply.getHeader('content-type'))) return payload;
    reply.headers(FIXED_HEADERS);
    const own = reply.getHeader('content-security-policy');
    reply.header('content-security-policy', typeof own === 'string' && own !== '' ? withFrameAncestors(own) : DEFAULT_PAGE_CSP);
    return payload;
  });
}
