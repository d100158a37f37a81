import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isMobizonReport, mobizonSign, mobizonWebhookRequest } from '../../../src/core/callbacks/mobizon-webhook.js';
import type { CallbackPayload } from '../../../src/core/messages/events.js';

const delivered: CallbackPayload = {
  event: 'delivered',
  messageId: 169275418,
  at: '2026-01-15T05:42:28.000Z',
  detail: { status: 'DELIVRD', errorCode: '000', campaignId: 245455096, segNum: 3, to: '+380737893456' },
};

describe('Mobizon webhook sign and body', () => {
  it('signs as docs/protocols/mobizon.md §Webhooks (PHP sha1 test vector)', () => {
    assert.equal(mobizonSign(26, 1, '2026-01-15 11:42:28', 'secret123'), '5cdebbb611d765bad163d765e8637830b6fd4060');
    // A retry signs differently: attempt is part of the signed text.
    assert.notEqual(mobizonSign(26, 2, '2026-01-15 11:42:28', 'secret123'), mobizonSign(26, 1, '2026-01-15 11:42:28', 'secret123'));
  });

  it('builds the documented sms-delivery-report body, times in the account zone', () => {
    // Asia/Almaty is UTC+5 (since 2024): 05:42:28Z is 10:42:28 there.
    const request = mobizonWebhookRequest({ eventId: 26, webhookId: 1, attempt: 1, timeZone: 'Asia/Almaty' }, delivered, 'secret123');
    assert.equal(request.headers['content-type'], 'application/json');
    const body = JSON.parse(request.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['eventId', 'eventType', 'eventCreateTs', 'webhookId', 'attempt', 'data', 'sign']);
    assert.deepEqual(body, {
      eventId: 26,
      eventType: 'sms-delivery-report',
      eventCreateTs: '2026-01-15 10:42:28',
      webhookId: 1,
      attempt: 1,
      data: { campaignId: 245455096, messageId: 169275418, segNum: 3, statusUpdateTs: '2026-01-15 10:42:28', status: 'DELIVRD', to: '380737893456' },
      sign: createHash('sha1').update('26|1|2026-01-15 10:42:28|secret123').digest('hex'),
    });
    const utc = JSON.parse(mobizonWebhookRequest({ eventId: 26, webhookId: 1, attempt: 1, timeZone: 'UTC' }, delivered, 'secret123').body) as { eventCreateTs: string };
    assert.equal(utc.eventCreateTs, '2026-01-15 05:42:28');
  });

  it('reports SMS status events only', () => {
    assert.equal(isMobizonReport(delivered), true);
    assert.equal(isMobizonReport({ ...delivered, event: 'sent', detail: { ...delivered.detail, status: 'ACCEPTD' } }), true);
    // An email's events carry no campaign, segments or number.
    assert.equal(isMobizonReport({ event: 'sent', messageId: 1, at: delivered.at, detail: { response: '250 OK' } }), false);
    assert.equal(isMobizonReport({ ...delivered, event: 'open' }), false);
    assert.throws(() => mobizonWebhookRequest({ eventId: 1, webhookId: 1, attempt: 1, timeZone: 'UTC' }, { ...delivered, detail: {} }, 's'));
  });
});
