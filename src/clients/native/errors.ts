/**
 * Herald answers every failure with `{"error":{"code","message","details"}}`. openapi-fetch
 * returns such answers as `{ error, response }`; `unwrap` turns them into a thrown
 * HeraldApiError for callers that prefer exceptions (the CLI does).
 */
import type { components } from './schema.js';

export type HeraldErrorDetail = components['schemas']['ErrorDetail'];

export class HeraldApiError extends Error {
  constructor(
    readonly status: number,
    /** Machine-readable, e.g. `validation_failed`, `not_found`, `insufficient_funds`. */
    readonly code: string,
    message: string,
    readonly details: HeraldErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'HeraldApiError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error of a failed answer; bodies that are not Herald's envelope (a proxy's page) keep their text. */
export function apiErrorOf(status: number, body: unknown): HeraldApiError {
  const envelope = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (envelope && typeof envelope.code === 'string' && typeof envelope.message === 'string') {
    const details = Array.isArray(envelope.details) ? envelope.details.filter((d): d is HeraldErrorDetail => isRecord(d) && typeof d.field === 'string' && typeof d.code === 'string' && typeof d.message === 'string') : [];
    return new HeraldApiError(status, envelope.code, envelope.message, details);
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return new HeraldApiError(status, `http_${status}`, text === '' ? `HTTP ${status}` : `HTTP ${status}: ${text}`);
}

/** An openapi-fetch result: its data, or a HeraldApiError thrown for an error answer. */
export function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(result: R): Exclude<R['data'], undefined> {
  if (!result.response.ok) throw apiErrorOf(result.response.status, result.error);
  return result.data as Exclude<R['data'], undefined>;
}
