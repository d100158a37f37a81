/**
 * The SendExpert response envelope `{"error":"","result":…}` / `{"error":"CODE","result":""}`,
 * always HTTP 200 and encoded by PHP's json_encode rules (`\/`, `\uXXXX`) so the body reads exactly
 * as the PHP service wrote it. Error codes come from the vendor's document where it has one; the
 * transport and authentication codes are Herald's (the document is silent, docs/protocols/sendexpert.md §Herald's choices).
 */
import { phpJsonEncode } from '../../wire/php-json.js';

/** Documented by the vendor (sendMail, getStatusMail). */
export type DocumentedErrorCode =
  | 'NOT_REQUIRED_FIELDS'
  | 'FILES_SIZE_TOO_LARGE'
  | 'NOT_ENOUGH_MONEY'
  | 'ERROR_SEND_MAIL'
  | 'UNSUBSCRIBE_FORM_NOT_EXIST'
  | 'EMAIL_UNSUBSCRIBED'
  | 'ERROR_FROM_EMAIL'
  | 'PROJECT_NOT_EXIST'
  | 'ERROR_MAIL_NOT_EXIST';

/** Herald's choices where the document has none (README, SendExpert section). */
export type HeraldErrorCode =
  /** Body is not one of the two encodings, or user_id / action / sign / data (request) is missing or malformed. */
  | 'BAD_REQUEST'
  /** No account has this user_id, or the sign does not match md5(key . json_encode(data)). */
  | 'ERROR_SIGN'
  /** Too many failed authentications from this address or for this user_id; see Retry-After. */
  | 'TOO_MANY_ATTEMPTS'
  /** The action is none of checkAPI, getAccountInfo, sendMail, getStatusMail, getStatByDate. */
  | 'ACTION_NOT_EXIST'
  /** getStatByDate: a time is not a Unix timestamp, or time_end is before time_start. */
  | 'ERROR_DATE_RANGE'
  /** getStatByDate: more than MAX_STAT_DAYS days. */
  | 'DATE_RANGE_TOO_LARGE'
  /** Anything unexpected outside sendMail (logged). */
  | 'INTERNAL_ERROR';

export type TransErrorCode = DocumentedErrorCode | HeraldErrorCode;

/** An error answered as `{"error": code, "result": ""}`; `message` is for the log only. */
export class TransError extends Error {
  constructor(
    readonly code: TransErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'TransError';
  }
}

export function successBody(result: unknown): string {
  return phpJsonEncode({ error: '', result });
}

export function errorBody(code: TransErrorCode): string {
  return phpJsonEncode({ error: code, result: '' });
}
