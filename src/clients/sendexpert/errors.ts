/** Failures of a SendExpert call. */

/**
 * The service answered `{"error":"CODE","result":…}`: a documented code (NOT_REQUIRED_FIELDS,
 * NOT_ENOUGH_MONEY, ERROR_MAIL_NOT_EXIST, …) or a transport one (Herald: ERROR_SIGN, TOO_MANY_ATTEMPTS…).
 */
export class SendExpertError extends Error {
  constructor(
    readonly action: string,
    readonly code: string,
    readonly result: unknown,
    readonly body: string,
  ) {
    super(`${action}: ${code}`);
    this.name = 'SendExpertError';
  }
}

/** The answer is not a `{error, result}` JSON object. */
export class SendExpertResponseError extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly body: string,
    why: string,
  ) {
    super(`${action}: ${why} (HTTP ${status}): ${body.slice(0, 200)}`);
    this.name = 'SendExpertResponseError';
  }
}
