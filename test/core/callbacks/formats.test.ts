import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { nativeCallbackRequest, sendExpertCallbackRequest } from '../../../src/core/callbacks/formats.js';
import { generateWebhookSecret, standardWebhookSignature } from '../../../src/core/callbacks/standard-webhooks.js';
import { smtpWarningFor } from '../../../src/core/callbacks/smtp-warning.js';
import { nextDeliveryAttempt, shouldDisable } from '../../../src/delivery/callbacks/attempts.js';
import type { CallbackPayload } from '../../../src/core/messages/events.js';

const payloads: CallbackPayload[] = [
  { event: 'sent', messageId: 265, at: '2017-10-23T13:27:01.000Z', detail: { response: '250 OK' } },
  { event: 'error', messageId: 266, at: '2017-10-23T13:27:01.500Z', detail: { status: 'ERROR_EMAIL_NOT_EXIST', response: '550 5.1.1 unknown / user' } },
];

/** Standard Webhooks verification written from the spec, not from Herald's code. */
function verifyStandardWebhook(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.split('_')[1] ?? '', 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  return (headers['webhook-signature'] ?? '').split(' ').some((s) => s === `v1,${expected}`);
}

describe('callback formats', () => {
  it('native: Standard Webhooks headers and a signature that verifies independently', () => {
    const secret = generateWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(Buffer.from(secret.slice(6), 'base64').length, 24);
    const now = new Date('2024-05-01T10:00:00.900Z');
    const req = nativeCallbackRequest(42, payloads, secret, now);
    assert.equal(req.headers['webhook-id'], 'msg_42');
    assert.equal(req.headers['webhook-timestamp'], '1714557600');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.ok(verifyStandardWebhook(secret, req.headers, req.body));
    assert.ok(!verifyStandardWebhook(generateWebhookSecret(), req.headers, req.body));
    assert.ok(!verifyStandardWebhook(secret, req.headers, req.body.replace('265', '264')));
    assert.deepEqual(JSON.parse(req.body), {
      type: 'message.events',
      data: [
        { event: 'sent', messageId: 265, at: '2017-10-23T13:27:01.000Z', response: '250 OK' },
        { event: 'error', messageId: 266, at: '2017-10-23T13:27:01.500Z', status: 'ERROR_EMAIL_NOT_EXIST', response: '550 5.1.1 unknown / user' },
      ],
    });
  });

  it('native: the Standard Webhooks reference test vector', () => {
    // From the Standard Webhooks reference libraries' tests.
    assert.equal(
      standardWebhookSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('sendexpert: the documented body with every value a string and md5(key . json . key)', () => {
    const key = 'e10adc3949ba59abbe56e057f20f883e';
    const req = sendExpertCallbackRequest(payloads, key);
    assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
    const data = '[{"mail_id":"265","timestamp":"1508765221","status":"sent"},{"mail_id":"266","timestamp":"1508765221","status":"error"}]';
    const checksum = createHash('md5').update(key + data + key).digest('hex');
    assert.equal(req.body, `{"data":${data},"checksum":"${checksum}"}`);
  });

  it('sendexpert: smtp-warning has no mail and carries its figures as strings', () => {
    const req = sendExpertCallbackRequest([{ event: 'smtp-warning', messageId: 0, at: '2017-10-23T13:27:01.000Z', detail: { rate: 12.5, errors: 5, sent: 35, day: '2017-10-23' } }], 'k');
    assert.deepEqual(JSON.parse(req.body).data, [{ mail_id: '', timestamp: '1508765221', status: 'smtp-warning', rate: '12.5', errors: '5', sent: '35', day: '2017-10-23' }]);
  });
});

describe('callback rules', () => {
  it('smtp-warning: the day\'s error rate among finished mails reaches the threshold, with 10 finished at least', () => {
    assert.equal(smtpWarningFor({ sent: 5, errors: 4 }, 10), null); // 9 finished: too few to judge
    assert.deepEqual(smtpWarningFor({ sent: 6, errors: 4 }, 40), { rate: 40, errors: 4, sent: 6 });
    assert.equal(smtpWarningFor({ sent: 7, errors: 3 }, 40), null);
    assert.deepEqual(smtpWarningFor({ sent: 2, errors: 1 + 8 }, 50), { rate: 81.82, errors: 9, sent: 2 });
    assert.equal(smtpWarningFor({ sent: 1000, errors: 0 }, 1), null);
    assert.deepEqual(smtpWarningFor({ sent: 0, errors: 10 }, 100), { rate: 100, errors: 10, sent: 0 });
  });

  it('retries double from the base, capped, until the window after the first attempt ends', () => {
    const policy = { baseMs: 60_000, capMs: 3_600_000, windowMs: 24 * 3_600_000, disableAfterFailures: 5, random: () => 1 };
    const first = new Date('2024-01-01T00:00:00Z');
    assert.equal(nextDeliveryAttempt(first, 1, first, policy)?.getTime(), first.getTime() + 60_000);
    assert.equal(nextDeliveryAttempt(first, 3, first, policy)?.getTime(), first.getTime() + 240_000);
    assert.equal(nextDeliveryAttempt(first, 12, first, policy)?.getTime(), first.getTime() + 3_600_000);
    // Jitter keeps at least half the delay.
    assert.equal(nextDeliveryAttempt(first, 2, first, { ...policy, random: () => 0 })?.getTime(), first.getTime() + 60_000);
    const late = new Date(first.getTime() + 23.5 * 3_600_000);
    assert.equal(nextDeliveryAttempt(late, 30, first, policy), null);
    assert.equal(shouldDisable(4, policy), false);
    assert.equal(shouldDisable(5, policy), true);
  });
});
