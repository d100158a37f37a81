/**
 * Path decoding as the SmartFocus client encodes (docs/protocols/smartfocus.md §Paths): split the raw path on `/`
 * BEFORE percent-decoding (a password may contain `%2F`); the password segment is PHP urlencode
 * output (`+` is a space); every other segment is raw, where a literal `+` (in an email) stays `+`,
 * but `%XX` is decoded in case a caller pre-encoded it.
 */
export function rawSegments(rawPath: string): string[] {
  return rawPath.split('/').filter((s) => s !== '');
}

/** Decodes `%XX` only; malformed escapes are kept as written. */
export function decodeRawSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** PHP urldecode: `+` → space, then `%XX`. */
export function decodeUrlencoded(segment: string): string {
  return decodeRawSegment(segment.replace(/\+/g, ' '));
}
