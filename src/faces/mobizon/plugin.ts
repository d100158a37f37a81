/**
 * The Mobizon face at `/service/{module}/{method}` (docs/protocols/mobizon.md). Encapsulated: it reads
 * every body as raw bytes and parses it the PHP way itself (request.ts), so its parsing never
 * reaches the other faces, and it answers everything, errors included, as HTTP 200
 * `{"code":…,"data":…,"message":…}` encoded as PHP's json_encode would (or XML for output=xml).
 *
 * Order of checks: output format (6; answered in JSON) → api version (6) → module (4) → method (5)
 * → API key (8; 30 when the address made too many failed attempts) → declared-only method (9) →
 * the method's own codes. Routing comes before the key as in a framework that resolves the
 * controller before its access filter; the method list is public documentation, so this reveals
 * nothing. A key in the query is checked in onRequest, before the body is read, when the URL alone
 * passes the checks before it (otherwise the handler answers those first, in order).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { MobizonCode, TransportMessage } from './codes.js';
import type { KeyCheck } from './auth.js';
import { applicationError, encodeResult, failure, resultOfError, type MobizonResult, type OutputFormat } from './envelope.js';
import { defaultMethods } from './methods.js';
import { parsePhpQuery, TooManyVariablesError } from './php-vars.js';
import { escapeHighBytes, rawQuery, readMobizonRequest } from './request.js';
import type { MethodRegistry } from './registry.js';
import { authGate } from '../common/auth-gate.js';
import { checkApiKey, MOBIZON_FACE, throttledResult } from './auth.js';

export const MOBIZON_PREFIX = '/service';

export interface MobizonFaceOptions {
  /** The methods served; tests inject their own. Default: defaultMethods(). */
  methods?: MethodRegistry;
}

/** `output`: absent or empty = json; case is ignored; null for an unsupported value. */
export function outputFormat(output: string | null): OutputFormat | null {
  const value = (output ?? '').toLowerCase();
  if (value === '' || value === 'json') return 'json';
  if (value === 'xml') return 'xml';
  return null;
}

/** `api`: absent or empty = v1 (both clients send v1; the community client sends nothing). */
export function apiVersionSupported(api: string | null): boolean {
  const value = (api ?? '').toLowerCase();
  return value === '' || value === 'v1';
}

function send(reply: FastifyReply, result: MobizonResult, output: OutputFormat): FastifyReply {
  const { contentType, body } = encodeResult(result, output);
  return reply.code(200).type(contentType).send(body);
}

/** The output format of a request whose parameters could not be read (errors before the handler). */
function outputOfUrl(url: string): OutputFormat {
  try {
    const output = parsePhpQuery(escapeHighBytes(rawQuery(url))).get('output');
    return outputFormat(typeof output === 'string' ? output : null) ?? 'json';
  } catch {
    return 'json';
  }
}

/** Fastify's own errors (body reading) in Mobizon's vocabulary. */
function transportError(err: unknown): MobizonResult | null {
  if (err instanceof TooManyVariablesError) return failure(MobizonCode.CONSTRAINT, TransportMessage.tooManyVariables());
  const e = err as { code?: unknown; statusCode?: unknown };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return failure(MobizonCode.CONSTRAINT, TransportMessage.bodyTooLarge());
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return failure(MobizonCode.GENERAL, TransportMessage.badBody());
  return null;
}

/** `/service/a/b/c` → module a, method `b/c` (unknown by construction); `/service` → module "". */
function segmentsOf(url: string): { module: string; method: string } {
  const path = url.split('?')[0]!.slice(MOBIZON_PREFIX.length).replace(/^\/+|\/+$/g, '');
  const [module = '', ...rest] = path.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { module, method: rest.join('/') };
}

type KeyChecks = WeakMap<FastifyRequest, KeyCheck>;

/**
 * The checks a query-string key can pass before the body is read (see the module comment); the
 * outcome is kept in `checks` for the handler.
 */
