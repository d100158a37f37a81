import type { CallbackPayload } from '../messages/events.js';
import { callbackChecksum } from '../../wire/sendexpert-signature.js';
import { phpJsonEncode } from '../../wire/php-json.js';
import { standardWebhookSignature } from './standard-webhooks.js';

/** mobizon: one sms-delivery-report per POST, signed with the webhook's secret (mobizon-webhook.ts). */
export type CallbackFlavour = 'native' | 'sendexpert' | 'mobizon';
export const CALLBACK_FLAVOURS: readonly CallbackFlavour[] = ['native', 'sendexpert', 'mobizon'];

/** One POST, ready to send: what the receiver sees apart from transport headers. */
export interface CallbackRequest {
  headers: Record<string, string>;
  body: string;
}

const USER_AGENT = 'Herald-Callbacks/1';

/** smtp-warning is about the account's day, not one message: it has no message id. */
function messageIdOf(p: CallbackPayload): number | null {
  return p.event === 'smtp-warning' ? null : p.messageId;
}

/**
 * Herald's own flavour, signed as Standard Webhooks. `webhook-id` is the delivery's id, the same
 * on every retry of the batch, so a receiver can drop a batch it already processed.
 */
export function nativeCallbackRequest(deliveryId: number, payloads: readonly CallbackPayload[], secret: string, now: Date): CallbackRequest {
  const data = payloads.map((p) => {
    const item: Record<string, string | number | null> = { event: p.event, messageId: messageIdOf(p), at: p.at };
    // Detail adds to the fixed fields; it never replaces them.
    for (const [key, value] of Object.entries(p.detail)) if (!(key in item)) item[key] = value;
    return item;
  });
  const body = JSON.stringify({ type: 'message.events', data });
  const id = `msg_${deliveryId}`;
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardWebhookSignature(secret, id, timestamp, body),
    },
    body,
  };
}

/** Unix seconds of an ISO timestamp, as the SendExpert callbacks write times. */
function unixSeconds(iso: string): string {
  return String(Math.floor(Date.parse(iso) / 1000));
}

/**
 * The SendExpert flavour (its CallBack section): `{"data":[{mail_id, timestamp, status}…],"checksum"}`
 * with every value a string and checksum = md5(key . json_encode(data) . key). The `data` text in
 * the body is the very text the checksum covers, encoded as PHP's json_encode does, so a PHP
 * receiver re-encoding `$_POST['data']` gets the same bytes. smtp-warning has no mail (mail_id "")
 * and carries its figures (rate, errors, sent, day) as extra string fields.
 */
export function sendExpertCallbackRequest(payloads: readonly CallbackPayload[], accountKey: string): CallbackRequest {
  const data = payloads.map((p) => {
    const item: Record<string, string> = { mail_id: p.event === 'smtp-warning' ? '' : String(p.messageId), timestamp: unixSeconds(p.at), status: p.event };
    if (p.event === 'smtp-warning') {
      for (const key of ['rate', 'errors', 'sent', 'day']) {
        const value = p.detail[key];
        if (value !== undefined && value !== null) item[key] = String(value);
      }
    }
    return item;
  });
  const dataJson = phpJsonEncode(data);
  return {
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT },
    body: `{"data":${dataJson},"checksum":"${callbackChecksum(accountKey, dataJson)}"}`,
  };
}
