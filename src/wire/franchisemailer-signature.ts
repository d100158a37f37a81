/**
 * The FranchiseMailer request signature: the `hmac` header is PHP's hash_hmac('sha1', $requestdate,
 * $secretkey), 40 lower-case hex digits over the `requestdate` header exactly as sent. Only the date is
 * signed, not the body or URL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** hash_hmac('sha1', $requestdate, $secretkey) as PHP prints it: 40 lower-case hex digits. */
export function computeHmac(requestDate: string, secretKey: string): string {
  return createHmac('sha1', secretKey).update(requestDate, 'utf8').digest('hex');
}

/** Constant-time comparison; a value of the wrong length or case simply does not match. */
export function hmacMatches(received: string, requestDate: string, secretKey: string): boolean {
  const expected = Buffer.from(computeHmac(requestDate, secretKey), 'utf8');
  const given = Buffer.from(received, 'utf8');
  if (given.length !== expected.length) {
    // Still spend the comparison so the length is the only thing a timing probe can learn.
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}
