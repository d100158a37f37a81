import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { AccountScope } from '../../../core/context.js';
import { decodeRawSegment, decodeUrlencoded, rawSegments } from './path.js';
import { failureResponse } from './xml.js';

/**
 * SmartFocus paths carry values (passwords, emails with `+`, tokens) that a generic router would
 * decode wrongly, so each face takes its whole prefix as a wildcard and matches the raw segments
 * itself. A route is a list of literal segments and `:params`; the query-string form of the same
 * method (`member/insert?token=…&email=…`) matches the literal part and reads params from the query.
 */
export interface SfRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  request: FastifyRequest;
  /** The account the route's `authenticate` resolved, before the body was read. */
  scope?: AccountScope;
}

/** What `authenticate` sees: everything but the body, which is not read yet. */
export type SfRequestHead = Omit<SfRequest, 'body' | 'scope'>;

export type SfAuthResult = { ok: true; scope: AccountScope } | { ok: false; reply: SfReply };

export interface SfReply {
  /** HTTP status; the vendor answers 500 on every error and 200 on success. */
  status: number;
  body: string;
  contentType?: string;
  /** Sent instead of `body` when set: large downloads (log and bad files) stream. */
  stream?: Readable;
  headers?: Record<string, string>;
}

export type SfHandler = (req: SfRequest) => Promise<SfReply>;

export interface SfRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** e.g. 'member/insert/:token/:email' */
  pattern: string;
  /** Params decoded as PHP urlencode output (the password). */
  urlencodedParams?: string[];
  /** Runs in onRequest, before the body is read, so an unauthenticated caller cannot make it read one. */
  authenticate?: (head: SfRequestHead) => Promise<SfAuthResult>;
  handler: SfHandler;
}

interface CompiledRoute extends SfRoute {
  parts: string[];
  literalCount: number;
}

function compile(route: SfRoute): CompiledRoute {
  const parts = route.pattern.split('/');
  let literalCount = 0;
  while (literalCount < parts.length && !parts[literalCount]!.startsWith(':')) literalCount++;
  return { ...route, parts, literalCount };
}

function match(route: CompiledRoute, segments: string[], query: Record<string, string>): Record<string, string> | null {
  const { parts } = route;
  // Literal segments are compared case-insensitively: the vendor's servlet container does.
  const literalMatches = (i: number) => segments[i]?.toLowerCase() === parts[i]!.toLowerCase();
  if (segments.length === parts.length) {
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.startsWith(':')) {
        const name = p.slice(1);
        params[name] = route.urlencodedParams?.includes(name) ? decodeUrlencoded(segments[i]!) : decodeRawSegment(segments[i]!);
      } else if (!literalMatches(i)) {
        // Mixed literal/param patterns such as batchmemberservice/:token/batchmember/insertUpload.
        return null;
      }
    }
    return params;
  }
  // Query-string form: only the leading literal segments are in the path.
  if (route.literalCount < parts.length && segments.length === route.literalCount) {
    for (let i = 0; i < route.literalCount; i++) if (!literalMatches(i)) return null;
    return { ...query };
  }
  return null;
}

function parseQuery(url: string): Record<string, string> {
  const q = url.indexOf('?');
  if (q < 0) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) out[k] = v;
  return out;
}

type Resolved = { route: CompiledRoute; params: Record<string, string>; query: Record<string, string>; scope?: AccountScope } | { route: null; methodMismatch: boolean; pathOnly: string };

function resolve(compiled: CompiledRoute[], prefix: string, request: FastifyRequest): Resolved {
  const url = request.raw.url ?? '';
  const pathOnly = url.split('?')[0]!;
  const segments = rawSegments(pathOnly.slice(prefix.length));
  const query = parseQuery(url);
  let methodMismatch = false;
  for (const route of compiled) {
    const params = match(route, segments, query);
    if (!params) continue;
    if (route.method === request.method) return { route, params, query };
    methodMismatch = true;
  }
  return { route: null, methodMismatch, pathOnly };
}

function send(reply: FastifyReply, result: SfReply): FastifyReply {
  if (result.headers) void reply.headers(result.headers);
  return reply.code(result.status).type(result.contentType ?? 'application/xml; charset=utf-8').send(result.stream ?? result.body);
}

/** No route: answered in onRequest, so no body is read for a path nothing serves. */
function unmatched(reply: FastifyReply, method: string, found: { methodMismatch: boolean; pathOnly: string }): FastifyReply {
  const description = found.methodMismatch ? `Method ${method} is not allowed on ${found.pathOnly}` : `No method matches ${found.pathOnly}`;
  return reply.code(found.methodMismatch ? 405 : 404).type('application/xml; charset=utf-8').send(failureResponse(description, found.pathOnly, 'UNKNOWN_METHOD'));
}

export function registerSfRoutes(app: FastifyInstance, prefix: string, routes: SfRoute[]): void {
  const compiled = routes.map(compile);
  const resolved = new WeakMap<FastifyRequest, Resolved>();
  // Routing and authentication happen before the body is read; the handler gets what they found.
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = resolve(compiled, prefix, request);
    resolved.set(request, found);
    if (found.route === null) return unmatched(reply, request.method, found);
    if (!found.route.authenticate) return;
    const auth = await found.route.authenticate({ params: found.params, query: found.query, request });
    if (!auth.ok) return send(reply, auth.reply);
    found.scope = auth.scope;
  };
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = resolved.get(request) ?? resolve(compiled, prefix, request);
    if (found.route === null) return unmatched(reply, request.method, found);
    return send(reply, await found.route.handler({ params: found.params, query: found.query, body: request.body, request, scope: found.scope }));
  };
  app.all(`${prefix}/*`, { onRequest }, handle);
}
