/**
 * The Mobizon envelope `{"code":…,"data":…,"message":…}`: always the three keys in this order,
 * encoded as PHP's json_encode writes it (`\/`, `\uXXXX`, empty array `[]`), HTTP 200 whatever the
 * code. `output=xml` gets the same three values as XML (xml.ts).
 *
 * Error `data` is `[]` for the transport's own errors (the captured auth failure is
 * `{"code":8,"data":[],"message":"…"}`), and for validation errors (code 1) an object mapping each
 * field to its messages, as the live service does (`data.name[0]`).
 */
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../core/errors.js';
import { CampaignStateError } from '../../core/sms/campaigns/errors.js';
import { PhpJsonError, phpJsonEncode } from '../../wire/php-json.js';
import { MobizonCode, TransportMessage } from './codes.js';
import { toMobizonXml } from './xml.js';

export interface MobizonResult<T = unknown> {
  code: number;
  data: T;
  message: string;
}

export type OutputFormat = 'json' | 'xml';

export function success<T>(data: T, code: number = MobizonCode.OK): MobizonResult<T> {
  return { code, data, message: '' };
}

export function failure(code: number, message: string, data: unknown = []): MobizonResult {
  return { code, data, message };
}

/** Thrown by handlers (and helpers they call) to answer an error envelope. */
export class MobizonError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown = [],
  ) {
    super(message);
    this.name = 'MobizonError';
  }
}

/** Field → messages, the shape of `data` in a code 1 answer. */
export function fieldErrors(issues: readonly { field: string; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[issue.field] ??= []).push(issue.message);
  return out;
}

/** An error thrown while running a method, as an envelope; null for an unexpected error (the caller logs it). */
export function resultOfError(err: unknown): MobizonResult | null {
  if (err instanceof MobizonError) return failure(err.code, err.message, err.data);
  if (err instanceof ValidationError) return failure(MobizonCode.VALIDATION, err.message, fieldErrors(err.issues));
  if (err instanceof NotFoundError) return failure(MobizonCode.NOT_FOUND, err.message);
  // A campaign locked by another adder, or whose status forbids the call: the reference's code 10.
  if (err instanceof CampaignStateError) return failure(MobizonCode.SAVE_ERROR, err.message);
  if (err instanceof ConflictError) {
    return err.field === undefined ? failure(MobizonCode.OPERATION_ERROR, err.message) : failure(MobizonCode.VALIDATION, err.message, { [err.field]: [err.message] });
  }
  if (err instanceof DomainError && err.kind === 'forbidden') return failure(MobizonCode.ACCESS_DENIED, err.message);
  return null;
}

export function applicationError(): MobizonResult {
  return failure(MobizonCode.APPLICATION_ERROR, TransportMessage.applicationError());
}

/** The response body and its content type. */
export function encodeResult(result: MobizonResult, output: OutputFormat): { contentType: string; body: string } {
  // Key order is part of the contract: code, data, message.
  const envelope = { code: result.code, data: result.data, message: result.message };
  if (output === 'xml') return { contentType: 'application/xml; charset=utf-8', body: toMobizonXml(envelope) };
  let body: string;
  try {
    body = phpJsonEncode(envelope);
  } catch (err) {
    // PHP's json_encode gives false (an empty body) for text it cannot encode, e.g. a lone
    // surrogate echoed from a JSON request; an envelope serves clients better.
    if (!(err instanceof PhpJsonError)) throw err;
    body = phpJsonEncode(applicationError());
  }
  return { contentType: 'application/json; charset=utf-8', body };
}
