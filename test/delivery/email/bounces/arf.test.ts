import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArf } from '../../../../src/delivery/email/bounces/arf.js';
import { microsoftArf, yahooArf } from './fixtures.js';

describe('RFC 5965 feedback reports', () => {
  test('Yahoo abuse report with the original message', async () => {
    const arf = await parseArf(yahooArf);
    assert.ok(arf);
    assert.equal(arf.feedbackType, 'abuse');
    assert.equal(arf.userAgent, 'Yahoo!-Mail-Feedback/2.0');
    assert.equal(arf.originalMailFrom, 'bounces+c55.q@herald.example');
    assert.deepEqual(arf.originalRcptTo, ['jane.doe@yahoo.com']);
    assert.equal(arf.sourceIp, '198.51.100.7');
    assert.equal(arf.arrivalDate, 'Tue, 14 May 2024 11:59:00 +0000');
    assert.equal(arf.original?.messageId, '<c55.q@herald.example>');
    assert.deepEqual(
      arf.original?.headers.find(([name]) => name === 'list-unsubscribe'),
      ['list-unsubscribe', '<https://herald.example/u/c55.q>'],
    );
  });

  test('Microsoft-style report: headers-only original, no Original-Rcpt-To', async () => {
    const arf = await parseArf(microsoftArf);
    assert.ok(arf);
    assert.equal(arf.feedbackType, 'abuse');
    assert.deepEqual(arf.originalRcptTo, []);
    assert.equal(arf.original?.messageId, '<ms-9@herald.example>');
    assert.equal(arf.original?.returnPath, 'bounces+ms.9@herald.example');
    assert.deepEqual(arf.original?.to, ['pat@outlook.example']);
  });
});
