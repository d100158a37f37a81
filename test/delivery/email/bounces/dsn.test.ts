import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDsn } from '../../../../src/delivery/email/bounces/dsn.js';
import { parseArf } from '../../../../src/delivery/email/bounces/arf.js';
import { autoReply, delayedDsn, eximDsn, gmailDsn, postfixDsn, yahooArf } from './fixtures.js';

describe('RFC 3464 delivery status notifications', () => {
  test('Postfix: folded Diagnostic-Code, original headers only, encoded subject', async () => {
    const dsn = await parseDsn(postfixDsn);
    assert.ok(dsn);
    assert.equal(dsn.reportingMta, 'mx.example.net');
    assert.deepEqual(dsn.recipients, [
      {
        address: 'nobody@example.org',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
        remoteMta: 'mail.example.org',
      },
    ]);
    assert.equal(dsn.original?.messageId, '<m123.abc@herald.example>');
    assert.equal(dsn.original?.returnPath, 'bounces+m123.abc@herald.example');
    assert.equal(dsn.original?.subject, 'Ваш заказ');
    assert.deepEqual(dsn.original?.to, ['nobody@example.org']);
  });

  test('Gmail: nested first part, multi-line diagnostic, full original message', async () => {
    const dsn = await parseDsn(gmailDsn);
    assert.ok(dsn);
    assert.equal(dsn.recipients.length, 1);
    const [r] = dsn.recipients;
    assert.equal(r?.address, 'missing.person@gmail.com');
    assert.equal(r?.action, 'failed');
    assert.equal(r?.status, '5.1.1');
    assert.match(r?.diagnostic ?? '', /^550-5\.1\.1 The email account that you tried to reach does not exist\. .* 550 5\.1\.1 +https:\/\/support\.google\.com\/mail\/\?p=NoSuchUser/);
    assert.equal(dsn.original?.messageId, '<gmail-test-1@herald.example>');
    assert.equal(dsn.original?.returnPath, 'bounces+Gm42-x.Y_z@herald.example');
  });

  test('Exim: two recipients, bare 550, angle-bracketed recipient', async () => {
    const dsn = await parseDsn(eximDsn);
    assert.ok(dsn);
    assert.deepEqual(
      dsn.recipients.map((r) => [r.address, r.action, r.status, r.diagnostic]),
      [
        ['gone@exim-target.example', 'failed', '5.0.0', '550 Unknown user'],
        ['fine@exim-target.example', 'delivered', '2.0.0', null],
      ],
    );
    assert.equal(dsn.original?.messageId, '<exim-1@herald.example>');
  });

  test('delayed DSN with a base64 status part and an action comment', async () => {
    const dsn = await parseDsn(delayedDsn);
    assert.ok(dsn);
    assert.deepEqual(dsn.recipients, [
      { address: 'slow@example.com', action: 'delayed', status: '4.4.1', diagnostic: 'connect to mail.example.com[192.0.2.1]:25: Connection timed out', remoteMta: null },
    ]);
    assert.equal(dsn.original?.messageId, '<delayed-1@herald.example>');
  });

  test('other messages are not DSNs', async () => {
    assert.equal(await parseDsn(yahooArf), null);
    assert.equal(await parseDsn(autoReply), null);
    assert.equal(await parseDsn(Buffer.from('')), null);
    assert.equal(await parseArf(postfixDsn), null);
  });
});
