import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { spawnCli } from '../../support/processes.js';
import { startSmtpPeer, type SmtpPeer } from '../../support/smtp-peer.js';
import { waitUntil } from '../../support/wait.js';
import { twoAccounts, type TwoAccounts } from '../../core/fixture.js';
import { acceptEmails } from '../../../src/core/messages/accept.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { readDailyStats } from '../../../src/core/stats/daily-stats.js';
import { updateAccountSettings } from '../../../src/core/accounts/settings.js';
import { DEFAULT_MAX_IN_FLIGHT } from '../../../src/delivery/dispatcher.js';

const MESSAGES = 20_000;

describeEachDatabase('email: herald worker processes', (kind) => {
  let t: TwoAccounts;
  let peer: SmtpPeer;
  before(async () => {
    t = await twoAccounts(kind);
    peer = await startSmtpPeer();
  });
  after(async () => {
    await peer.close();
    await t.dispose();
  });

  /**
   * A short lease lets the crash test see a dead worker's claims come back quickly; where no worker
   * dies, a longer one keeps a slow (loaded) machine from taking live claims for dead ones.
   */
  function startWorker(leaseSeconds = 3): ChildProcess {
    const child = spawnCli(['worker'], {
      ...t.database.env,
      HERALD_SECRET_KEY: secret,
      HERALD_SMTP_RELAYS: peer.url,
      HERALD_SMTP_POOL: '4',
      HERALD_SEND_LEASE_SECONDS: String(leaseSeconds),
      HERALD_LOG_LEVEL: 'silent',
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return child;
  }
  const secret = randomBytes(32).toString('hex');

  async function pendingCount(): Promise<number> {
    const row = await t.a.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('dueAt', 'is not', null).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test(`${MESSAGES} messages: every one reaches a final status after a restart, none lost`, { timeout: 300_000 }, async () => {
    await markSenderVerified(t.a, 'bulk@shop.example');
    for (let i = 0; i < MESSAGES; i += 1000) {
      const chunk = Array.from({ length: 1000 }, (_, j) => ({ to: `r${i + j}@example.com`, from: 'bulk@shop.example', subject: `Message ${i + j}`, text: `Hello ${i + j}`, trackOpens: false }));
      await acceptEmails(t.a, chunk, { source: 'native' });
    }

    const first = startWorker();
    try {
      await waitUntil(() => peer.received.length >= MESSAGES / 4, 120_000, 'the first worker to send a quarter');
      first.kill('SIGKILL');
      await once(first, 'exit');
    } finally {
      first.kill('SIGKILL');
    }
    const atKill = peer.received.length;
    assert.ok(atKill < MESSAGES, 'the worker finished before it could be killed');
    const pending = await t.a.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('dueAt', 'is not', null).executeTakeFirstOrThrow();
    assert.ok(Number(pending.n) > 0);

    const second = startWorker();
    try {
      await waitUntil(
        async () => {
          const row = await t.a.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('dueAt', 'is not', null).executeTakeFirstOrThrow();
          return Number(row.n) === 0;
        },
        240_000,
        'every message to be final',
      );
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }

    const statuses = await t.a.db.selectFrom('messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    assert.deepEqual(statuses.map((s) => [s.status, Number(s.n)]), [['SENT', MESSAGES]]);

    // Every message arrived at least once; only those in flight at the kill may have arrived twice.
    const seen = new Map<string, number>();
    for (const mail of peer.received) {
      const subject = (await simpleParser(mail.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true })).subject ?? '';
      seen.set(subject, (seen.get(subject) ?? 0) + 1);
    }
    assert.equal(seen.size, MESSAGES);
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    assert.ok(duplicates <= DEFAULT_MAX_IN_FLIGHT, `${duplicates} duplicates: more than the messages in flight at the kill`);

    // The statistics count each message once, whatever was sent twice.
    const day = (await t.a.db.selectFrom('messages').select('statDay').limit(1).executeTakeFirstOrThrow()).statDay;
    const counts = (await readDailyStats(t.a, 'email', [day])).get(day);
    assert.equal(counts?.total, MESSAGES);
    assert.equal(counts?.sent, MESSAGES);
    assert.equal(counts?.sending, 0);
    const events = await t.a.db.selectFrom('messageEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'sent').executeTakeFirstOrThrow();
    assert.equal(Number(events.n), MESSAGES);
  });

  test('two workers share one queue: each message goes out exactly once', { timeout: 300_000 }, async () => {
    await markSenderVerified(t.b, 'shared@shop.example');
    // 250 a second per process: one worker alone would need 16 s, so both take part.
    await updateAccountSettings(t.b, { sendRateLimit: 250 });
    const count = 4000;
    const before = peer.received.length;
    for (let i = 0; i < count; i += 1000) {
      const chunk = Array.from({ length: 1000 }, (_, j) => ({ to: `s${i + j}@example.com`, from: 'shared@shop.example', subject: `Shared ${i + j}`, text: 'x', trackOpens: false }));
      await acceptEmails(t.b, chunk, { source: 'native' });
    }
    const workers = [startWorker(30), startWorker(30)];
    try {
      await waitUntil(async () => (await pendingCount()) === 0, 240_000, 'the shared queue to empty');
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => once(w, 'exit')));
    }
    const mails = peer.received.slice(before);
    const subjects = await Promise.all(mails.map(async (m) => (await simpleParser(m.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true })).subject ?? ''));
    assert.equal(subjects.length, count, 'no message was sent twice');
    assert.equal(new Set(subjects).size, count);
    // Both processes took part: their claims interleaved on the shared table.
    const sent = await t.b.db.selectFrom('messageEvents').select('detail').where('accountId', '=', t.b.accountId).where('type', '=', 'sent').execute();
    assert.equal(sent.length, count);
    const senders = new Set(sent.map((e) => (JSON.parse(e.detail) as { worker: string }).worker));
    assert.equal(senders.size, 2);
  });
});
