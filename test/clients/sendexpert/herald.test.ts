/**
 * The SendExpert client against a running Herald (/api/transapi.php), the five actions in both
 * encodings on both databases, mail delivered to a real SMTP peer, and verifyCallback on the
 * callbacks Herald posts in the SendExpert flavour.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startMailStack, untilFinal, type MailStack } from '../../support/mail-stack.js';
import { waitUntil } from '../../support/wait.js';
import { BY_TEST } from '../../support/billing.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { ok } from '../../faces/native/client.js';
import { startReceiver, type Receiver } from '../../delivery/callbacks/receiver.js';
import { attachmentOf, parseCallback, SendExpertClient, SendExpertError, verifyCallback, type SendExpertEncoding } from '../../../src/clients/sendexpert/index.js';

describeEachDatabase('SendExpert client against Herald', (kind) => {
  let stack: MailStack;
  let receiver: Receiver;
  let key: string;
  const clients = {} as Record<SendExpertEncoding, SendExpertClient>;

  before(async () => {
    stack = await startMailStack(kind, { sender: 'shop@shop.example', server: { callbacks: { retryBaseMs: 100 } } });
    receiver = await startReceiver();
    const credentials = stack.account.credentials.sendexpert;
    key = credentials.key;
    for (const encoding of ['json', 'form'] as const) clients[encoding] = new SendExpertClient({ baseUrl: stack.server.baseUrl, userId: credentials.userId, key, encoding });
    await setBilling(stack.scope, { currency: 'EUR', balance: 1, package: { name: 'Письмо', mailsTotal: 10, periodDays: 30, endsAt: null, price: 5, pricePerExtraMail: 0.5 } }, BY_TEST);
    ok(await stack.api.post('/callbacks', { url: receiver.url, events: ['sent'], flavour: 'sendexpert' }), 201);
  });
  after(async () => {
    await stack?.close();
    await receiver?.close();
  });

  for (const encoding of ['json', 'form'] as const) {
    it(`${encoding}: checkAPI, getAccountInfo, sendMail, getStatusMail, getStatByDate`, { timeout: 60_000 }, async () => {
      const api = clients[encoding];
      assert.equal(await api.checkAPI(), 'PASSED');
      const info = await api.getAccountInfo();
      assert.equal(info.valute, 'EUR');
      assert.deepEqual({ ...info.packet, mails_left: null }, { name: 'Письмо', mails_total: 10, mails_left: null, period: 30, date_end: null, price: 5, price_additional: 0.5 });

      const start = new Date();
      const { ID } = await api.sendMail({
        to_email: `reader-${encoding}@example.com`,
        from_email: 'shop@shop.example',
        from_name: 'Тест',
        subject: 'Тестовая рассылка / 3',
        body_html: 'I\'m HTML! <a href="{unsubscribe_link}">Unsubscribe</a> see <a href="http://google.com">Google</a>',
        body_text: "I'm text!",
        timestamp_send: start,
        language: 'ua',
        attach_files: [attachmentOf('test1.txt', 'Hello world!')],
      });
      assert.ok(Number.isSafeInteger(ID) && ID > 0);
      const status = await untilFinal(() => api.getStatusMail(ID), (s) => s.STATUS, `mail ${ID}`);
      assert.equal(status.STATUS, 'SENT');
      assert.match(status.RESPONSE, /^250 /);
      assert.ok(status.TIMESTAMP_SENT !== null && status.TIMESTAMP_SENT >= Math.floor(start.getTime() / 1000) - 1);
      assert.equal(status.TIMESTAMP_VIEW, null);

      const received = stack.peer.received.find((m) => m.rcptTo.includes(`reader-${encoding}@example.com`));
      assert.ok(received, 'the mail reached the SMTP peer');

      const days = await api.getStatByDate(new Date(start.getTime() - 86_400_000), new Date());
      const totals = Object.values(days).reduce((sum, day) => sum + (day.TOTAL ?? 0), 0);
      assert.ok(totals >= 1, JSON.stringify(days));
      assert.ok(Object.keys(days).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)));
    });
  }

  it('error codes: ERROR_MAIL_NOT_EXIST, NOT_REQUIRED_FIELDS, ERROR_SIGN with a wrong key', async () => {
    const api = clients.json;
    const missing = await api.getStatusMail(999_999_999).catch((e: unknown) => e);
    assert.ok(missing instanceof SendExpertError && missing.code === 'ERROR_MAIL_NOT_EXIST', String(missing));
    const incomplete = await clients.form.sendMail({ to_email: 'x@example.com', from_email: 'shop@shop.example', subject: '' }).catch((e: unknown) => e);
    assert.ok(incomplete instanceof SendExpertError && incomplete.code === 'NOT_REQUIRED_FIELDS', String(incomplete));
    const forged = new SendExpertClient({ baseUrl: stack.server.baseUrl, userId: stack.account.credentials.sendexpert.userId, key: 'not the key' });
    const denied = await forged.checkAPI().catch((e: unknown) => e);
    assert.ok(denied instanceof SendExpertError && denied.code === 'ERROR_SIGN', String(denied));
  });

  it('verifyCallback accepts the callbacks Herald posts with the account key and refuses another key', { timeout: 30_000 }, async () => {
    await waitUntil(() => receiver.posts.length >= 1, 20_000, 'a SendExpert callback');
    for (const post of receiver.posts) {
      assert.equal(verifyCallback(post.body, key), true, post.body);
      assert.equal(verifyCallback(post.body, 'another key'), false);
      const events = parseCallback(Buffer.from(post.body), key);
      assert.ok(events.length >= 1);
      for (const event of events) {
        assert.equal(event.status, 'sent');
        assert.match(event.mail_id, /^\d+$/);
        assert.match(event.timestamp, /^\d{10}$/);
      }
    }
  });
});
