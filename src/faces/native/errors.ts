import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, DomainError, GoneError, NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.js';
import type { ErrorBodyType } from './common.schemas.js';
import { SendRefusedError } from '../../core/messages/refusal.js';
import { SmsRefusedError } from '../../core/sms/single-send.js';
import { SystemMailUnavailableError } from '../../core/senders/verification-mail.js';

type Detail = ErrorBodyType['error']['details'][number];

/** Raised by the auth hook; lives here because only this face's error format knows about it. */
export class UnauthorizedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** Too many failed authentications from the caller's address; `Retry-After` says when to come back. */
export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed authentication attempts; retry in ${retryAfterSeconds} seconds`);
    this.name = 'TooManyAttemptsError';
  }
}

/** A route that takes another body type than JSON (multipart uploads) received something else. */
export class UnsupportedMediaTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export function errorBody(code: string, message: string, details: Detail[] = []): ErrorBodyType {
  return { error: { code, message, details } };
}

function issueDetails(issues: readonly FieldIssue[]): Detail[] {
  return issues.map((issue) => ({ field: issue.field, code: issue.code, message: issue.message }));
}

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as Partial<FastifyError>).code === 'string';
}

/** Schema failures from nativeValidatorCompiler carry field and code in `params`. */
function schemaDetails(err: FastifyError): Detail[] {
  const context = err.validationContext ?? 'body';
  return (err.validation ?? []).map((v) => {
    const params = v.params as { field?: unknown; code?: unknown };
    const field = typeof params.field === 'string' ? params.field : v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const code = typeof params.code === 'string' ? params.code : 'invalid';
    const message = v.message ?? 'Invalid value';
    // Query and path problems name their part so `id` in the path is not mistaken for a body field.
    return { field: context === 'body' ? field : `${context}.${field}`.replace(/\.$/, ''), code, message: field ? `${field}: ${message}` : message };
  });
}

interface Mapped {
  status: number;
  body: ErrorBodyType;
}

/** One place decides how every failure inside /api/v1 looks on the wire. */
export function mapError(err: unknown): Mapped | null {
  if (err instanceof UnauthorizedError) return { status: 401, body: errorBody('unauthorized', err.message) };
  if (err instanceof TooManyAttemptsError) return { status: 429, body: errorBody('too_many_requests', err.message) };
  if (err instanceof UnsupportedMediaTypeError) return { status: 415, body: errorBody('unsupported_media_type', err.message) };
  if (err instanceof SendRefusedError) return { status: 422, body: errorBody(err.reason, err.message, [{ field: `messages[${err.index}]`, code: 'not_allowed', message: err.message }]) };
  if (err instanceof SmsRefusedError) {
    const code = err.field === 'recipient' ? 'recipient_refused' : err.field === 'balance' ? 'insufficient_funds' : 'validation_failed';
    const detailCode = err.recipientCode === null ? 'invalid' : `recipient_code_${err.recipientCode}`;
    return { status: err.field === 'text' || err.field === 'validity' ? 400 : 422, body: errorBody(code, err.message, [{ field: err.field, code: detailCode, message: err.message }]) };
  }
  // The server's configuration, not the request, is at fault: the message names the setting.
  if (err instanceof SystemMailUnavailableError) return { status: 503, body: errorBody('system_mail_unavailable', err.message) };
  if (err instanceof ValidationError) return { status: 400, body: errorBody('validation_failed', err.message, issueDetails(err.issues)) };
  if (err instanceof NotFoundError) return { status: 404, body: errorBody('not_found', err.message) };
  if (err instanceof GoneError) return { status: 410, body: errorBody('gone', err.message) };
  if (err instanceof ConflictError) {
    const details: Detail[] = err.field ? [{ field: err.field, code: 'conflict', message: err.message }] : [];
    return { status: 409, body: errorBody('conflict', err.message, details) };
  }
  if (err instanceof DomainError && err.kind === 'forbidden') return { status: 403, body: errorBody('forbidden', err.message) };
  if (!isFastifyError(err)) return null;
  if (err.validation) {
    const details = schemaDetails(err);
    return { status: 400, body: errorBody('validation_failed', details[0]?.message ?? 'Invalid request', details) };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: errorBody('payload_too_large', 'Request body is too large') };
    // @fastify/multipart limits (import uploads).
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return { status: 413, body: errorBody('payload_too_large', `Upload too large: ${err.message}`) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: errorBody('unsupported_media_type', 'Send request bodies as application/json') };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: errorBody('invalid_json', 'Request body is not valid JSON') };
  }
  // Other client errors Fastify raises (bad content-length, prototype poisoning…) keep their status.
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, body: errorBody('bad_request', err.message) };
  return null;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(err);
    if (mapped) {
      if (mapped.status >= 500) request.log.error({ err }, 'native API error');
      if (mapped.status === 401) reply.header('www-authenticate', 'Bearer realm="herald"');
      if (err instanceof TooManyAttemptsError) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.code(mapped.status).send(mapped.body);
    }
    // Unknown failures are logged in full but never described to the client.
    request.log.error({ err }, 'native API internal error');
    return reply.code(500).send(errorBody('internal_error', 'Internal server error'));
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    return reply.code(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`));
  });
}
