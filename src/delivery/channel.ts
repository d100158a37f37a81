import type { FailureStatus, SubmittedPart } from '../core/messages/outcomes.js';
import type { ClaimedMessage } from './claim.js';

/**
 * What one attempt came to, as the channel sees it. `temporary` leaves the retry decision to the
 * dispatcher, which knows the message's deadline; `statusIfFinal` is what it fails with when no
 * time is left (a full mailbox on the last try is ERROR_EMAIL_IS_FULL, a busy server ERROR_UNAVAILABLE).
 */
export type ChannelResult =
  | { kind: 'sent'; response: string; parts?: SubmittedPart[] }
  | { kind: 'failed'; status: FailureStatus; response: string }
  | { kind: 'temporary'; response: string; statusIfFinal: FailureStatus };

/**
 * A way out of the building (SMTP for email, SMPP for SMS). The dispatcher hands it claimed
 * messages; it reports one result per message through `done` as each attempt ends, so slow
 * recipients do not hold up the rest of a batch.
 */
export interface Channel {
  readonly name: string;
  /** Attempts every message; resolves when all have reported. */
  send(messages: readonly ClaimedMessage[], done: (message: ClaimedMessage, result: ChannelResult) => void): Promise<void>;
  close(): Promise<void>;
}
