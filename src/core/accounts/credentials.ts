import { randomBytes } from 'node:crypto';
import { randomAlphanumeric, randomDigits, randomHex } from '../secrets/generation.js';

/** The plaintext credentials of one account, shown once when it is created. */
export interface AccountCredentials {
  native: { apiKey: string };
  smartfocus: { login: string; password: string; key: string };
  mobizon: { apiKey: string };
  franchisemailer: { accessKey: string; secretKey: string; allowedIps: string[] };
  sendexpert: { userId: number; key: string };
}

export const DEFAULT_ALLOWED_IPS = ['127.0.0.1', '::1'];

function loginSlug(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 20);
  return slug || 'account';
}

/** Fresh credentials in the formats the real services issue. */
export function generateCredentials(accountName: string): AccountCredentials {
  return {
    native: { apiKey: `hk_${randomAlphanumeric(40)}` },
    smartfocus: {
      login: `${loginSlug(accountName)}_${randomAlphanumeric(6).toLowerCase()}`,
      password: randomAlphanumeric(16),
      key: randomBytes(42).toString('base64url'),
    },
    mobizon: { apiKey: randomHex(20) },
    franchisemailer: { accessKey: randomHex(16), secretKey: randomHex(20), allowedIps: [...DEFAULT_ALLOWED_IPS] },
    sendexpert: { userId: randomDigits(9), key: randomHex(16) },
  };
}
