/**
 * Receiving SendExpert callbacks (the document's "CallBack функции"): a POST whose JSON body is
 * `{"data":[{"mail_id":"265","timestamp":"1508765221","status":"sent"},…],"checksum":"…"}` with
 * checksum = MD5(account_key . json_encode($data) . account_key).
 *
 * Verification does what the document tells a PHP receiver to do: decode the body, json_encode its
 * `data` again and hash. The PHP encoder (src/wire/php-json.ts) reproduces json_encode for decoded JSON
 * exactly, except for numbers beyond 2^53 (JavaScript cannot hold them); callback values are strings.
 */
import { callbackChecksum, sameDigest } from './sign.js';
import { PhpJsonError } from '../../wire/php-json.js';

/** sent, delivered, open, move, unsubscribe, spam, error, smtp-warning. */
export type CallbackStatus = 'sent' | 'delivered' | 'open' | 'move' | 'unsubscribe' | 'spam' | 'error' | 'smtp-warning';

export interface CallbackEvent {
  /** "" for smtp-warning, which concerns no single mail. */
  mail_id: string;
  /** Unix seconds, as a string as sent. */
  timestamp: string;
  status: CallbackStatus | string;
  /** Any further fields (smtp-warning's figures), as sent. */
  [field: string]: unknown;
}

/** The body is not a signed callback of this key. */
export class SendExpertCallbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendExpertCallbackError';
  }
}

/** A body as received (text or bytes of the JSON), or already decoded by a framework. */
export type CallbackBody = string | Uint8Array | { data?: unknown; checksum?: unknown };

function decode(body: CallbackBody): { data: unknown; checksum: unknown } {
  let value: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new SendExpertCallbackError('the callback body is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SendExpertCallbackError('the callback body is not a JSON object');
  const record = value as Record<string, unknown>;
  if (!('data' in record)) throw new SendExpertCallbackError('the callback has no data');
  return { data: record.data, checksum: record.checksum };
}

/** Whether `body` carries a checksum made with `key` over its data. */
export function verifyCallback(body: CallbackBody, key: string): boolean {
  let decoded: { data: unknown; checksum: unknown };
  try {
    decoded = decode(body);
  } catch {
    return false;
  }
  if (typeof decoded.checksum !== 'string' || !/^[0-9a-fA-F]{32}$/.test(decoded.checksum)) return false;
  try {
    return sameDigest(callbackChecksum(key, decoded.data), decoded.checksum);
  } catch (err) {
    if (err instanceof PhpJsonError) return false;
    throw err;
  }
}

/** The events of a verified callback; throws SendExpertCallbackError when it is not one of `key`. */
export function parseCallback(body: CallbackBody, key: string): CallbackEvent[] {
  if (!verifyCallback(body, key)) throw new SendExpertCallbackError('the callback checksum does not match');
  const { data } = decode(body);
  const items: unknown[] = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? Object.values(data) : [];
  return items.map((item) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    return { ...record, mail_id: String(record.mail_id ?? ''), timestamp: String(record.timestamp ?? ''), status: String(record.status ?? '') };
  });
}
