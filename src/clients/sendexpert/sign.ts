/**
 * SendExpert signatures (docs/protocols/sendexpert.md §Signature, §PHP json_encode, §Test vectors):
 *   request sign      = md5(key . json_encode($data))
 *   callback checksum = md5(key . json_encode($data) . key)
 * lower-case hex, over UTF-8 bytes, json_encode as PHP writes it (src/wire/php-json.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { phpJsonEncode } from '../../wire/php-json.js';

function md5Hex(...parts: string[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part, 'utf8');
  return hash.digest('hex');
}

/** The sign over an already encoded `data` text (the form variant signs its `request` field this way). */
export function signText(key: string, dataJson: string): string {
  return md5Hex(key, dataJson);
}

/** `md5(key . json_encode($data))`. */
export function sign(key: string, data: unknown): string {
  return signText(key, phpJsonEncode(data));
}

/** `md5(key . json_encode($data) . key)`. */
export function callbackChecksum(key: string, data: unknown): string {
  const json = phpJsonEncode(data);
  return md5Hex(key, json, key);
}

/** Compares two hex digests in constant time, ignoring hex case. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'latin1');
  const y = Buffer.from(b.toLowerCase(), 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}
