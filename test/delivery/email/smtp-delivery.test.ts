import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { startMailStack, untilFinal, type MailStack } from '../../support/mail-stack.js';
import type { TestServer } from '../../support/server.js';
import type { SmtpPeer } from '../../support/smtp-peer.js';
import { expectError, type Api } from '../../faces/native/client.js';

interface MessageDto {
  id: number;
  status: string;
  response: string | null;
  attempts: number;
  to: string;
}

describeEachDatabase('email delivery through a real SMTP peer', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let server: TestServer;
  let api: Api;

  before(async () => {
    const peerScript = (address: string, attempt: number) => {
      // Greylisting: the first attempt is deferred, the retry goes through.
      if (address.startsWith('greylisted@') && attempt > 1) return null;
      const local = address.slice(0, address.indexOf('@'));
      const scripted: Record<string, { code: number; message: string }> = {
        'unknown-user': { code: 550, message: '5.1.1 <unknown-user@example.com>: Recipient address rejected: User unknown in virtual mailbox table' },
        'mailbox-full': { code: 552, message: '5.2.2 Mailbox full: user is over quota' },
        'spam-block': { code: 554, message: '5.7.1 Message rejected as spam by Content Filtering' },
        refused: { code: 550, message: '5.7.0 Relaying denied for this sender' },
        'no-domain': { code: 550, message: '5.1.2 <no-domain@nowhere.example>: Recipient address rejected: Domain not found' },
        greylisted: { code: 451, message: '4.7.1 Greylisted, please try again later' },
        'always-busy': { code: 421, message: '4.3.2 Service shutting down, try later' },
      };
      return scripted[local] ?? null;
    };
    stack = await startMailStack(kind, { peerScript });
    ({ peer, server, api } = stack);
  });
  after(() => stack?.close());

  const email = (to: string) => ({ to, from: 'news@shop.example', fromName: 'Shop', subject: `Hello ${to}`, html: '<p>Hi! <a href="https://shop.example/offer?a=1&amp;b=2">Offer</a></p>' });

  const finalMessage = (id: number): Promise<MessageDto> =>
    untilFinal(async () => (await api.get(`/messages/${id}`)).body as MessageDto, (m) => m.status, `message ${id} to reach a final status`);

  it('maps each reply to a status and keeps the reply text', async () => {
    const recipients = ['ok@example.com', 'unknown-user@example.com', 'mailbox-full@example.com', 'spam-block@example.com', 'refused@example.com', 'no-domain@nowhere.example', 'greylisted@example.com'];
    const res = await api.post('/messages/email/batch', { messages: recipients.map(email) });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const ids = (res.body as { ids: number[] }).ids;
    assert.equal(ids.length, recipients.length);
    const results = await Promise.all(ids.map(finalMessage));
    const byTo = new Map(results.map((m) => [m.to, m]));
    const expect: Record<string, string> = {
      'ok@example.com': 'SENT',
      'unknown-user@example.com': 'ERROR_EMAIL_NOT_EXIST',
      'mailbox-full@example.com': 'ERROR_EMAIL_IS_FULL',
      'spam-block@example.com': 'ERROR_IS_SPAM',
      'refused@example.com': 'ERROR_MAIL_REFUSE',
      'no-domain@nowhere.example': 'ERROR_DOMAIN_NOT_EMAIL',
      'greylisted@example.com': 'SENT',
    };
    for (const [to, status] of Object.entries(expect)) assert.equal(byTo.get(to)?.status, status, `${to}: ${JSON.stringify(byTo.get(to))}`);
    assert.match(byTo.get('unknown-user@example.com')?.response ?? '', /5\.1\.1 .*User unknown/);
    assert.match(byTo.get('ok@example.com')?.response ?? '', /^250 .*queued as TEST/);
    // Greylisted: deferred once, then sent on the second attempt.
    assert.equal(byTo.get('greylisted@example.com')?.attempts, 2);
    const events = (await api.get(`/messages/${byTo.get('greylisted@example.com')?.id}/events`)).body as { items: { type: string }[] };
    assert.deepEqual(events.items.map((e) => e.type), ['queued', 'deferred', 'sent']);
  });

  it('builds the message with tracking, unsubscribe headers, Message-ID and a VERP return path', async () => {
    const before = peer.received.length;
    const res = await api.post('/messages/email', { ...email('reader@example.com'), headers: { 'X-Campaign': 'spring', 'Reply-To': 'help@shop.example' } });
    const [id] = (res.body as { ids: number[] }).ids;
    assert.equal((await finalMessage(id as number)).status, 'SENT');
    const mail = peer.received.slice(before).find((m) => m.rcptTo.includes('reader@example.com'));
    assert.ok(mail);
    assert.match(mail.mailFrom, /^bounces\+[0-9a-z]+\.[0-9a-f]{12}@bounces\.herald\.test$/);
    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.subject, 'Hello reader@example.com');
    assert.equal(parsed.from?.value[0]?.name, 'Shop');
    assert.match(parsed.messageId ?? '', /@shop\.example>$/);
    // mailparser folds List-* headers into one object; read the lines as sent.
    const line = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line ?? '';
    assert.equal(line('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    assert.match(line('list-unsubscribe'), new RegExp(`^List-Unsubscribe: <${server.baseUrl}/u/`));
    assert.equal(line('x-campaign'), 'X-Campaign: spring');
    assert.equal(line('reply-to'), 'Reply-To: help@shop.example');
    assert.match(String(parsed.html), new RegExp(`href="${server.baseUrl}/t/c/`));
    assert.match(String(parsed.html), new RegExp(`<img src="${server.baseUrl}/t/o/`));
    assert.doesNotMatch(String(parsed.html), /shop\.example\/offer/);
    // The text part is derived from the HTML, its link tracked too.
    assert.match(parsed.text ?? '', /Offer \[http:\/\/127\.0\.0\.1:\d+\/t\/c\//);
  });

  it('refuses custom headers Herald or the receiving servers own with 400 naming each, queueing nothing', async () => {
    const total = async () => ((await api.get('/messages')).body as { total: number }).total;
    const before = await total();
    const forged = { Sender: 'ceo@bank.example', 'Resent-From': 'a@b.example', Received: 'from x', 'Authentication-Results': 'mx; dkim=pass', 'ARC-Seal': 'i=1', 'DKIM-Signature': 'v=1', 'Return-Path': '<x@y.example>', 'Message-ID': '<1@x>', 'List-Unsubscribe': '<https://evil.example>', 'Content-Type': 'text/plain', 'X-Fine': 'yes' };
    const body = expectError(await api.post('/messages/email', { ...email('ok@example.com'), headers: forged }), 400, 'validation_failed');
    const refused = body.error.details.map((d) => d.field);
    assert.deepEqual(refused, Object.keys(forged).filter((name) => name !== 'X-Fine').map((name) => `headers.${name}`));
    assert.match(body.error.message, /header Sender is reserved/);
    expectError(await api.post('/messages/email/batch', { messages: [email('ok@example.com'), { ...email('ok@example.com'), headers: { 'arc-message-signature': 'x' } }] }), 400, 'validation_failed', ['messages[1].headers.arc-message-signature']);
    assert.equal(await total(), before);
  });

  it('refuses unverified senders and suppressed recipients, changing nothing', async () => {
    const unverified = await api.post('/messages/email', { ...email('ok@example.com'), from: 'other@shop.example' });
    assert.equal(unverified.status, 422);
    assert.equal((unverified.body as { error: { code: string } }).error.code, 'sender_not_verified');
    // unknown-user hard-bounced in the first test: it is on the suppression list now.
    const suppressed = await api.post('/messages/email', email('Unknown-User@example.com'));
    assert.equal(suppressed.status, 422);
    assert.equal((suppressed.body as { error: { code: string } }).error.code, 'recipient_suppressed');
    const bad = await api.post('/messages/email', { ...email('not-an-address'), subject: '' });
    assert.equal(bad.status, 400);
  });

  it('counts every status in the daily statistics', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await api.get(`/stats/email?from=${today}&to=${today}`);
    assert.equal(res.status, 200);
    const counts = (res.body as { days: { day: string; counts: Record<string, number> }[] }).days[0]?.counts;
    assert.ok(counts);
    assert.equal(counts.TOTAL, 8);
    assert.equal(counts.SENDING, 0);
    assert.equal(counts.SENT, 3);
    assert.equal(counts.ERROR_EMAIL_NOT_EXIST, 1);
    assert.equal(counts.ERROR_EMAIL_IS_FULL, 1);
    assert.equal(counts.ERROR_IS_SPAM, 1);
    assert.equal(counts.ERROR_MAIL_REFUSE, 1);
    assert.equal(counts.ERROR_DOMAIN_NOT_EMAIL, 1);
  });

  it('gives up after the retry window with ERROR_UNAVAILABLE', async () => {
    const res = await api.post('/messages/email', email('always-busy@example.com'));
    const [id] = (res.body as { ids: number[] }).ids;
    // Shorten the window: the next deferral finds no time left.
    await server.core.db.updateTable('messages').set({ giveUpAt: new Date(Date.now() + 1500).toISOString() }).where('id', '=', id as number).execute();
    const m = await finalMessage(id as number);
    assert.equal(m.status, 'ERROR_UNAVAILABLE');
    assert.match(m.response ?? '', /4\.3\.2/);
    assert.ok(m.attempts >= 2);
  });
});
