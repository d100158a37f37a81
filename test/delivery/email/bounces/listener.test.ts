import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { startInboundListener, type InboundListenerOptions } from '../../../../src/delivery/email/bounces/listener.js';
import type { InboundReport } from '../../../../src/delivery/email/bounces/inbound-report.js';
import { postfixDsn, yahooArf } from './fixtures.js';

async function withListener(onReport: (report: InboundReport, raw: Buffer) => Promise<void>, run: (port: number) => Promise<void>, tune: Partial<InboundListenerOptions> = {}): Promise<void> {
  const listener = await startInboundListener({ host: '127.0.0.1', port: 0, maxSize: 64 * 1024, domain: 'herald.example', feedbackAddresses: ['FBL@herald.example'], maxClients: 10, socketTimeoutMs: 10_000, onReport, ...tune });
  try {
    await run(listener.port);
  } finally {
    await listener.close();
  }
}

/** Runs `run` against a listener and returns the kinds of the reports it handed over, in order. */
async function reportKinds(run: (port: number) => Promise<void>, tune: Partial<InboundListenerOptions> = {}): Promise<string[]> {
  const kinds: string[] = [];
  await withListener(
    async (report) => {
      kinds.push(report.kind);
    },
    run,
    tune,
  );
  return kinds;
}

/** An SMTP refusal with this reply code, as nodemailer reports it. */
const replied = (code: number) => (err: { responseCode?: number }) => err.responseCode === code;

function send(port: number, to: string, raw: Buffer): Promise<unknown> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  // An empty envelope sender is the null reverse-path `MAIL FROM:<>` that DSNs travel with.
  return transport.sendMail({ envelope: { from: '', to: [to] }, raw }).finally(() => transport.close());
}

/** A raw SMTP connection and the first reply line the server sent on it. */
async function rawClient(port: number): Promise<{ socket: Socket; greeting: string }> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  while (!/^\d{3} .*\r\n/m.test(text)) await Promise.race([once(socket, 'data'), once(socket, 'close')]);
  return { socket, greeting: text.split('\r\n')[0] ?? '' };
}

describe('inbound report listener', () => {
  test('a DSN sent over SMTP reaches onReport classified, and the reply waits for it', async () => {
    const seen: [InboundReport, Buffer][] = [];
    await withListener(
      async (report, raw) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push([report, raw]);
      },
      async (port) => {
        const info = (await send(port, 'bounces+m123.abc@herald.example', postfixDsn)) as { response: string };
        assert.match(info.response, /^250 /);
      },
    );
    assert.equal(seen.length, 1);
    const [report, raw] = seen[0]!;
    assert.equal(report.kind, 'bounce');
    assert.deepEqual(report.returnPathTokens, ['m123.abc']);
    if (report.kind === 'bounce') {
      assert.equal(report.originalMessageId, '<m123.abc@herald.example>');
      assert.equal(report.recipients[0]?.status, '5.1.1');
    }
    assert.ok(raw.includes('Undelivered Mail Returned to Sender'));
  });

  test('feedback addresses are accepted case-insensitively; other recipients get 550', async () => {
    const kinds = await reportKinds(async (port) => {
      await send(port, 'fbl@herald.example', yahooArf);
      await assert.rejects(send(port, 'postmaster@herald.example', yahooArf), replied(550));
    });
    assert.deepEqual(kinds, ['complaint']);
  });

  test('return paths and feedback addresses at another domain get 550', async () => {
    const kinds = await reportKinds(async (port) => {
      for (const to of ['bounces+m123.abc@elsewhere.example', 'bounces+m123.abc@herald.example.evil.test', 'fbl@elsewhere.example']) {
        await assert.rejects(send(port, to, postfixDsn), replied(550), to);
      }
      await send(port, 'bounces+m123.abc@HERALD.example', postfixDsn);
    });
    assert.deepEqual(kinds, ['bounce']);
  });

  test('clients over the limit are answered 421 and closed; once others leave, a bounce is processed again', async () => {
    const kinds = await reportKinds(
      async (port) => {
        const first = await rawClient(port);
        const second = await rawClient(port);
        assert.match(first.greeting, /^220 /);
        assert.match(second.greeting, /^220 /);
        const third = await rawClient(port);
        assert.match(third.greeting, /^421 .*Too many connected clients/);
        if (!third.socket.closed) await once(third.socket, 'close');
        first.socket.destroy();
        second.socket.destroy();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const info = (await send(port, 'bounces+m123.abc@herald.example', postfixDsn)) as { response: string };
        assert.match(info.response, /^250 /);
      },
      { maxClients: 2 },
    );
    assert.deepEqual(kinds, ['bounce']);
  });

  test('an idle connection is closed after the socket timeout', async () => {
    await withListener(
      async () => undefined,
      async (port) => {
        const client = await rawClient(port);
        assert.match(client.greeting, /^220 /);
        const started = Date.now();
        await once(client.socket, 'close');
        assert.ok(Date.now() - started < 2_000, `closed after ${Date.now() - started} ms`);
      },
      { socketTimeoutMs: 300 },
    );
  });

  test('a failing handler answers 451 so the sender retries; oversized messages get 552', async () => {
    await withListener(
      async () => {
        throw new Error('database down');
      },
      async (port) => {
        await assert.rejects(send(port, 'bounces+x@herald.example', postfixDsn), replied(451));
        const big = Buffer.concat([postfixDsn, Buffer.from('x'.repeat(70 * 1024))]);
        await assert.rejects(send(port, 'bounces+x@herald.example', big), replied(552));
      },
    );
  });
});
