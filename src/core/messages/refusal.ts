import { DomainError } from '../errors.js';

/**
 * Why a well-formed message was refused. Each face names these its own way (SendExpert:
 * ERROR_FROM_EMAIL, EMAIL_UNSUBSCRIBED, NOT_ENOUGH_MONEY, FILES_SIZE_TOO_LARGE,
 * UNSUBSCRIBE_FORM_NOT_EXIST).
 */
export type RefusalReason = 'sender_not_verified' | 'recipient_suppressed' | 'insufficient_funds' | 'attachments_too_large' | 'unsubscribe_form_not_found';

export class SendRefusedError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** Position of the refused message in a batch. */
    readonly index: number,
  ) {
    super(message);
    this.name = 'SendRefusedError';
  }
}
