// DKIM keys for sending domains: generated here, published by the operator as a TXT record, used by
// nodemailer's `dkim` option to sign.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';

export interface DkimKeyPair {
  /** PKCS#8 PEM, as nodemailer's `dkim.privateKey` takes it. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM. */
  publicKeyPem: string;
}

export interface DkimDnsRecord {
  name: string;
  type: 'TXT';
  value: string;
  /** The value split into quoted ≤255-byte strings, as zone files and most DNS panels need it. */
  zoneValue: string;
}

export function generateDkimKey(bits = 2048): DkimKeyPair {
  // Receivers ignore keys under 1024 bits (RFC 8301); more than 4096 will not fit common DNS setups.
  if (!Number.isInteger(bits) || bits < 1024 || bits > 4096) throw new RangeError(`DKIM key size must be 1024..4096 bits, got ${bits}`);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** The TXT record `selector._domainkey.domain` with `p=` the base64 DER SubjectPublicKeyInfo. */
export function dkimDnsRecord(input: { domain: string; selector: string; publicKeyPem: string }): DkimDnsRecord {
  const der = createPublicKey(input.publicKeyPem).export({ type: 'spki', format: 'der' });
  const value = `v=DKIM1; k=rsa; p=${der.toString('base64')}`;
  const chunks = value.match(/.{1,255}/g) ?? [value];
  return {
    name: `${input.selector}._domainkey.${input.domain.replace(/\.$/, '').toLowerCase()}`,
    type: 'TXT',
    value,
    zoneValue: chunks.map((c) => `"${c}"`).join(' '),
  };
}
