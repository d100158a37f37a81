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
import { DEFAULT_MAX_IN_FLIGHT } from '../../../src/delivery/dispatcher.js';

const MESSAGES = 20_000;

describeEachDatabase('email: SIGKILL of a worker mid-run', (kind) => {
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

  function startWorker(): ChildProcess {
    const child = spawnCli(['worker'], {
      ...t.database.env,
      HERALD_SECRET_KEY: secret,
      HERALD_SMTP_RELAYS: peer.url,
      HERALD_SMTP_POOL: '4',
      HERALD_SEND_LEASE_SECONDS: '3',
      HERALD_LOG_LEVEL: 'silent',
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return child;
  }
  const secret = randomBytes(32).toString('hex');

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
});
