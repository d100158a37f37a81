import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyInbound, verpAddress, verpToken } from '../../../../src/delivery/email/bounces/inbound-report.js';
import { autoReply, delayedDsn, gmailDsn, microsoftArf, postfixDsn, yahooArf } from './fixtures.js';

describe('VERP return paths', () => {
  test('round trip, token case kept, invalid tokens refused', () => {
    assert.equal(verpAddress('m123.abc', 'herald.example'), 'bounces+m123.abc@herald.example');
    assert.equal(verpToken('bounces+m123.abc@herald.example'), 'm123.abc');
    assert.equal(verpToken(' <Bounces+Gm42-x.Y_z@Herald.Example> '), 'Gm42-x.Y_z');
    for (const other of ['bounces@herald.example', 'bounces+@herald.example', 'noreply+x@herald.example', 'bounces+a/b@herald.example', 'bounces+x', 'bounces+x@a@b']) {
      assert.equal(verpToken(other), null, other);
    }
    assert.throws(() => verpAddress('a b', 'herald.example'));
    assert.throws(() => verpAddress('', 'herald.example'));
  });
});

describe('classifyInbound', () => {
  test('a Postfix bounce', async () => {
    assert.deepEqual(await classifyInbound(postfixDsn, { mailFrom: '', rcptTo: ['bounces+m123.abc@herald.example'] }), {
      kind: 'bounce',
      recipients: [{ address: 'nobody@example.org', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table' }],
      originalMessageId: '<m123.abc@herald.example>',
      returnPathTokens: ['m123.abc'],
    });
  });

  test('tokens come from the envelope and the quoted original, deduplicated', async () => {
    const report = await classifyInbound(gmailDsn, { mailFrom: '', rcptTo: ['bounces+other@herald.example', 'bounces+Gm42-x.Y_z@herald.example'] });
    assert.equal(report.kind, 'bounce');
    assert.deepEqual(report.returnPathTokens, ['other', 'Gm42-x.Y_z']);
  });

  test('a delayed DSN is a bounce report whose recipient action is delayed', async () => {
    const report = await classifyInbound(delayedDsn, { mailFrom: '', rcptTo: ['bounces+d1@herald.example'] });
    assert.equal(report.kind, 'bounce');
    if (report.kind === 'bounce') assert.equal(report.recipients[0]?.action, 'delayed');
  });

  test('complaints', async () => {
    assert.deepEqual(await classifyInbound(yahooArf, { mailFrom: 'staff@yahoo.example', rcptTo: ['fbl@herald.example'] }), {
      kind: 'complaint',
      feedbackType: 'abuse',
      originalMessageId: '<c55.q@herald.example>',
      originalRecipient: 'jane.doe@yahoo.com',
      returnPathTokens: ['c55.q'],
    });
    assert.deepEqual(await classifyInbound(microsoftArf, { mailFrom: 'staff@hotmail.com', rcptTo: ['abuse-reports@herald.example'] }), {
      kind: 'complaint',
      feedbackType: 'abuse',
      originalMessageId: '<ms-9@herald.example>',
      originalRecipient: 'pat@outlook.example',
      returnPathTokens: ['ms.9'],
    });
  });

  test('anything else is unknown, keeping the envelope tokens', async () => {
    assert.deepEqual(await classifyInbound(autoReply, { mailFrom: 'someone@example.org', rcptTo: ['bounces+m1@herald.example'] }), {
      kind: 'unknown',
      reason: 'not a delivery-status or feedback report',
      returnPathTokens: ['m1'],
    });
  });
});
