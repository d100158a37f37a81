/**
 * Route declaration for the face: one call per path with a handler per method. Methods the path
 * does not support answer 405 (the document lists it) instead of Fastify's 404, and the resource
 * label of each path lets the error handler tell "this URL's record is missing" (404) from "a
 * record named in the body is missing" (400).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { AccountScope } from '../../core/context.js';
import { FmError, type ResourceLabel } from './envelope.js';

export type FmMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface FmResult {
  data: unknown;
  /** Paging block of the contact list; placed between status and data as in the document. */
  meta?: unknown;
  /** POST creates answer 201. */
  created?: boolean;
}

export type FmHandler = (request: FastifyRequest, scope: AccountScope) => Promise<FmResult>;

const scopes = new WeakMap<FastifyRequest, AccountScope>();

/** Set by the authentication hook; routes only run after it succeeded. */
export function setScope(request: FastifyRequest, scope: AccountScope): void {
  scopes.set(request, scope);
}

function scopeOf(request: FastifyRequest): AccountScope {
  const scope = scopes.get(request);
  if (!scope) throw new FmError(403, 'Forbidden');
  return scope;
}

const labels = new Map<string, ResourceLabel>();

/** The resource addressed by the matched route (full URL pattern including the prefix). */
export function resourceOf(request: FastifyRequest): ResourceLabel | undefined {
  const url = request.routeOptions.url;
  return url === undefined ? undefined : labels.get(url);
}

const ALL: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

export function fmResource(
  app: FastifyInstance,
  url: string,
  resource: ResourceLabel | undefined,
  handlers: Partial<Record<FmMethod, FmHandler>>,
): void {
  if (resource) labels.set(`${app.prefix}${url}`, resource);
  const supported = Object.keys(handlers) as FmMethod[];
  for (const method of supported) {
    const handler = handlers[method]!;
    app.route({
      method,
      url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const result = await handler(request, scopeOf(request));
        const body = result.meta === undefined ? { status: 'success', data: result.data } : { status: 'success', meta: result.meta, data: result.data };
        return reply.code(result.created ? 201 : 200).send(body);
      },
    });
  }
  // Fastify adds HEAD for every GET route itself.
  const others = ALL.filter((m) => !supported.includes(m as FmMethod) && !(m === 'HEAD' && supported.includes('GET')));
  app.route({
    method: others as HTTPMethods[],
    url,
    handler: async (_request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('allow', supported.join(', '));
      throw new FmError(405, 'Method Not Allowed');
    },
  });
}
