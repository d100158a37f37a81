import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { createSendingAccount, startMailStack, type MailStack } from '../../support/mail-stack.js';
import type { TestServer } from '../../support/server.js';
import type { SmtpPeer } from '../../support/smtp-peer.js';
import { expectError, ok, type Api } from '../../faces/native/client.js';
import { waitUntil } from '../../support/wait.js';
import { signTrackingToken } from '../../../src/core/tracking/tokens.js';
import { trackingKey } from '../../../src/delivery/email/start.js';

interface MessageDto {
  id: number;
  status: string;
  views: number;
  moves: number;
  firstViewAt: string | null;
  lastViewAt: string | null;
  lastMoveAt: string | null;
  lastIp: string | null;
  lastOs: string | null;
  lastDevice: string | null;
  unsubscribeReason: string | null;
}

interface EventDto {
  type: string;
  detail: Record<string, string | number | null>;
}

const DESKTOP_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

const decodeEntities = (s: string): string => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describeEachDatabase('tracking links and unsubscribe over HTTP', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let server: TestServer;
  let api: Api;
  let other: Api;
  let formId: number;

  before(async () => {
    stack = await startMailStack(kind);
    ({ peer, server, api } = stack);
    other = (await createSendingAccount(server)).api;
    const form = ok<{ id: number }>(
      await api.post('/unsubscribe-forms', { name: 'Main', title: 'Leaving us? <sure>', question: 'Why do you go?', reasons: ['Too many emails', 'Not "relevant" & <b>boring</b>'] }),
      201,
    );
    formId = form.id;
  });
  after(() => stack?.close());

  const email = (to: string, extra: Record<string, unknown> = {}) => ({
    to,
    from: 'news@shop.example',
    subject: `Hello ${to}`,
    html: '<html><body><p>Hi! <a href="https://shop.example/offer?a=1&amp;b=2">Offer</a></p></body></html>',
    ...extra,
  });

  const message = async (id: number): Promise<MessageDto> => ok<MessageDto>(await api.get(`/messages/${id}`));
  const events = async (id: number): Promise<EventDto[]> => ok<{ items: EventDto[] }>(await api.get(`/messages/${id}/events`)).items;

  async function counts(): Promise<Record<string, number>> {
    const today = new Date().toISOString().slice(0, 10);
    const body = ok<{ days: { counts: Record<string, number> }[] }>(await api.get(`/stats/email?from=${today}&to=${today}`));
    return body.days[0]!.counts;
  }

  /** Sends one email, waits for the peer to take it, and returns its id and the mail as received. */
  async function deliver(to: string, extra: Record<string, unknown> = {}): Promise<{ id: number; mail: ParsedMail }> {
    const [id] = ok<{ ids: number[] }>(await api.post('/messages/email', email(to, extra)), 202).ids;
    await waitUntil(async () => (await message(id!)).status === 'SENT', 20_000, `message ${id} SENT`);
    const raw = peer.received.find((m) => m.rcptTo.includes(to));
    assert.ok(raw, `peer got mail for ${to}`);
    return { id: id!, mail: await simpleParser(raw.raw) };
  }

  const links = (mail: ParsedMail) => {
    const html = String(mail.html);
    const pixel = decodeEntities(/<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)?.[1] ?? '');
    const click = decodeEntities(/href="([^"]+\/t\/c\/[^"]+)"/.exec(html)?.[1] ?? '');
    const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const unsubscribe = /<([^>]+)>/.exec(header)?.[1] ?? '';
    assert.ok(pixel.startsWith(`${server.baseUrl}/t/o/`), pixel);
    assert.ok(click.startsWith(`${server.baseUrl}/t/c/`), click);
    assert.ok(unsubscribe.startsWith(`${server.baseUrl}/u/`), unsubscribe);
    return { pixel, click, unsubscribe };
  };

  let reader: { id: number; mail: ParsedMail };

  it('records an open from the pixel and a click from the tracked link, with OS and device', async () => {
    reader = await deliver('reader@example.com', { unsubscribeFormId: formId });
    const { pixel, click } = links(reader.mail);
    const before = await counts();

    const gif = await fetch(pixel, { headers: { 'user-agent': DESKTOP_CHROME } });
    assert.equal(gif.status, 200);
    assert.equal(gif.headers.get('content-type'), 'image/gif');
    assert.match(gif.headers.get('cache-control') ?? '', /no-store/);
    assert.match(gif.headers.get('cache-control') ?? '', /no-cache/);
    const bytes = Buffer.from(await gif.arrayBuffer());
    assert.equal(bytes.subarray(0, 6).toString('latin1'), 'GIF89a');
    assert.equal(bytes.length, 42);

    let m = await message(reader.id);
    assert.equal(m.views, 1);
    assert.ok(m.firstViewAt);
    assert.equal(m.lastOs, 'Windows 10');
    assert.equal(m.lastDevice, 'Desktop');
    assert.equal(m.lastIp, '127.0.0.1');
    assert.equal(m.moves, 0);

    const res = await fetch(click, { redirect: 'manual', headers: { 'user-agent': IPHONE_SAFARI } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://shop.example/offer?a=1&b=2');
    m = await message(reader.id);
    assert.equal(m.moves, 1);
    assert.equal(m.views, 1);
    assert.ok(m.lastMoveAt);
    assert.match(m.lastOs ?? '', /^iOS 17/);
    assert.equal(m.lastDevice, 'Mobile');

    // A second open counts on the message, not in the day's VIEW (messages opened).
    await (await fetch(pixel, { headers: { 'user-agent': DESKTOP_CHROME } })).arrayBuffer();
    m = await message(reader.id);
    assert.equal(m.views, 2);
    assert.equal(m.status, 'SENT');

    const after = await counts();
    assert.equal(after.VIEW! - before.VIEW!, 1);
    assert.equal(after.MOVE! - before.MOVE!, 1);
    const list = await events(reader.id);
    assert.deepEqual(list.map((e) => e.type), ['queued', 'sent', 'open', 'click', 'open']);
    const clickEvent = list.find((e) => e.type === 'click')!;
    assert.equal(clickEvent.detail.url, 'https://shop.example/offer?a=1&b=2');
    assert.equal(clickEvent.detail.device, 'Mobile');
    assert.equal(list[2]?.detail.os, 'Windows 10');
  });

  it('counts a click without an open as a view too, once', async () => {
    const { id, mail } = await deliver('clicker@example.com');
    const before = await counts();
    const { click } = links(mail);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(click, { redirect: 'manual', headers: { 'user-agent': DESKTOP_CHROME } });
      assert.equal(res.status, 302);
    }
    const m = await message(id);
    assert.equal(m.moves, 2);
    assert.equal(m.views, 1);
    assert.ok(m.firstViewAt);
    const after = await counts();
    assert.equal(after.VIEW! - before.VIEW!, 1);
    assert.equal(after.MOVE! - before.MOVE!, 1);
  });

  it('answers 404 to forged, tampered or misused tokens, and HEAD records nothing', async () => {
    const { pixel, click, unsubscribe } = links(reader.mail);
    const before = await message(reader.id);
    const tamper = (url: string): string => {
      const i = url.length - 5;
      return url.slice(0, i) + (url[i] === 'A' ? 'B' : 'A') + url.slice(i + 1);
    };
    for (const url of [tamper(pixel), tamper(click), tamper(unsubscribe), `${server.baseUrl}/t/c/not-a-token`, `${server.baseUrl}/t/o/`]) {
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 404, url);
      assert.equal(res.headers.get('location'), null);
      await res.arrayBuffer();
    }
    // A token signed with another key cannot redirect anywhere.
    const forged = signTrackingToken(randomBytes(32), { kind: 'click', messageId: reader.id, url: 'https://evil.example/' });
    const res = await fetch(`${server.baseUrl}/t/c/${forged}`, { redirect: 'manual' });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('location'), null);
    // A genuine token of the wrong kind: an open token is no redirect, a click token no unsubscribe.
    const openToken = pixel.slice(pixel.lastIndexOf('/') + 1);
    assert.equal((await fetch(`${server.baseUrl}/t/c/${openToken}`, { redirect: 'manual' })).status, 404);
    const clickToken = click.slice(click.lastIndexOf('/') + 1);
    assert.equal((await fetch(`${server.baseUrl}/u/${clickToken}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 404);
    // Link scanners' HEAD requests get the answer without counting.
    const head = await fetch(click, { method: 'HEAD', redirect: 'manual' });
    assert.equal(head.status, 302);
    assert.equal((await fetch(pixel, { method: 'HEAD' })).status, 200);
    const afterward = await message(reader.id);
    assert.equal(afterward.views, before.views);
    assert.equal(afterward.moves, before.moves);
    assert.equal(afterward.status, 'SENT');
    // A genuine token for a message in this server's key still works after all that.
    const good = signTrackingToken(trackingKey(server.core), { kind: 'click', messageId: reader.id, url: 'https://shop.example/other' });
    const redirect = await fetch(`${server.baseUrl}/t/c/${good}`, { redirect: 'manual' });
    assert.equal(redirect.headers.get('location'), 'https://shop.example/other');
  });

  it('shows the message’s unsubscribe form, escaped, without unsubscribing on GET', async () => {
    const { unsubscribe } = links(reader.mail);
    const res = await fetch(unsubscribe);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /<title>Leaving us\? &lt;sure&gt;<\/title>/);
    assert.match(html, /<h1>Leaving us\? &lt;sure&gt;<\/h1>/);
    assert.match(html, /Why do you go\?/);
    assert.match(html, /<input type="radio" name="reason" value="Too many emails"/);
    assert.match(html, /<input type="radio" name="reason" value="Not &quot;relevant&quot; &amp; &lt;b&gt;boring&lt;\/b&gt;"/);
    assert.doesNotMatch(html, /<b>boring/);
    assert.match(html, /<form method="post" action="\/u\/[A-Za-z0-9_-]+">/);
    assert.match(html, /<button type="submit">/);
    assert.equal((await message(reader.id)).status, 'SENT');
  });

  it('unsubscribes with the reason chosen on the page', async () => {
    const { id, mail } = await deliver('chooser@example.com', { unsubscribeFormId: formId });
    const { unsubscribe } = links(mail);
    const before = await counts();
    const res = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ reason: 'Too many emails' }).toString() });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /You have been unsubscribed/);
    assert.doesNotMatch(html, /<form/);
    const m = await message(id);
    assert.equal(m.status, 'UNSUBSCRIBE');
    assert.equal(m.unsubscribeReason, 'Too many emails');
    assert.equal((await counts()).UNSUBSCRIBE! - before.UNSUBSCRIBE!, 1);
    const ev = (await events(id)).find((e) => e.type === 'unsubscribe');
    assert.equal(ev?.detail.reason, 'Too many emails');
    assert.equal(ev?.detail.method, 'page');
    // The page now says so instead of asking again.
    assert.match(await (await fetch(unsubscribe)).text(), /You have been unsubscribed/);
  });

  it('one-click unsubscribe (RFC 8058) is recorded once, suppresses the address and refuses the next send', async () => {
    const { unsubscribe } = links(reader.mail);
    const before = await counts();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(res.status, 200);
      assert.doesNotMatch(await res.text(), /<form/);
    }
    const m = await message(reader.id);
    assert.equal(m.status, 'UNSUBSCRIBE');
    assert.equal(m.unsubscribeReason, null);
    assert.equal((await counts()).UNSUBSCRIBE! - before.UNSUBSCRIBE!, 1);
    assert.equal((await events(reader.id)).filter((e) => e.type === 'unsubscribe').length, 1);

    const list = ok<{ items: { address: string; reason: string; messageId: number | null }[]; total: number }>(await api.get('/suppressions'));
    const entry = list.items.find((s) => s.address === 'reader@example.com');
    assert.deepEqual(entry && { reason: entry.reason, messageId: entry.messageId }, { reason: 'unsubscribe', messageId: reader.id });
    expectError(await api.post('/messages/email', email('Reader@Example.com')), 422, 'recipient_suppressed');
    // Suppression lists are per account.
    assert.equal(ok<{ total: number }>(await other.get('/suppressions')).total, 0);
  });

  it('accepts the one-click body as multipart/form-data too', async () => {
    const { id, mail } = await deliver('multipart@example.com');
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    const res = await fetch(links(mail).unsubscribe, { method: 'POST', body: form });
    assert.equal(res.status, 200);
    assert.equal((await message(id)).status, 'UNSUBSCRIBE');
  });

  it('manages the suppression list through the native API', async () => {
    const res = await api.post('/suppressions', { address: 'Manual@Example.com' });
    assert.equal(res.status, 204);
    assert.equal((await api.post('/suppressions', { address: 'manual@example.com' })).status, 204);
    expectError(await api.post('/suppressions', { address: 'not an address' }), 400, 'validation_failed', ['address']);
    const page = ok<{ items: { address: string; reason: string; messageId: number | null }[]; total: number }>(await api.get('/suppressions?limit=1'));
    assert.equal(page.items.length, 1);
    assert.ok(page.total >= 3);
    const all = ok<{ items: { address: string; reason: string; messageId: number | null }[] }>(await api.get('/suppressions?limit=100'));
    assert.deepEqual(all.items.find((s) => s.address === 'manual@example.com')?.reason, 'manual');
    expectError(await api.post('/messages/email', email('manual@example.com')), 422, 'recipient_suppressed');
    assert.equal((await api.delete('/suppressions/MANUAL%40example.com')).status, 204);
    expectError(await api.delete('/suppressions/manual%40example.com'), 404, 'not_found');
    expectError(await other.delete('/suppressions/reader%40example.com'), 404, 'not_found');
    assert.equal((await api.post('/messages/email', email('manual@example.com'))).status, 202);
  });

  it('manages unsubscribe forms through the native API', async () => {
    const created = ok<{ id: number; name: string; title: string; question: string; reasons: string[]; createdAt: string }>(
      await api.post('/unsubscribe-forms', { name: 'Short', title: 'Bye' }),
      201,
    );
    assert.deepEqual({ ...created, createdAt: undefined }, { id: created.id, name: 'Short', title: 'Bye', question: '', reasons: [], createdAt: undefined });
    const patched = ok<{ title: string; reasons: string[]; name: string }>(await api.patch(`/unsubscribe-forms/${created.id}`, { reasons: ['A', 'B'] }));
    assert.deepEqual([patched.name, patched.title, patched.reasons], ['Short', 'Bye', ['A', 'B']]);
    const put = ok<{ title: string; question: string }>(await api.put(`/unsubscribe-forms/${created.id}`, { title: 'Goodbye', question: 'Why?' }));
    assert.deepEqual([put.title, put.question], ['Goodbye', 'Why?']);
    assert.deepEqual(ok<{ title: string }>(await api.get(`/unsubscribe-forms/${created.id}`)).title, 'Goodbye');
    const listed = ok<{ items: { id: number }[] }>(await api.get('/unsubscribe-forms')).items.map((f) => f.id);
    assert.deepEqual(listed, [formId, created.id]);
    expectError(await api.post('/unsubscribe-forms', { name: ' ', title: 'x' }), 400, 'validation_failed', ['name']);
    expectError(await api.patch(`/unsubscribe-forms/${created.id}`, { reasons: ['A', 'A'] }), 400, 'validation_failed', ['reasons']);
    expectError(await api.post('/unsubscribe-forms', { name: 'x', title: 'y', extra: 1 }), 400, 'validation_failed');
    expectError(await other.get(`/unsubscribe-forms/${created.id}`), 404, 'not_found');
    expectError(await other.post('/messages/email', { ...email('x@example.com'), unsubscribeFormId: created.id }), 422, 'unsubscribe_form_not_found');
    assert.equal((await api.delete(`/unsubscribe-forms/${created.id}`)).status, 204);
    expectError(await api.get(`/unsubscribe-forms/${created.id}`), 404, 'not_found');
    expectError(await api.delete(`/unsubscribe-forms/${created.id}`), 404, 'not_found');
    expectError(await api.post('/messages/email', { ...email('x@example.com'), unsubscribeFormId: created.id }), 422, 'unsubscribe_form_not_found');
  });

  it('falls back to the default form when the message has none', async () => {
    const { mail } = await deliver('default-form@example.com');
    const html = await (await fetch(links(mail).unsubscribe)).text();
    assert.match(html, /<h1>Unsubscribe<\/h1>/);
    assert.match(html, /type="radio" name="reason"/);
  });
});
