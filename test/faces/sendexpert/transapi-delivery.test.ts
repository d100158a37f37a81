import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { startMailStack, untilFinal, type MailStack } from '../../support/mail-stack.js';
import type { TestServer } from '../../support/server.js';
import type { SmtpPeer } from '../../support/smtp-peer.js';
import type { Api } from '../native/client.js';
import { TransApi } from './client.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import type { StatusMail } from '../../../src/faces/sendexpert/status-mail.js';

const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describeEachDatabase('SendExpert face: sendMail delivered through a real SMTP peer', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let server: TestServer;
  let api: TransApi;
  let native: Api;

  before(async () => {
    stack = await startMailStack(kind, { sender: 'shop@shop.example' });
    ({ peer, server, api: native } = stack);
    const { account } = stack;
    api = new TransApi(server.baseUrl, String(account.credentials.sendexpert.userId), account.credentials.sendexpert.key);
    // A prepaid package of 10 mails, then 0.5 EUR a mail from a 1 EUR balance.
    await setBilling(stack.scope, { currency: 'EUR', balance: 1, package: { name: 'Ten', mailsTotal: 10, periodDays: 30, endsAt: null, price: 5, pricePerExtraMail: 0.5 } }, BY_TEST);
  });
  after(() => stack?.close());

  const sendMail = async (to: string, encoding: 'json' | 'form' | 'multipart' = 'json'): Promise<number> => {
    const result = (await api.result(
      'sendMail',
      {
        to_email: to,
        from_email: 'shop@shop.example',
        from_name: 'Тест',
        subject: 'Тестовая рассылка с рисунком 3',
        body_html: '<strong>I\'m HTML!</strong> <a href="{unsubscribe_link}">Unsubscribe</a> see <a href="http://google.com">Google</a> ',
        body_text: "I'm text!",
        timestamp_send: String(Math.floor(Date.now() / 1000)),
        language: 'ua',
        attach_files: [
          { name: 'test1.txt', body: 'SGVsbG8gd29ybGQh' },
          { name: 'test2.txt', body: 'U29tZSB0ZXh0' },
        ],
      },
      encoding,
    )) as { ID: number };
    assert.equal(typeof result.ID, 'number');
    return result.ID;
  };

  const finalStatus = (id: number): Promise<StatusMail> =>
    untilFinal(async () => (await api.result('getStatusMail', { mail_id: id })) as StatusMail, (s) => s.STATUS, `mail ${id} to reach a final status`);

  it('delivers the mail, reports SENT with the peer reply, and tracks views, clicks and the unsubscribe reason', async () => {
    const before = Math.floor(Date.now() / 1000);
    const id = await sendMail('reader@example.com');
    const status = await finalStatus(id);
    assert.equal(status.STATUS, 'SENT');
    assert.match(status.RESPONSE, /^250 .*queued as TEST/);
    assert.equal(typeof status.TIMESTAMP_SENT, 'number');
    assert.ok((status.TIMESTAMP_SENT as number) >= before && (status.TIMESTAMP_SENT as number) <= Math.floor(Date.now() / 1000));
    assert.equal(status.TIMESTAMP_VIEW, '');
    assert.equal(status.TIMESTAMP_MOVE, '');

    const received = peer.received.find((m) => m.rcptTo.includes('reader@example.com'));
    assert.ok(received);
    const parsed = await simpleParser(received.raw);
    assert.equal(parsed.subject, 'Тестовая рассылка с рисунком 3');
    assert.equal(parsed.from?.value[0]?.name, 'Тест');
    assert.deepEqual(parsed.attachments.map((a) => [a.filename, a.content.toString()]), [
      ['test1.txt', 'Hello world!'],
      ['test2.txt', 'Some text'],
    ]);
    const html = String(parsed.html);
    assert.doesNotMatch(html, /unsubscribe_link/);
    const unsubscribe = new RegExp(`href="(${server.baseUrl}/u/[^"]+)"`).exec(html)?.[1];
    const pixel = new RegExp(`<img src="(${server.baseUrl}/t/o/[^"]+)"`).exec(html)?.[1];
    const click = new RegExp(`href="(${server.baseUrl}/t/c/[^"]+)"`).exec(html)?.[1];
    assert.ok(unsubscribe && pixel && click, html);

    assert.equal((await fetch(pixel, { headers: { 'user-agent': WINDOWS_CHROME } })).status, 200);
    const redirect = await fetch(click, { headers: { 'user-agent': WINDOWS_CHROME }, redirect: 'manual' });
    assert.equal(redirect.headers.get('location'), 'http://google.com');
    const tracked = (await api.result('getStatusMail', { mail_id: id })) as StatusMail;
    assert.equal(tracked.STATUS, 'SENT');
    assert.equal(typeof tracked.TIMESTAMP_VIEW, 'number');
    assert.equal(typeof tracked.TIMESTAMP_MOVE, 'number');
    assert.equal(tracked.IP, '127.0.0.1');
    assert.match(tracked.OS, /^Windows 7/);
    assert.equal(tracked.DEVICE, 'Desktop');

    const page = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reason=Too+many+mails' });
    assert.equal(page.status, 200);
    const unsubscribed = (await api.result('getStatusMail', { mail_id: id })) as StatusMail;
    assert.equal(unsubscribed.STATUS, 'UNSUBSCRIBE');
    assert.equal(unsubscribed.REASON, 'Too many mails');
    // The address is suppressed from then on.
    assert.equal(await api.error('sendMail', { to_email: 'reader@example.com', from_email: 'shop@shop.example', subject: 'Again', body_text: 'x' }), 'EMAIL_UNSUBSCRIBED');
  });

  it('reports bounces with the vendor status names (ERROR_MAIL_REFUSED in getStatusMail) and the reply text', async () => {
    const unknown = await finalStatus(await sendMail('unknown-user@example.com', 'form'));
    assert.equal(unknown.STATUS, 'ERROR_EMAIL_NOT_EXIST');
    assert.match(unknown.RESPONSE, /5\.1\.1 .*User unknown/);
    const refused = await finalStatus(await sendMail('refused@example.com', 'multipart'));
    assert.equal(refused.STATUS, 'ERROR_MAIL_REFUSED');
    assert.match(refused.RESPONSE, /5\.7\.0 Relaying denied/);
    assert.equal(refused.TIMESTAMP_SENT, '');
  });

  it('counts the day in getStatByDate and charges the package, then the balance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stats = (await api.result('getStatByDate', { time_start: now, time_end: now })) as Record<string, Record<string, number>>;
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(Object.keys(stats), [today]);
    const day = stats[today]!;
    assert.equal(day.TOTAL, 3);
    assert.equal(day.SENDING, 0);
    assert.equal(day.SENT, 1);
    assert.equal(day.VIEW, 1);
    assert.equal(day.MOVE, 1);
    assert.equal(day.UNSUBSCRIBE, 1);
    assert.equal(day.ERROR_EMAIL_NOT_EXIST, 1);
    assert.equal(day.ERROR_MAIL_REFUSE, 1);

    const info = (await api.result('getAccountInfo')) as { balance: number; valute: string; packet: Record<string, unknown> };
    assert.deepEqual(info, { balance: 1, valute: 'EUR', packet: { name: 'Ten', mails_total: '10', mails_left: '7', period: '30', date_end: null, price: '5.000000', price_additional: '0.500000' } });

    // Use up the package: the next mails come from the balance (two at 0.5), then NOT_ENOUGH_MONEY.
    for (let i = 0; i < 7; i++) await sendMail(`bulk${i}@example.com`);
    assert.equal(((await api.result('getAccountInfo')) as { packet: { mails_left: string } }).packet.mails_left, '0');
    await sendMail('extra1@example.com');
    await sendMail('extra2@example.com');
    const broke = (await api.result('getAccountInfo')) as { balance: number };
    assert.equal(broke.balance, 0);
    assert.equal(await api.error('sendMail', { to_email: 'extra3@example.com', from_email: 'shop@shop.example', subject: 'One more', body_text: 'x' }), 'NOT_ENOUGH_MONEY');
  });
});
