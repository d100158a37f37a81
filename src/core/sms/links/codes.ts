/**
 * Codes of short links: the part after `/s/` in `${publicUrl}/s/<code>`.
 *
 * Every code has the same length (LINK_CODE_LENGTH) so a per-recipient short link is exactly as long
 * as the account link it replaces: a campaign's segments can be counted before any code is drawn.
 * Eight base62 characters give 62^8 ≈ 2.2·10^14 codes, so random codes of millions of recipients
 * practically never collide (and the unique indexes catch the rare case).
 *
 * The two kinds never share a code: account links start with a lower-case letter or a digit,
 * per-recipient codes with an upper-case letter. The redirect then knows which table to look in,
 * and a recipient code drawn without a database round trip can never shadow a link.
 */
import { randomInt } from 'node:crypto';

export const LINK_CODE_LENGTH = 8;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = `${LOWER_AND_DIGITS}${UPPER}`;

const CODE_SHAPE = /^[A-Za-z0-9]+$/;

function draw(first: string, length: number): string {
  let code = first[randomInt(first.length)] ?? '';
  for (let i = 1; i < length; i++) code += BASE62[randomInt(BASE62.length)] ?? '';
  return code;
}

/** A new random code for an account link. */
export function newLinkCode(length = LINK_CODE_LENGTH): string {
  return draw(LOWER_AND_DIGITS, length);
}

/** A new random per-recipient code (trackShortLinkRecipients). */
export function newRecipientCode(length = LINK_CODE_LENGTH): string {
  return draw(UPPER, length);
}

/** Whether a code, if it exists, is a per-recipient one (else an account link's). */
export function isRecipientCode(code: string): boolean {
  return /^[A-Z]/.test(code);
}

/** Whether a string can be a code at all (anything else is not looked up). */
export function isCodeShaped(code: string): boolean {
  return code.length > 0 && code.length <= 32 && CODE_SHAPE.test(code);
}

/** The public base without a trailing slash, so `${base}/s/…` never has `//`. */
export function linkBase(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

/** The short link of a code: `${publicUrl}/s/<code>`. */
export function shortLinkUrl(publicUrl: string, code: string): string {
  return `${linkBase(publicUrl)}/s/${code}`;
}

/**
 * The code of a short link given as a URL (`https://host/s/abc`, with or without the scheme, a
 * trailing slash or a query): the last path segment after `/s/`. Null when it is not one.
 */
export function codeOfShortLink(shortLink: string): string | null {
  const text = shortLink.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let path: string;
  try {
    path = new URL(withScheme).pathname;
  } catch {
    return null;
  }
  const m = /\/s\/([A-Za-z0-9]+)\/?$/.exec(path);
  return m?.[1] ?? null;
}
