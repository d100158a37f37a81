import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describeEachDatabase } from '../../support/databases.js';
import { createSendingAccount, startMailStack, type MailStack } from '../../support/mail-stack.js';
import type { SmtpPeer, ReceivedMail } from '../../support/smtp-peer.js';
import { expectError, ok, type Api } from './client.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { waitUntil } from '../../support/wait.js';
import { verifyDkimSignature } from '../../support/dkim-verify.js';
import type { DkimDomainDto } from '../../../src/faces/native/dkim-domains.schemas.js';

/** The public key a receiver rebuilds from the published TXT value (`p=` is base64 DER SPKI). */
function publicKeyFromRecord(value: string): string {
  const p = /(?:^|;)\s*p=([A-Za-z0-9+/=]+)\s*$/.exec(value)?.[1];
  assert.ok(p, `no p= in ${value}`);
  return createPublicKey({ key: Buffer.from(p, 'base64'), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
}

function dkimHeaders(raw: Buffer): string[] {
  return raw.toString('latin1').split(/\r\n\r\n/)[0]!.split(/\r\n(?![ \t])/).filter((line) => /^dkim-signature:/i.test(line));
}

describeEachDatabase('DKIM signing domains end to end', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let api: Api;
  let other: Api;

  before(async () => {
    stack = await startMailStack(kind);
    ({ peer, api } = stack);
    other = (await createSendingAccount(stack.server, null)).api;
    for (const sender of ['news@unsigned.example', 'news@gone.example']) await markSenderVerified(stack.scope, sender);
  });
  after(() => stack?.close());

  async function deliver(from: string, to: string): Promise<ReceivedMail> {
    const res = await api.post('/messages/email', { from, to, subject: `From ${from}`, html: '<p>Your order <b>42</b> is on its way.</p>', text: 'Your order 42 is on its way.' });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    let found: ReceivedMail | undefined;
    await waitUntil(() => (found = peer.received.find((m) => m.rcptTo.includes(to))) !== undefined, 15_000, `the mail to ${to}`);
    return found as ReceivedMail;
  }

  it('POST /dkim-domains returns the DNS record; mail from the domain is signed and verifies with the published key', async () => {
    const created = ok<DkimDomainDto>(await api.post('/dkim-domains', { domain: 'Shop.Example' }), 201);
    assert.equal(created.domain, 'shop.example');
    assert.equal(created.selector, 'herald');
    assert.equal(created.dnsRecord.name, 'herald._domainkey.shop.example');
    assert.equal(created.dnsRecord.type, 'TXT');
    assert.match(created.dnsRecord.value, /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*$/);
    assert.equal(created.dnsRecord.zoneValue.replace(/" "/g, '').replace(/^"|"$/g, ''), created.dnsRecord.value);
    const listed = ok<{ items: DkimDomainDto[] }>(await api.get('/dkim-domains'));
    assert.deepEqual(listed.items, [created]);

    // Sent at once after the POST: the channel's key cache reloads when a key is created.
    const raw = (await deliver('news@shop.example', 'signed@example.org')).raw;
    const signatures = dkimHeaders(raw);
    assert.equal(signatures.length, 1, raw.toString('latin1').slice(0, 2000));
    assert.match(signatures[0]!, /\bd=shop\.example;/);
    assert.match(signatures[0]!, /\bs=herald;/);
    const publicKey = publicKeyFromRecord(created.dnsRecord.value);
    assert.deepEqual(verifyDkimSignature(raw, publicKey), { ok: true, domain: 'shop.example', selector: 'herald' });

    // The check is real: a tampered body or another key fails.
    const tampered = Buffer.from(raw.toString('latin1').replace('Your order 42', 'Your order 43'), 'latin1');
    assert.equal(verifyDkimSignature(tampered, publicKey).ok, false);
  });

  it('mail from a domain without a key carries no DKIM-Signature', async () => {
    const raw = (await deliver('news@unsigned.example', 'unsigned@example.org')).raw;
    assert.deepEqual(dkimHeaders(raw), []);
    assert.equal(verifyDkimSignature(raw, publicKeyFromRecord(ok<{ items: DkimDomainDto[] }>(await api.get('/dkim-domains')).items[0]!.dnsRecord.value)).reason, 'no DKIM-Signature header');
  });

  it('a custom selector, duplicates, bad input; keys belong to one account; deleting stops signing', async () => {
    const gone = ok<DkimDomainDto>(await api.post('/dkim-domains', { domain: 'gone.example', selector: 's2024' }), 201);
    assert.equal(gone.dnsRecord.name, 's2024._domainkey.gone.example');
    expectError(await api.post('/dkim-domains', { domain: 'gone.example' }), 409, 'conflict', ['domain']);
    expectError(await api.post('/dkim-domains', { domain: 'not a domain' }), 400, 'validation_failed', ['domain']);
    expectError(await api.post('/dkim-domains', { domain: 'ok.example', selector: 'bad_selector!' }), 400, 'validation_failed', ['selector']);

    // Another account sees none of them, cannot delete them, and may sign its own mail for the domain.
    assert.deepEqual(ok<{ items: DkimDomainDto[] }>(await other.get('/dkim-domains')).items, []);
    expectError(await other.delete(`/dkim-domains/${gone.id}`), 404, 'not_found');
    ok(await other.post('/dkim-domains', { domain: 'gone.example' }), 201);

    assert.equal((await api.delete(`/dkim-domains/${gone.id}`)).status, 204);
    expectError(await api.delete(`/dkim-domains/${gone.id}`), 404, 'not_found');
    assert.deepEqual(ok<{ items: DkimDomainDto[] }>(await api.get('/dkim-domains')).items.map((d) => d.domain), ['shop.example']);
    // The other account's key for the same domain must not sign this account's mail.
    assert.deepEqual(dkimHeaders((await deliver('news@gone.example', 'after-delete@example.org')).raw), []);
  });
});
