import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing, as its reference libraries do it:
 * the secret is `whsec_` + base64 of random bytes, the key is those bytes, and the signature is
 * `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)).
 */
const PREFIX = 'whsec_';

/** A new signing secret: 24 random bytes (192 bits), within the spec's 24–64 byte range. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

/** The HMAC key a secret stands for. */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}
