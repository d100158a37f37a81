import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import nodemailer from 'nodemailer';
import { dkimDnsRecord, generateDkimKey } from '../../../src/core/senders/dkim-key-pair.js';
import { verifyDkimSignature } from '../../support/dkim-verify.js';

async function signedMessage(privateKey: string, extra: { html?: string; text?: string } = {}): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'Shop <shop@herald.example>',
    to: 'ivan@example.org',
    subject: 'Заказ   №42 — confirmed',
    text: extra.text ?? 'Hello  there,\n\nyour order is on its way.  \n\n\n',
    ...(extra.html === undefined ? {} : { html: extra.html }),
    headers: { 'List-Unsubscribe': '<https://herald.example/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    dkim: { domainName: 'herald.example', keySelector: 'hd1', privateKey },
  });
  return info.message as Buffer;
}

describe('DKIM', () => {
  const key = generateDkimKey(2048);

  test('generated keys are RSA PEM of the requested size', () => {
    assert.match(key.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(key.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
    const details = createPublicKey(key.publicKeyPem).asymmetricKeyDetails;
    assert.equal(details?.modulusLength, 2048);
    assert.throws(() => generateDkimKey(512), RangeError);
  });

  test('DNS record: selector._domainkey.domain with p = base64 DER SubjectPublicKeyInfo', () => {
    const record = dkimDnsRecord({ domain: 'Herald.Example.', selector: 'hd1', publicKeyPem: key.publicKeyPem });
    assert.equal(record.name, 'hd1._domainkey.herald.example');
    assert.equal(record.type, 'TXT');
    const m = /^v=DKIM1; k=rsa; p=([A-Za-z0-9+/=]+)$/.exec(record.value);
    assert.ok(m, record.value);
    const body = key.publicKeyPem.replace(/-----[^-]+-----|\s/g, '');
    assert.equal(m[1], body);
    const fromDns = createPublicKey({ key: Buffer.from(m[1]!, 'base64'), format: 'der', type: 'spki' });
    assert.equal(fromDns.export({ type: 'spki', format: 'pem' }), key.publicKeyPem);
    assert.equal(record.zoneValue.replace(/" "/g, '').replace(/^"|"$/g, ''), record.value);
    assert.ok(record.zoneValue.split('" "').every((chunk) => chunk.replace(/"/g, '').length <= 255));
  });

  test('nodemailer signatures verify with the published key', async () => {
    const raw = await signedMessage(key.privateKeyPem);
    assert.deepEqual(verifyDkimSignature(raw, key.publicKeyPem), { ok: true, domain: 'herald.example', selector: 'hd1' });
    const multipart = await signedMessage(key.privateKeyPem, { html: '<p>Hello <b>there</b></p>' });
    assert.equal(verifyDkimSignature(multipart, key.publicKeyPem).ok, true);
  });

  test('tampering, a wrong key or no signature fail', async () => {
    const raw = await signedMessage(key.privateKeyPem);
    const text = raw.toString('latin1');
    assert.deepEqual(verifyDkimSignature(Buffer.from(text.replace('on its way', 'on its wax'), 'latin1'), key.publicKeyPem), {
      ok: false,
      reason: 'body hash mismatch',
      domain: 'herald.example',
      selector: 'hd1',
    });
    assert.equal(verifyDkimSignature(Buffer.from(text.replace('To: ivan@example.org', 'To: eve@example.org'), 'latin1'), key.publicKeyPem).reason, 'signature does not verify');
    assert.equal(verifyDkimSignature(raw, generateDkimKey(1024).publicKeyPem).reason, 'signature does not verify');
    assert.equal(verifyDkimSignature(Buffer.from('From: a@b\r\n\r\nx'), key.publicKeyPem).reason, 'no DKIM-Signature header');
  });

  test('relaxed canonicalisation tolerates whitespace changes in transit', async () => {
    const raw = await signedMessage(key.privateKeyPem);
    const text = raw.toString('latin1');
    const rewrapped = text.replace(/^Subject: /m, 'Subject:   ').replace(/\r\n\r\n/, '\r\n\r\n').replace(/your order/, 'your \t order') + '\r\n\r\n';
    assert.equal(verifyDkimSignature(Buffer.from(rewrapped, 'latin1'), key.publicKeyPem).ok, true);
  });
});
