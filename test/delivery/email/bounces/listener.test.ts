import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { startInboundListener } from '../../../../src/delivery/email/bounces/listener.js';
import type { InboundReport } from '../../../../src/delivery/email/bounces/inbound-report.js';
import { postfixDsn, yahooArf } from './fixtures.js';

async function withListener(onReport: (report: InboundReport, raw: Buffer) => Promise<void>, run: (port: number) => Promise<void>): Promise<void> {
  const listener = await startInboundListener({ host: '127.0.0.1', port: 0, maxSize: 64 * 1024, feedbackAddresses: ['FBL@herald.example'], onReport });
  try {
    await run(listener.port);
  } finally {
    await listener.close();
  }
}

function send(port: number, to: string, raw: Buffer): Promise<unknown> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  // An empty envelope sender is the null reverse-path `MAIL FROM:<>` that DSNs travel with.
  return transport.sendMail({ envelope: { from: '', to: [to] }, raw }).finally(() => transport.close());
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
    const kinds: string[] = [];
    await withListener(
      async (report) => {
        kinds.push(report.kind);
      },
      async (port) => {
        await send(port, 'fbl@herald.example', yahooArf);
        await assert.rejects(send(port, 'postmaster@herald.example', yahooArf), (err: { responseCode?: number }) => err.responseCode === 550);
      },
    );
    assert.deepEqual(kinds, ['complaint']);
  });

  test('a failing handler answers 451 so the sender retries; oversized messages get 552', async () => {
    await withListener(
      async () => {
        throw new Error('database down');
      },
      async (port) => {
        await assert.rejects(send(port, 'bounces+x@herald.example', postfixDsn), (err: { responseCode?: number }) => err.responseCode === 451);
        const big = Buffer.concat([postfixDsn, Buffer.from('x'.repeat(70 * 1024))]);
        await assert.rejects(send(port, 'bounces+x@herald.example', big), (err: { responseCode?: number }) => err.responseCode === 552);
      },
    );
  });
});
