import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { createSendingAccount, startMailStack, type MailStack } from '../../support/mail-stack.js';
import type { TestServer } from '../../support/server.js';
import type { SmtpPeer } from '../../support/smtp-peer.js';
import { expectError, ok, type Api } from '../../faces/native/client.js';
import { waitUntil } from '../../support/wait.js';
import { messageReference } from '../../../src/core/messages/reference.js';
import { autoReply, delayedDsn, postfixDsn, yahooArf } from './bounces/fixtures.js';

interface MessageDto {
  id: number;
  status: string;
  response: string | null;
}

/** What a sent message looks like from outside: the return path and Message-ID a report quotes. */
interface Sent {
  id: number;
  to: string;
  returnPath: string;
  messageId: string;
}

describeEachDatabase('bounces and complaints arriving at the inbound listener', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let server: TestServer;
  let api: Api;
  let otherApi: Api;

  before(async () => {
    stack = await startMailStack(kind, { server: { inbound: true } });
    ({ peer, server, api } = stack);
    otherApi = (await createSendingAccount(server, 'news@other.example')).api;
  });
  after(() => stack?.close());

  async function send(client: Api, to: string, from = 'news@shop.example'): Promise<Sent> {
    const [id] = ok<{ ids: number[] }>(await client.post('/messages/email', { to, from, subject: 'Hi', text: 'Hello' }), 202).ids;
    await waitUntil(async () => ok<MessageDto>(await client.get(`/messages/${id}`)).status === 'SENT', 20_000, `message ${id} SENT`);
    const raw = peer.received.find((m) => m.rcptTo.includes(to));
    assert.ok(raw);
    const parsed = await simpleParser(raw.raw);
    assert.ok(parsed.messageId);
    return { id: id!, to, returnPath: raw.mailFrom, messageId: parsed.messageId };
  }

  /** A fixture rewritten to be about `sent`: its return path, Message-ID and recipient. */
  function about(fixture: Buffer, sent: Sent, fake: { returnPath: string; messageId: string; recipient: string }): Buffer {
    return Buffer.from(
      fixture
        .toString('utf8')
        .replaceAll(fake.returnPath, sent.returnPath)
        .replaceAll(fake.messageId, sent.messageId)
        .replaceAll(fake.recipient, sent.to),
    );
  }

  const postfixAbout = (sent: Sent) => about(postfixDsn, sent, { returnPath: 'bounces+m123.abc@herald.example', messageId: '<m123.abc@herald.example>', recipient: 'nobody@example.org' });
  const yahooAbout = (sent: Sent) => about(yahooArf, sent, { returnPath: 'bounces+c55.q@herald.example', messageId: '<c55.q@herald.example>', recipient: 'jane.doe@yahoo.com' });

  async function deliverReport(to: string, raw: Buffer): Promise<string> {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.inboundPort!, secure: false, ignoreTLS: true });
    try {
      const info = (await transport.sendMail({ envelope: { from: '', to: [to] }, raw })) as { response: string };
      return info.response;
    } finally {
      transport.close();
    }
  }

  async function counts(client: Api): Promise<Record<string, number>> {
    const today = new Date().toISOString().slice(0, 10);
    return ok<{ days: { counts: Record<string, number> }[] }>(await client.get(`/stats/email?from=${today}&to=${today}`)).days[0]!.counts;
  }

  const eventsOf = async (client: Api, id: number) => ok<{ items: { type: string; detail: Record<string, unknown> }[] }>(await client.get(`/messages/${id}/events`)).items;

  it('a Postfix DSN sent to the VERP return path turns the message into its bounce status', async () => {
    const sent = await send(api, 'gone@example.com');
    const before = await counts(api);
    const reply = await deliverReport(sent.returnPath, postfixAbout(sent));
    assert.match(reply, /^250 /);
    // The listener answers only once the report is applied.
    const m = ok<MessageDto>(await api.get(`/messages/${sent.id}`));
    assert.equal(m.status, 'ERROR_EMAIL_NOT_EXIST');
    assert.match(m.response ?? '', /550 5\.1\.1 .*User unknown/);
    const after = await counts(api);
    assert.equal(after.SENT! - before.SENT!, -1);
    assert.equal(after.ERROR_EMAIL_NOT_EXIST! - before.ERROR_EMAIL_NOT_EXIST!, 1);
    const events = await eventsOf(api, sent.id);
    assert.deepEqual(events.map((e) => e.type), ['queued', 'sent', 'failed']);
    assert.equal(events[2]?.detail.status, 'ERROR_EMAIL_NOT_EXIST');
    // A hard bounce goes on the suppression list.
    const list = ok<{ items: { address: string; reason: string; messageId: number }[] }>(await api.get('/suppressions'));
    const entry = list.items.find((s) => s.address === 'gone@example.com');
    assert.deepEqual([entry?.reason, entry?.messageId], ['hard_bounce', sent.id]);
    expectError(await api.post('/messages/email', { to: 'gone@example.com', from: 'news@shop.example', subject: 'Again', text: 'x' }), 422, 'recipient_suppressed');

    // The same DSN again changes nothing.
    await deliverReport(sent.returnPath, postfixAbout(sent));
    assert.deepEqual((await eventsOf(api, sent.id)).map((e) => e.type), ['queued', 'sent', 'failed']);
    assert.deepEqual(await counts(api), after);
  });

  it('finds the message by the quoted Message-ID when the return path names none', async () => {
    const sent = await send(api, 'by-message-id@example.com');
    const raw = Buffer.from(
      postfixAbout(sent)
        .toString('utf8')
        .replace(/^Return-Path: <bounces\+[^>]*>\r\n/m, '')
        .replaceAll(sent.returnPath, 'bounces+unknown@bounces.herald.test'),
    );
    assert.ok(!raw.toString().includes(sent.returnPath));
    assert.match(await deliverReport('bounces+unknown@bounces.herald.test', raw), /^250 /);
    assert.equal(ok<MessageDto>(await api.get(`/messages/${sent.id}`)).status, 'ERROR_EMAIL_NOT_EXIST');
  });

  it('a delayed DSN is recorded as deferred and leaves the status alone', async () => {
    const sent = await send(api, 'slow@example.com');
    const raw = about(delayedDsn, sent, { returnPath: 'bounces+d1@herald.example', messageId: '<delayed-1@herald.example>', recipient: 'slow@example.com' });
    await deliverReport(sent.returnPath, raw);
    assert.equal(ok<MessageDto>(await api.get(`/messages/${sent.id}`)).status, 'SENT');
    const events = await eventsOf(api, sent.id);
    assert.deepEqual(events.map((e) => e.type), ['queued', 'sent', 'deferred']);
    assert.equal(events[2]?.detail.source, 'dsn');
  });

  it('an ARF complaint marks the message SPAM, counts it and suppresses the address', async () => {
    const sent = await send(api, 'jane@example.com');
    const before = await counts(api);
    assert.match(await deliverReport('fbl@bounces.herald.test', yahooAbout(sent)), /^250 /);
    assert.equal(ok<MessageDto>(await api.get(`/messages/${sent.id}`)).status, 'SPAM');
    assert.equal((await counts(api)).SPAM! - before.SPAM!, 1);
    const events = await eventsOf(api, sent.id);
    assert.deepEqual(events.map((e) => e.type), ['queued', 'sent', 'complaint']);
    assert.equal(events[2]?.detail.feedbackType, 'abuse');
    const list = ok<{ items: { address: string; reason: string }[] }>(await api.get('/suppressions'));
    assert.equal(list.items.find((s) => s.address === 'jane@example.com')?.reason, 'complaint');
    // A second copy of the complaint is not counted again.
    await deliverReport('fbl@bounces.herald.test', yahooAbout(sent));
    assert.equal((await counts(api)).SPAM! - before.SPAM!, 1);
  });

  it('a report naming another account’s message without its MAC changes nothing', async () => {
    const victim = await send(otherApi, 'victim@example.com', 'news@other.example');
    const before = await counts(otherApi);
    // The attacker knows the message id but not the key: a guessed or self-made MAC does not verify.
    for (const reference of [`${victim.id.toString(36)}.000000000000`, messageReference(randomBytes(32), victim.id)]) {
      const forged: Sent = { ...victim, returnPath: `bounces+${reference}@bounces.herald.test`, messageId: `<${reference}@other.example>` };
      assert.match(await deliverReport(forged.returnPath, postfixAbout(forged)), /^250 /);
      assert.match(await deliverReport('fbl@bounces.herald.test', yahooAbout(forged)), /^250 /);
    }
    assert.equal(ok<MessageDto>(await otherApi.get(`/messages/${victim.id}`)).status, 'SENT');
    assert.deepEqual((await eventsOf(otherApi, victim.id)).map((e) => e.type), ['queued', 'sent']);
    assert.deepEqual(await counts(otherApi), before);
    assert.equal(ok<{ total: number }>(await otherApi.get('/suppressions')).total, 0);
  });

  it('accepts and drops mail that is no report, and refuses recipients that are not ours or not at the bounce domain', async () => {
    assert.match(await deliverReport('bounces+m1@bounces.herald.test', autoReply), /^250 /);
    await assert.rejects(deliverReport('postmaster@bounces.herald.test', autoReply), (err: { responseCode?: number }) => err.responseCode === 550);
    // A return path is ours only at the bounce domain (HERALD_BOUNCE_DOMAIN).
    await assert.rejects(deliverReport('bounces+m1@elsewhere.example', autoReply), (err: { responseCode?: number }) => err.responseCode === 550);
    await assert.rejects(deliverReport('abuse@elsewhere.example', autoReply), (err: { responseCode?: number }) => err.responseCode === 550);
  });
});
