/**
 * How long a client may take to send its request, and how many connections it may hold. Node's own
 * limits are server-wide, so the server-wide ones are set to the longest (upload) limit and a hook
 * closes ordinary requests whose body has not arrived within the shorter one.
 */
import type { Server as HttpServer, ServerOptions } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface HttpLimits {
  /** Headers and body of an ordinary request must arrive within this. */
  requestTimeoutMs: number;
  /** The same for upload routes (files of up to hundreds of MB). */
  uploadTimeoutMs: number;
  /** The headers of any request must arrive within this. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way is closed after this. */
  idleTimeoutMs: number;
  /** Connections over this many are closed as they arrive. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  uploadTimeoutMs: 30 * 60_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1000,
};

/** The routes that take files: they get `uploadTimeoutMs`. */
const UPLOAD_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'POST', path: /^\/api\/v1\/imports\/?$/ },
  { method: 'POST', path: /^\/api\/v1\/sms\/campaigns\/[^/]+\/recipients\/file\/?$/ },
  // SmartFocus Batch Member insertUpload / mergeUpload (literals are case-insensitive there).
  { method: 'PUT', path: /^\/apibatchmember\/services\/rest\/.*\/(?:insert|merge)upload\/?$/i },
  // Mobizon campaign/addRecipients with a recipientsFile part.
  { method: 'POST', path: /^\/service\/campaign\/addrecipients\/?$/i },
];

export function isUploadRequest(method: string, url: string): boolean {
  const path = url.split('?')[0]!;
  return UPLOAD_ROUTES.some((r) => r.method === method && r.path.test(path));
}

/** What Node answers itself when its own request timeout fires. */
const TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/** Node's checks of headers and request timeouts run this often (its default, 30 s, is too coarse). */
const CHECK_INTERVAL_MS = 1000;

/**
 * Options for http(s).createServer; Fastify sets the other timeouts itself (fastifyTimeouts). A TLS
 * handshake gets the headers' time (Node's default is 120 s).
 */
export function nodeServerOptions(limits: HttpLimits): Pick<ServerOptions, 'headersTimeout' | 'connectionsCheckingInterval'> & { handshakeTimeout: number } {
  // Node refuses a headers timeout longer than its request timeout (set to the upload limit).
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.uploadTimeoutMs);
  return { headersTimeout, connectionsCheckingInterval: CHECK_INTERVAL_MS, handshakeTimeout: headersTimeout };
}

export function fastifyTimeouts(limits: HttpLimits): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number } {
  return { requestTimeout: limits.uploadTimeoutMs, connectionTimeout: limits.idleTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs };
}

/**
 * Closes a request whose headers and body have not all arrived within its route's limit (408 when
 * nothing was answered yet). The handler itself may take longer: only receiving is timed. An early
 * answer (401 before the body) does not stop the clock: the rest of the body must still arrive.
 */
export function enforceRequestTimeouts(app: FastifyInstance, limits: HttpLimits): void {
  (app.server as HttpServer).maxConnections = limits.maxConnections;
  app.addHook('onRequest', (request, reply, done) => {
    const limitMs = isUploadRequest(request.method, request.url) ? limits.uploadTimeoutMs : limits.requestTimeoutMs;
    // Node's own check (set to the upload limit) covers uploads.
    if (limitMs >= limits.uploadTimeoutMs || request.raw.complete) return done();
    const timer = setTimeout(() => {
      if (request.raw.complete) return;
      request.log.info({ limitMs }, 'request not received in time: connection closed');
      const socket = request.raw.socket;
      if (!reply.raw.headersSent && socket.writable) socket.write(TIMEOUT_RESPONSE);
      socket.destroy();
    }, limitMs);
    timer.unref();
    request.raw.once('end', () => clearTimeout(timer));
    request.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
