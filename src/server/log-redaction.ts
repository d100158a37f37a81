/**
 * Request URLs as they are logged. Some protocols carry secrets in the URL (the SmartFocus
 * connect/open path holds the password and the manager key, its session tokens sit in paths, the
 * Notification encrypt and the Mobizon apiKey in queries or path-info, SSO tokens in `t`): logged
 * as sent they would put every client's credentials in the log.
 */
import type { FastifyRequest } from 'fastify';

const MASK = '***';
/** Query parameters whose value is a credential, in any of the protocols. */
const SECRET_PARAMS = new Set(['password', 'key', 'apikey', 'token', 'encrypt', 't', 'sign', 'hmac']);
/** SmartFocus session tokens: 48 letters and digits (api-tokens.ts). */
const TOKEN_SEGMENT = /^[A-Za-z0-9]{48}$/;

function redactPath(path: string): string {
  // /…/connect/open/{login}/{password}/{key}: the login is kept, it identifies the caller.
  const open = /^(.*\/connect\/open\/[^/]*)\/.*$/i.exec(path);
  if (open) return `${open[1]}/${MASK}/${MASK}`;
  // /NMSREST/{random}/{encrypt}/…: everything after the random.
  const nms = /^(\/NMSREST\/[^/]*)\/.*$/i.exec(path);
  if (nms) return `${nms[1]}/${MASK}`;
  return path
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? MASK : segment))
    .join('/');
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the raw name
      }
      return SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name}=${MASK}` : pair;
    })
    .join('&');
}

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return redactPath(url);
  return `${redactPath(url.slice(0, q))}?${redactQuery(url.slice(q + 1))}`;
}

/** Fastify's default request serializer, with the URL redacted. */
export function requestLogValue(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}
