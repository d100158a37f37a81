/** What the client throws: the service's documented error envelope, or a response it cannot read. */

/** The documented error body: `{"messages":{"error":{"message":"Email Address Required"}}}`. */
export interface ErrorEnvelope {
  messages: { error: { message: string } };
}

/**
 * The service answered with an error status (400 validation, 403 credentials / date / IP, 404,
 * 405, …). `message` and `messages` come from the error envelope when the body has one.
 */
export class FranchiseMailerError extends Error {
  constructor(
    /** HTTP status of the response. */
    readonly status: number,
    message: string,
    /** The envelope's `messages` block as received; undefined when the body was not an envelope. */
    readonly messages: ErrorEnvelope['messages'] | undefined,
    /** The response body as text, for logging. */
    readonly body: string,
  ) {
    super(message);
    this.name = 'FranchiseMailerError';
  }
}

/** A success status whose body is not the documented `{"status":"success","data":…}` shape. */
export class FranchiseMailerProtocolError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
    this.name = 'FranchiseMailerProtocolError';
  }
}
