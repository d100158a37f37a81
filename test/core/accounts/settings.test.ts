import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { createSendingAccount, startMailStack, type MailStack } from '../../support/mail-stack.js';
import type { SmtpPeer } from '../../support/smtp-peer.js';
import { waitUntil } from '../../support/wait.js';
import type { Api } from '../../faces/native/client.js';

describeEachDatabase('account settings: sending rate, scheduled sending', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let api: Api;
  let other: Api;
  before(async () => {
    stack = await startMailStack(kind);
    ({ peer, api } = stack);
    other = (await createSendingAccount(stack.server, null)).api;
  });
  after(() => stack?.close());

  it('reads and validates the settings; each account sees its own', async () => {
    const initial = await api.get('/account');
    assert.equal(initial.status, 200);
    assert.deepEqual({ ...(initial.body as object), name: 'x' }, { name: 'x', timeZone: 'UTC', sendRateLimit: 0, retryHours: 24 });
    for (const [body, field] of [[{ timeZone: 'Mars/Olympus' }, 'timeZone'], [{ retryHours: 0 }, 'retryHours'], [{ sendRateLimit: -1 }, 'sendRateLimit']] as const) {
      const bad = await api.request('PATCH', '/account', body);
      assert.equal(bad.status, 400);
      assert.deepEqual((bad.body as { error: { details: { field: string }[] } }).error.details.map((d) => d.field), [field]);
    }
    const ok = await api.request('PATCH', '/account', { timeZone: 'Europe/Kyiv' });
    assert.equal((ok.body as { timeZone: string }).timeZone, 'Europe/Kyiv');
    assert.equal(((await other.get('/account')).body as { timeZone: string }).timeZone, 'UTC');
  });

  it('an account limited to 4 messages a second sends 12 over at least two seconds', async () => {
    await api.request('PATCH', '/account', { sendRateLimit: 4 });
    // The dispatcher re-reads rates every 10 s; make it see the new one now.
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const before = peer.received.length;
    const messages = Array.from({ length: 12 }, (_, i) => ({ to: `rate${i}@example.com`, from: 'news@shop.example', subject: `Rate ${i}`, text: 'x' }));
    const res = await api.post('/messages/email/batch', { messages });
    assert.equal(res.status, 202);
    await waitUntil(() => peer.received.length >= before + 12, 20_000, 'twelve deliveries');
    assert.ok(Date.now() - started >= 1900, `12 messages at 4/s went out in ${Date.now() - started} ms`);
    await api.request('PATCH', '/account', { sendRateLimit: 0 });
  });

  it('a message scheduled in the future waits until its time', async () => {
    const sendAt = new Date(Date.now() + 2500).toISOString();
    const res = await api.post('/messages/email', { to: 'later@example.com', from: 'news@shop.example', subject: 'Later', text: 'x', sendAt });
    const [id] = (res.body as { ids: number[] }).ids;
    const queued = (await api.get(`/messages/${id}`)).body as { status: string; scheduledAt: string };
    assert.equal(queued.status, 'WAIT');
    assert.equal(queued.scheduledAt, sendAt);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(((await api.get(`/messages/${id}`)).body as { status: string }).status, 'WAIT');
    await waitUntil(async () => ((await api.get(`/messages/${id}`)).body as { status: string }).status === 'SENT', 10_000, 'the scheduled message');
    const sent = (await api.get(`/messages/${id}`)).body as { sentAt: string };
    assert.ok(Date.parse(sent.sentAt) >= Date.parse(sendAt));
  });
});
