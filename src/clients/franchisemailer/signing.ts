/**
 * FranchiseMailer request authentication (docs/protocols/franchisemailer.md §Signature): every request carries
 * `accesskey`, `requestdate` = PHP gmdate('r') and `hmac` = hash_hmac('sha1', requestdate, secret)
 * as 40 lower-case hex digits. The body and URL are not signed.
 */
import { createHmac } from 'node:crypto';

export interface FranchiseMailerCredentials {
  /** 32 hex digits, per account. */
  accessKey: string;
  /** 40 hex digits, per account; never sent, only used to sign. */
  secretKey: string;
}

/**
 * PHP gmdate('r'): `Tue, 14 Nov 2023 22:13:20 +0000`. toUTCString() already writes the RFC 7231
 * form with a zero-padded day and English names; only the zone differs (`GMT` vs `+0000`).
 */
export function gmdateR(date: Date): string {
  return date.toUTCString().replace(/ GMT$/, ' +0000');
}

/** hash_hmac('sha1', $requestDate, $secretKey): the HMAC of the date text exactly as sent. */
export function signRequestDate(requestDate: string, secretKey: string): string {
  return createHmac('sha1', secretKey).update(requestDate, 'utf8').digest('hex');
}

/**
 * The three authentication headers. The vendor snippet calls gmdate('r') twice (header and HMAC
 * input), so a call straddling a second boundary fails; one value here signs what is sent.
 */
export function authHeaders(credentials: FranchiseMailerCredentials, now: Date): Record<'accesskey' | 'requestdate' | 'hmac', string> {
  const requestdate = gmdateR(now);
  return { accesskey: credentials.accessKey, requestdate, hmac: signRequestDate(requestdate, credentials.secretKey) };
}
