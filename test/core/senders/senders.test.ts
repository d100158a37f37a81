import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { createSendingAccount, startMailStack, type MailStack } from '../../support/mail-stack.js';
import type { TestServer } from '../../support/server.js';
import type { SmtpPeer, ReceivedMail } from '../../support/smtp-peer.js';
import { expectError, ok, type Api } from '../../faces/native/client.js';
import { waitUntil } from '../../support/wait.js';
import { accountIdByNativeKey } from '../../../src/core/accounts/accounts.js';
import { addSuppression } from '../../../src/core/suppression/suppressions.js';
import type { SenderDto } from '../../../src/faces/native/senders.schemas.js';

describeEachDatabase('sender verification through the emailed link', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let server: TestServer;
  let api: Api;
  let other: Api;

  before(async () => {
    stack = await startMailStack(kind, { sender: null });
    ({ peer, server, api } = stack);
    other = (await createSendingAccount(server, null)).api;
  });
  after(() => stack?.close());

  async function mailTo(address: string, after = 0): Promise<ReceivedMail> {
    let found: ReceivedMail | undefined;
    await waitUntil(() => (found = peer.received.slice(after).find((m) => m.rcptTo.includes(address))) !== undefined, 15_000, `a mail to ${address}`);
    return found as ReceivedMail;
  }

  async function linkIn(mail: ReceivedMail): Promise<string> {
    const parsed = await simpleParser(mail.raw);
    const link = /https?:\/\/\S+\/senders\/verify\?token=[A-Za-z0-9_-]+/.exec(parsed.text ?? '')?.[0];
    assert.ok(link, `no verification link in: ${parsed.text}`);
    // The HTML part carries the same, untracked link.
    assert.ok(String(parsed.html).includes(`href="${link}"`), String(parsed.html));
    return link;
  }

  const send = (from: string) => api.post('/messages/email', { to: 'reader@example.org', from, subject: 'Hello', text: 'Hi' });

  it('POST /senders mails a link; GET only shows the confirm page, POST verifies; then the sender can send', async () => {
    assert.equal(expectError(await send('news@verify.example'), 422, 'sender_not_verified').error.code, 'sender_not_verified');

    const created = ok<SenderDto & { verificationMessageId: number }>(await api.post('/senders', { email: 'news@verify.example' }), 201);
    assert.equal(created.email, 'news@verify.example');
    assert.equal(created.verified, false);
    assert.equal(created.verifiedAt, null);
    assert.ok(Number.isInteger(created.verificationMessageId));

    const mail = await mailTo('news@verify.example');
    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.from?.value[0]?.address, 'no-reply@bounces.herald.test');
    assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : null, 'news@verify.example');
    const link = await linkIn(mail);
    assert.ok(link.startsWith(`${server.baseUrl}/senders/verify?token=`), link);
    // The verification mail is a message of the account, delivered like any other.
    await waitUntil(async () => ((await api.get(`/messages/${created.verificationMessageId}`)).body as { status: string }).status === 'SENT', 15_000, 'the verification message to be SENT');

    // A mail scanner fetching the link (GET, twice) must not verify the sender.
    for (let i = 0; i < 2; i++) {
      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      const html = await page.text();
      assert.match(html, /news@verify\.example/);
      assert.match(html, /<form method="post" action="\/senders\/verify">/);
      assert.match(html, /<button type="submit">Confirm<\/button>/);
    }
    const stillUnverified = ok<{ items: SenderDto[] }>(await api.get('/senders'));
    assert.deepEqual(stillUnverified.items.map((s) => [s.email, s.verified]), [['news@verify.example', false]]);
    expectError(await send('news@verify.example'), 422, 'sender_not_verified');

    // The Confirm button: a form POST with the token from the page.
    const token = new URL(link).searchParams.get('token') ?? '';
    const confirmed = await fetch(`${server.baseUrl}/senders/verify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /news@verify\.example is verified/);

    const listed = ok<{ items: SenderDto[] }>(await api.get('/senders'));
    assert.equal(listed.items.length, 1);
    assert.equal(listed.items[0]?.verified, true);
    assert.ok(listed.items[0]?.verifiedAt);
    assert.equal((await send('News@Verify.example')).status, 202);

    // The link is single-use: once verified, both GET and POST say it is not valid.
    assert.equal((await fetch(link)).status, 404);
    const again = await fetch(`${server.baseUrl}/senders/verify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
    assert.equal(again.status, 404);
  });

  it('a bad or missing token shows a 404 page', async () => {
    for (const url of [`${server.baseUrl}/senders/verify?token=not-a-real-token`, `${server.baseUrl}/senders/verify`]) {
      const res = await fetch(url);
      assert.equal(res.status, 404);
      assert.match(await res.text(), /invalid or has already been used/);
    }
    const posted = await fetch(`${server.baseUrl}/senders/verify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    assert.equal(posted.status, 404);
  });

  it('resend-verification mails a new link and retires the old one; verified senders get 409', async () => {
    const created = ok<SenderDto>(await api.post('/senders', { email: 'resend@verify.example' }), 201);
    const first = await linkIn(await mailTo('resend@verify.example'));
    const before = peer.received.length;
    const resent = ok<{ verificationMessageId: number }>(await api.post(`/senders/${created.id}/resend-verification`, undefined), 202);
    assert.ok(Number.isInteger(resent.verificationMessageId));
    const second = await linkIn(await mailTo('resend@verify.example', before));
    assert.notEqual(second, first);
    assert.equal((await fetch(first)).status, 404);
    assert.equal((await fetch(second)).status, 200);
    const token = new URL(second).searchParams.get('token') ?? '';
    assert.equal((await fetch(`${server.baseUrl}/senders/verify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` })).status, 200);
    expectError(await api.post(`/senders/${created.id}/resend-verification`, undefined), 409, 'conflict');
    expectError(await api.post('/senders/999999/resend-verification', undefined), 404, 'not_found');
  });

  it('validates input and refuses duplicates', async () => {
    expectError(await api.post('/senders', { email: 'not-an-address' }), 400, 'validation_failed', ['email']);
    expectError(await api.post('/senders', {}), 400, 'validation_failed', ['email']);
    ok(await api.post('/senders', { email: 'dup@verify.example' }), 201);
    expectError(await api.post('/senders', { email: 'DUP@verify.example' }), 409, 'conflict', ['email']);
  });

  it('another account cannot see, re-mail or delete a sender', async () => {
    const created = ok<SenderDto>(await api.post('/senders', { email: 'private@verify.example' }), 201);
    const theirs = ok<{ items: SenderDto[] }>(await other.get('/senders'));
    assert.ok(!theirs.items.some((s) => s.id === created.id || s.email === 'private@verify.example'));
    expectError(await other.delete(`/senders/${created.id}`), 404, 'not_found');
    expectError(await other.post(`/senders/${created.id}/resend-verification`, undefined), 404, 'not_found');
    assert.ok(ok<{ items: SenderDto[] }>(await api.get('/senders')).items.some((s) => s.id === created.id));

    assert.equal((await api.delete(`/senders/${created.id}`)).status, 204);
    assert.ok(!ok<{ items: SenderDto[] }>(await api.get('/senders')).items.some((s) => s.id === created.id));
    expectError(await api.delete(`/senders/${created.id}`), 404, 'not_found');
  });

  it('without an address for its own mail the server answers 503 naming HERALD_SYSTEM_FROM, adding nothing', async () => {
    const pending = ok<SenderDto>(await api.post('/senders', { email: 'pending@verify.example' }), 201);
    const systemFrom = server.core.systemFrom;
    server.core.systemFrom = null;
    try {
      const body = expectError(await api.post('/senders', { email: 'nofrom@verify.example' }), 503, 'system_mail_unavailable');
      assert.match(body.error.message, /HERALD_SYSTEM_FROM/);
      expectError(await api.post(`/senders/${pending.id}/resend-verification`, undefined), 503, 'system_mail_unavailable');
    } finally {
      server.core.systemFrom = systemFrom;
    }
    assert.ok(!ok<{ items: SenderDto[] }>(await api.get('/senders')).items.some((s) => s.email === 'nofrom@verify.example'));
  });

  it('a suppressed address is refused with 422 and not added', async () => {
    const accountId = await accountIdByNativeKey(server.core, api.apiKey ?? '');
    assert.ok(accountId);
    await addSuppression({ db: server.core.db, accountId }, 'gone@verify.example');
    expectError(await api.post('/senders', { email: 'gone@verify.example' }), 422, 'recipient_suppressed');
    assert.ok(!ok<{ items: SenderDto[] }>(await api.get('/senders')).items.some((s) => s.email === 'gone@verify.example'));
  });
});
