/**
 * The Mobizon answer `{"code":…,"data":…,"message":…}` (docs/protocols/mobizon.md §Envelope). Codes 0 (done) and
 * 100 (background task started, data = task id) are success; every other code is an error the
 * service reports with HTTP 200, so the HTTP status is not what decides (mobizon-php ignores it too).
 */

export const MobizonCode = {
  OK: 0,
  VALIDATION: 1,
  NOT_FOUND: 2,
  APPLICATION_ERROR: 3,
  BAD_MODULE: 4,
  BAD_METHOD: 5,
  BAD_FORMAT: 6,
  AUTH: 8,
  ACCESS_DENIED: 9,
  SAVE_ERROR: 10,
  REQUIRED_MISSING: 11,
  CONSTRAINT: 12,
  WRONG_SERVER: 13,
  ACCOUNT_BLOCKED: 14,
  OPERATION_ERROR: 15,
  RATE_LIMIT: 30,
  PARTIAL: 98,
  NOTHING_DONE: 99,
  BACKGROUND_TASK: 100,
  GENERAL_ERROR: 999,
} as const;

/** One answer as received. */
export interface MobizonResponse<T = unknown> {
  code: number;
  data: T;
  message: string;
  /** The HTTP status (200 for every answer of the real service) and the body text as received. */
  status: number;
  body: string;
}

/** The service answered with an error code. */
export class MobizonError extends Error {
  readonly code: number;
  /** `data` of the answer: field errors for code 1, the right API domain for code 13, often `[]` or null. */
  readonly data: unknown;
  readonly response: MobizonResponse;

  constructor(readonly method: string, response: MobizonResponse) {
    super(`${method}: [${response.code}] ${response.message}`);
    this.name = 'MobizonError';
    this.code = response.code;
    this.data = response.data;
    this.response = response;
  }

  /** The service's own message (localised by the real service). */
  get serviceMessage(): string {
    return this.response.message;
  }

  /** Field → messages for a validation error (`data.name[0]`); empty when `data` has no such map. */
  get fieldErrors(): Record<string, string[]> {
    const data = this.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
    const out: Record<string, string[]> = {};
    for (const [field, messages] of Object.entries(data)) {
      if (Array.isArray(messages)) out[field] = messages.map((m) => String(m));
      else if (typeof messages === 'string') out[field] = [messages];
    }
    return out;
  }
}

/** The answer is not a Mobizon envelope (HTML error page, empty body, a proxy's answer…). */
export class MobizonResponseError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly body: string,
    why: string,
  ) {
    super(`${method}: ${why} (HTTP ${status}): ${body.slice(0, 200)}`);
    this.name = 'MobizonResponseError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an answer; throws MobizonResponseError when it is not an envelope. `code` may come as a
 * numeric string (mobizon-php compares loosely), a missing `message` reads as "".
 */
export function parseEnvelope(method: string, status: number, body: string): MobizonResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    throw new MobizonResponseError(method, status, body, 'the answer is not JSON');
  }
  if (!isRecord(parsed)) throw new MobizonResponseError(method, status, body, 'the answer is not a JSON object');
  const code = typeof parsed.code === 'string' && /^\d+$/.test(parsed.code) ? Number(parsed.code) : parsed.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) throw new MobizonResponseError(method, status, body, 'the answer has no code');
  return { code, data: parsed.data ?? null, message: typeof parsed.message === 'string' ? parsed.message : '', status, body };
}

/** Success codes of every method; a typed method may accept more (addRecipients: 98 and 99). */
export const SUCCESS_CODES: readonly number[] = [MobizonCode.OK, MobizonCode.BACKGROUND_TASK];
