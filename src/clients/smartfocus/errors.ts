/**
 * A SmartFocus failure: the service answered `<response responseStatus="failed">` with a
 * description, the offending parameter or value (`fields`) and a status code such as
 * CHECK_TOKEN_FAILED or GET_FLATUPLOAD_FAILED (docs/protocols/smartfocus.md §Envelope). The vendor sends these with
 * HTTP 500; `httpStatus` keeps what came.
 */
export class SmartFocusError extends Error {
  constructor(
    /** The `<status>` code, e.g. `UPDATE_MEMBER_FAILED`; `INVALID_RESPONSE` when the body was not a SmartFocus response. */
    readonly status: string,
    /** The `<description>` text (also the message). */
    readonly description: string,
    /** The `<fields>` text: the parameter or value the service objects to ('' when absent). */
    readonly fields: string,
    readonly httpStatus: number,
    /** The response body as received. */
    readonly raw: string,
  ) {
    super(description === '' ? status : description);
    this.name = 'SmartFocusError';
  }
}

/** Status of a SmartFocusError raised for a body that is not a SmartFocus XML response (a proxy's HTML page…). */
export const INVALID_RESPONSE = 'INVALID_RESPONSE';

/** A method was called before openConnection() (or after closeConnection()). */
export class SmartFocusNotConnectedError extends Error {
  constructor(service: string) {
    super(`${service}: no open connection; call openConnection() first`);
    this.name = 'SmartFocusNotConnectedError';
  }
}
