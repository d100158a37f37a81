import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceivedPost } from './receiver.js';

/**
 * Independent checks written from the specifications (not from Herald's code), as a receiver
 * would write them.
 */

/** Standard Webhooks: v1 signatures over `${id}.${timestamp}.${body}` with the base64 key after `whsec_`. */
export function standardWebhookValid(secret: string, post: ReceivedPost): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const id = post.headers['webhook-id'];
  const timestamp = post.headers['webhook-timestamp'];
  if (!id || !timestamp) return false;
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${post.body}`).digest('base64'));
  return (post.headers['webhook-signature'] ?? '').split(' ').some((sig) => {
    const [version, value] = sig.split(',');
    if (version !== 'v1' || value === undefined) return false;
    const got = Buffer.from(value);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

/** PHP json_encode with default flags, the Node emulation of docs/protocols/sendexpert.md §PHP json_encode. */
export function phpJsonEncodeEmulation(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** SendExpert callback checksum: md5($account_key . json_encode($data) . $account_key). */
export function sendExpertChecksum(key: string, data: unknown): string {
  return createHash('md5').update(key + phpJsonEncodeEmulation(data) + key).digest('hex');
}

export interface NativeEvent {
  event: string;
  messageId: number | null;
  at: string;
  [key: string]: unknown;
}

export function nativeEvents(posts: readonly ReceivedPost[]): NativeEvent[] {
  return posts.filter((p) => p.status < 300).flatMap((p) => (JSON.parse(p.body) as { data: NativeEvent[] }).data);
}
