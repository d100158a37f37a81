/**
 * Several faces carry credentials in the URL itself (the vendors' protocols, unchanged), so the
 * request log must never hold a URL as received. Every secret shape Herald serves is listed here;
 * `redactUrl` keeps the route shape and replaces each secret with REDACTED, and `redactText` does
 * the same to URLs and secret-named fields inside free text (error messages, fastify's "Route … not
 * found"). Headers are never logged.
 */
import type { LoggerOptions } from 'pino';
import pino from 'pino';

export const REDACTED = '[redacted]';

/**
 * Where a face's paths carry secrets: `secretSegments` gets the path segments after `prefix`
 * (compared case-insensitively) and returns the indexes of those to redact.
 */
interface PathShape {
  /** Which face and route shapes, for the reader. */
  face: string;
  prefix: string;
  secretSegments(segments: readonly string[]): number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** connect/open/{login}/{password}/{key} and connect/close/{token}, on both SmartFocus REST APIs. */
function smartFocusConnect(segments: readonly string[]): number[] | null {
  if (segments[0]?.toLowerCase() !== 'connect') return null;
  const action = segments[1]?.toLowerCase();
  if (action === 'open') return [2, 3, 4];
  if (action === 'close') return [2];
  return [];
}

const PATH_SHAPES: readonly PathShape[] = [
  {
    face: 'SmartFocus Member: member/{method}/{token}/…, getListMembersByPage/{token}/…',
    prefix: '/apimember/services/rest/',
    secretSegments: (s) => smartFocusConnect(s) ?? (s[0]?.toLowerCase() === 'member' ? [2] : [1]),
  },
  {
    face: 'SmartFocus Batch Member: batchmemberservice/{token}/…',
    prefix: '/apibatchmember/services/rest/',
    secretSegments: (s) => smartFocusConnect(s) ?? [1],
  },
  // Path-info form /NMSREST/{random}/{encrypt}/…: random and encrypt name and unlock a notification.
  { face: 'SmartFocus Notification', prefix: '/nmsrest/', secretSegments: () => [0, 1] },
  // Signed tracking and unsubscribe tokens act on a recipient's behalf: capabilities.
  { face: 'unsubscribe links', prefix: '/u/', secretSegments: (s) => range(0, s.length) },
  { face: 'open and click tracking', prefix: '/t/', secretSegments: (s) => range(1, s.length) },
];

/** Query parameters that carry a secret wherever they appear (compared case-insensitively). */
const SECRET_PARAMS: ReadonlySet<string> = new Set([
  // SmartFocus connect/open and every call's session token in the query-string form
  'login', 'password', 'key', 'token',
  // SmartFocus Notification
  'random', 'encrypt',
  // Mobizon
  'apikey', 'api_key',
  // SendExpert (user_id + MD5 sign), FranchiseMailer (HMAC headers, should a client send them as params)
  'sign', 'signature', 'hmac', 'accesskey', 'secret',
]);

/** Query parameters secret on one path only (e.g. the SSO token `t`). */
const PATH_PARAMS: Readonly<Record<string, readonly string[]>> = {
  '/sso/start': ['t'],
};

function redactPath(path: string): string {
  const lower = path.toLowerCase();
  const shape = PATH_SHAPES.find((s) => lower.startsWith(s.prefix));
  if (!shape) return path;
  const head = path.slice(0, shape.prefix.length);
  const segments = path.slice(shape.prefix.length).split('/');
  const secret = new Set(shape.secretSegments(segments));
  return head + segments.map((seg, i) => (secret.has(i) && seg !== '' ? REDACTED : seg)).join('/');
}

/** Redacts values, keeping names and the raw text of everything else (no re-encoding). */
function redactQuery(path: string, query: string): string {
  const extra = PATH_PARAMS[path.replace(/\/+$/, '').toLowerCase()] ?? [];
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is compared as written
      }
      // PHP clients write nested names (data[apiKey]); the innermost name decides.
      const last = (/\[([^\]]*)\]$/.exec(name)?.[1] ?? name).toLowerCase();
      return SECRET_PARAMS.has(last) || extra.includes(last) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/** A request URL (path and query, or absolute) with every secret replaced by REDACTED. */
export function redactUrl(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  // user:password@ in an absolute URL (SMTP relays, SMPP routes, database URLs).
  const origin = authority.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, `$1${REDACTED}@`);
  const rest = url.slice(authority.length);
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const redactedPath = redactPath(path);
  return origin + redactedPath + (q === -1 ? '' : `?${redactQuery(path, rest.slice(q + 1))}`);
}

const SECRET_NAMES = [...SECRET_PARAMS].join('|');
/** `"sign":"…"` in a JSON fragment (JSON.parse quotes the text it failed on). */
const JSON_SECRET = new RegExp(`"(${SECRET_NAMES})"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** `sign=…` in a form body fragment. */
const FORM_SECRET = new RegExp(`(^|[\\s&?;,])(${SECRET_NAMES})=[^&\\s"']*`, 'gi');

/**
 * Every URL-like run of text (absolute URL or path starting with `/`) redacted, and secret-named
 * fields of JSON or form fragments (error messages quote the body they failed on).
 */
export function redactText(text: string): string {
  return text
    .replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*|\/[^\s"'<>]*/gi, (match) => redactUrl(match))
    .replace(JSON_SECRET, `"$1"$2"${REDACTED}"`)
    .replace(FORM_SECRET, `$1$2=${REDACTED}`);
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer with the URL redacted (headers are not logged at all). */
function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

function serializeError(err: Error): pino.SerializedError {
  const out = pino.stdSerializers.err(err);
  out.message = redactText(out.message);
  if (typeof out.stack === 'string') out.stack = redactText(out.stack);
  return out;
}

/** Header paths masked should any code log headers (they hold API keys, HMACs and cookies). */
const SECRET_HEADER_PATHS = ['authorization', 'cookie', 'set-cookie', 'hmac', 'accesskey'].flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`]);

/** Logger options for every Herald HTTP server: secrets stay out of requests, errors and messages. */
export function redactingLoggerOptions(): Pick<LoggerOptions, 'serializers' | 'hooks' | 'redact'> {
  return {
    serializers: { req: serializeRequest, err: serializeError },
    redact: { paths: SECRET_HEADER_PATHS, censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}
