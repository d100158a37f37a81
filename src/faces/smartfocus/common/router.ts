import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
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
}

export interface SfReply {
  /** HTTP status; the vendor answers 500 on every error and 200 on success. */
  status: number;
  body: string;
  contentType?: string;
  /** Sent instead of `body` when set: large downloads (log and bad files) stream. */
  stream?: Readable;
}

export type SfHandler = (req: SfRequest) => Promise<SfReply>;

export interface SfRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** e.g. 'member/insert/:token/:email' */
  pattern: string;
  /** Params decoded as PHP urlencode output (the password). */
  urlencodedParams?: string[];
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

export function registerSfRoutes(app: FastifyInstance, prefix: string, routes: SfRoute[]): void {
  const compiled = routes.map(compile);
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.raw.url ?? '';
    const pathOnly = url.split('?')[0]!;
    const rest = pathOnly.slice(prefix.length);
    const segments = rawSegments(rest);
    const query = parseQuery(url);
    const method = request.method as SfRoute['method'];
    let methodMismatch = false;
    for (const route of compiled) {
      const params = match(route, segments, query);
      if (!params) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const result = await route.handler({ params, query, body: request.body, request });
      return reply.code(result.status).type(result.contentType ?? 'application/xml; charset=utf-8').send(result.stream ?? result.body);
    }
    const description = methodMismatch ? `Method ${method} is not allowed on ${pathOnly}` : `No method matches ${pathOnly}`;
    return reply.code(methodMismatch ? 405 : 404).type('application/xml; charset=utf-8').send(failureResponse(description, pathOnly, 'UNKNOWN_METHOD'));
  };
  app.all(`${prefix}/*`, handle);
}