function earlyKeyCheck(core: CoreContext, methods: MethodRegistry, checks: KeyChecks) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const query = parsePhpQuery(escapeHighBytes(rawQuery(request.url)));
    const text = (name: string): string | null => {
      const value = query.get(name);
      return typeof value === 'string' ? value : null;
    };
    const apiKey = text('apiKey');
    if (apiKey === null || apiKey === '') {
      // The key may be in the body: only the address can be refused before reading it.
      const { refusal } = authGate(core, request, MOBIZON_FACE, null);
      return refusal ? send(reply, throttledResult(reply, refusal), outputOfUrl(request.url)) : undefined;
    }
    const output = outputFormat(text('output'));
    const { module, method } = segmentsOf(request.url);
    if (output === null || !apiVersionSupported(text('api')) || methods.resolve(module, method).kind.startsWith('unknown')) return undefined;
    const key = await checkApiKey(core, request, reply, apiKey);
    checks.set(request, key);
    return key.ok ? undefined : send(reply, key.result, output);
  };
}

export function mobizonFace(core: CoreContext, options: MobizonFaceOptions = {}): FastifyPluginAsync {
  const methods = options.methods ?? defaultMethods();

  const authenticated: KeyChecks = new WeakMap();

  const handle = async (request: FastifyRequest, reply: FastifyReply, module: string, method: string): Promise<FastifyReply> => {
    const now = new Date();
    const input = readMobizonRequest({
      module,
      method,
      url: request.url,
      httpMethod: request.method,
      contentType: request.headers['content-type'],
      body: Buffer.isBuffer(request.body) ? request.body : null,
    });
    const output = outputFormat(input.output);
    if (output === null) return send(reply, failure(MobizonCode.BAD_FORMAT, TransportMessage.badOutput(input.output ?? '')), 'json');
    if (!apiVersionSupported(input.api)) return send(reply, failure(MobizonCode.BAD_FORMAT, TransportMessage.badApiVersion(input.api ?? '')), output);

    const resolved = methods.resolve(module, method);
    if (resolved.kind === 'unknown-module') return send(reply, failure(MobizonCode.UNKNOWN_MODULE, TransportMessage.unknownModule(module)), output);
    if (resolved.kind === 'unknown-method') return send(reply, failure(MobizonCode.UNKNOWN_METHOD, TransportMessage.unknownMethod(resolved.module, method)), output);

    const key = authenticated.get(request) ?? (await checkApiKey(core, request, reply, input.apiKey));
    if (!key.ok) return send(reply, key.result, output);
    const accountId = key.accountId;

    if (resolved.kind === 'declared') return send(reply, failure(MobizonCode.ACCESS_DENIED, TransportMessage.notImplemented(resolved.name)), output);
    let result: MobizonResult;
    try {
      result = await resolved.handler({ core, log: request.log, files: input.files, httpMethod: request.method, now }, { db: core.db, accountId }, input.params);
    } catch (err) {
      const mapped = resultOfError(err);
      if (mapped === null) request.log.error({ err, method: resolved.name }, 'mobizon method failed');
      result = mapped ?? applicationError();
    }
    return send(reply, result, output);
  };

  return async (app) => {
    // Raw bytes for every content type (and none): request.ts parses them as PHP would.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.addHook('onRequest', earlyKeyCheck(core, methods, authenticated));

    app.setErrorHandler(async (err, request, reply) => {
      const mapped = transportError(err);
      if (mapped === null) request.log.error({ err }, 'mobizon request failed');
      return send(reply, mapped ?? applicationError(), outputOfUrl(request.url));
    });

    app.route<{ Params: { module: string; method: string } }>({
      method: ['GET', 'POST'],
      url: '/:module/:method',
      handler: async (request, reply) => handle(request, reply, request.params.module, request.params.method),
    });

    // Missing or extra path segments, other HTTP methods: still the envelope, never an HTML 404.
    app.setNotFoundHandler(async (request, reply) => {
      const { module, method } = segmentsOf(request.url);
      return handle(request, reply, module, method);
    });
  };
}
