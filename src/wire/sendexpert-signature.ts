// SendExpert request signs and callback checksums (docs/protocols/sendexpert.md §Signature, §PHP json_encode, §Test vectors).
//   sign     = md5(key . json_encode($data))
//   checksum = md5(key . json_encode($data) . key)
// Verification prefers the bytes the client actually sent (the PHP client builds the body with the same
// json_encode, so the nested `data` text is the signed text) and only then re-encodes PHP-style, which
// covers clients whose body encoder differs from their sign encoder.
import { createHash, timingSafeEqual } from 'node:crypto';
import { PhpJsonError, phpJsonEncode, phpJsonReencode } from './php-json.js';

function md5Hex(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** `md5(key . dataJsonText)`, lower-case hex. */
export function requestSign(key: string, dataJsonText: string): string {
  return md5Hex(key, dataJsonText);
}

/** `md5(key . dataJsonText . key)`, lower-case hex. */
export function callbackChecksum(key: string, dataJsonText: string): string {
  return md5Hex(key, dataJsonText, key);
}

export type SignInput =
  /** JSON body `{user_id, action, data, sign}`; `data` is the decoded value, used when the raw text cannot be found. */
  | { key: string; sign: unknown; rawBody: string | Uint8Array; data?: unknown }
  /** Form variant: field `request` holds the JSON text that was signed. */
  | { key: string; sign: unknown; request: string };

export type SignCheck = { ok: true; matched: 'raw-data' | 'request' | 'php-reencoded' | 'php-encoded' } | { ok: false; reason: 'malformed-sign' | 'no-data' | 'mismatch' };

const SIGN_SHAPE = /^[0-9a-f]{32}$/;

/** Checks a request `sign`; comparison is constant-time and hex case-insensitive. */
export function verifyRequestSign(input: SignInput): SignCheck {
  if (typeof input.sign !== 'string' || !SIGN_SHAPE.test(input.sign.toLowerCase())) return { ok: false, reason: 'malformed-sign' };
  const expected = Buffer.from(input.sign.toLowerCase(), 'latin1');
  const keyBytes = Buffer.from(input.key, 'utf8');
  const matches = (...signed: (string | Uint8Array)[]): boolean => timingSafeEqual(Buffer.from(md5Hex(keyBytes, ...signed), 'latin1'), expected);

  let candidates: [SignCheck & { ok: true }, string | Uint8Array][];
  if ('request' in input) {
    candidates = [[{ ok: true, matched: 'request' }, input.request]];
    const reencoded = tryEncode(() => phpJsonReencode(input.request));
    if (reencoded !== null) candidates.push([{ ok: true, matched: 'php-reencoded' }, reencoded]);
  } else {
    const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
    const span = findTopLevelMember(body, 'data');
    candidates = [];
    if (span !== null) {
      const raw = body.subarray(span.start, span.end);
      candidates.push([{ ok: true, matched: 'raw-data' }, raw]);
      const reencoded = tryEncode(() => phpJsonReencode(Buffer.from(raw).toString('utf8')));
      if (reencoded !== null) candidates.push([{ ok: true, matched: 'php-reencoded' }, reencoded]);
    }
    if (input.data !== undefined) {
      const encoded = tryEncode(() => phpJsonEncode(input.data));
      if (encoded !== null) candidates.push([{ ok: true, matched: 'php-encoded' }, encoded]);
    }
    if (candidates.length === 0) return { ok: false, reason: 'no-data' };
  }
  // Every candidate is hashed and compared so timing does not reveal which form matched.
  let found: SignCheck | null = null;
  for (const [result, signed] of candidates) if (matches(signed) && found === null) found = result;
  return found ?? { ok: false, reason: 'mismatch' };
}

function tryEncode(encode: () => string): string | null {
  try {
    return encode();
  } catch (err) {
    if (err instanceof PhpJsonError) return null;
    throw err;
  }
}

export interface Span {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// Bytes of numbers and of true/false/null; validation is JSON.parse's job, this only finds the end.
function isScalarByte(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || byte === 0x2d || byte === 0x2b || byte === 0x2e;
}

function isWs(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * Byte range of the value of top-level member `name` in a JSON object text (the last one if repeated,
 * as both JSON.parse and PHP keep the last). Works on bytes: UTF-8 continuation bytes never look like
 * JSON punctuation. Returns null when the text is not a well-formed object at the top level.
 */
export function findTopLevelMember(json: Uint8Array, name: string): Span | null {
  let pos = 0;
  const skipWs = (): void => {
    while (isWs(json[pos])) pos++;
  };
  // Skips a string starting at `pos` (a quote); returns its raw bytes' end or -1.
  const skipString = (): number => {
    pos++;
    while (pos < json.length) {
      const byte = json[pos]!;
      if (byte === BACKSLASH) pos += 2;
      else if (byte === QUOTE) return ++pos;
      else if (byte < 0x20) return -1;
      else pos++;
    }
    return -1;
  };
  // Skips one value of any kind, tracking nesting and strings; returns false on malformed input.
  const skipValue = (): boolean => {
    let depth = 0;
    do {
      skipWs();
      const byte = json[pos];
      if (byte === undefined) return false;
      if (byte === QUOTE) {
        if (skipString() < 0) return false;
      } else if (byte === 0x7b || byte === 0x5b) {
        depth++;
        pos++;
      } else if (byte === 0x7d || byte === 0x5d) {
        if (depth === 0) return false;
        depth--;
        pos++;
      } else if (byte === 0x2c || byte === 0x3a) {
        if (depth === 0) return false;
        pos++;
      } else {
        const start = pos;
        while (isScalarByte(json[pos])) pos++;
        if (pos === start) return false;
      }
    } while (depth > 0);
    return true;
  };

  const wanted = Buffer.from(JSON.stringify(name), 'utf8');
  let found: Span | null = null;
  skipWs();
  if (json[pos] !== 0x7b) return null;
  pos++;
  skipWs();
  if (json[pos] === 0x7d) return null;
  for (;;) {
    skipWs();
    if (json[pos] !== QUOTE) return null;
    const keyStart = pos;
    if (skipString() < 0) return null;
    const key = json.subarray(keyStart, pos);
    skipWs();
    if (json[pos] !== 0x3a) return null;
    pos++;
    skipWs();
    const valueStart = pos;
    if (!skipValue()) return null;
    // Compare decoded keys so an escaped spelling ("d\u0061ta") still counts, as it does for JSON.parse.
    if (Buffer.compare(key, wanted) === 0 || decodeKey(key) === name) found = { start: valueStart, end: pos };
    skipWs();
    const sep = json[pos++];
    if (sep === 0x7d) break;
    if (sep !== 0x2c) return null;
  }
  skipWs();
  return pos === json.length ? found : null;
}

function decodeKey(raw: Uint8Array): string | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(raw).toString('utf8'));
    return typeof decoded === 'string' ? decoded : null;
  } catch {
    return null;
  }
}
