/**
 * The target of a short link. Only http(s) URLs with a host are accepted, so the redirect can
 * never send a visitor to `javascript:`, `data:` or a local file. Mobizon accepts a bare
 * `www.example.com` (its Create documentation gives it as an example): such a link gets `http://`.
 */
import { ValidationError } from '../../errors.js';

export const FULL_LINK_MAX_LENGTH = 2048;

/** The link to store, or a ValidationError on `field`. */
export function normaliseFullLink(input: string, field = 'fullLink'): string {
  const text = input.trim();
  if (text === '') throw ValidationError.single(field, 'required', 'The full link is required.');
  if (text.length > FULL_LINK_MAX_LENGTH) throw ValidationError.single(field, 'too_long', `The full link is longer than ${FULL_LINK_MAX_LENGTH} characters.`);
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d+(\/|$)/.test(text);
  const candidate = hasScheme ? text : `http://${text}`;
  const url = safeHttpUrl(candidate);
  if (url === null) throw ValidationError.single(field, 'invalid', 'The full link must be an http or https URL.');
  return candidate;
}

/** The URL when it is http(s) with a host and no whitespace; null otherwise. */
export function safeHttpUrl(text: string): URL | null {
  if (/\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url;
}
