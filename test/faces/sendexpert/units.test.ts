import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readTransRequest, paramsOf } from '../../../src/faces/sendexpert/request.js';
import { parseFormData, boundaryOf } from '../../../src/faces/sendexpert/form-data.js';
import { accountInfo } from '../../../src/faces/sendexpert/account-info.js';
import { statusMail, statusMailName } from '../../../src/faces/sendexpert/status-mail.js';
import { statDays, statByDate, MAX_STAT_DAYS } from '../../../src/faces/sendexpert/stat-by-date.js';
import { sendMailErrorCode, toEmailToSend } from '../../../src/faces/sendexpert/send-mail.js';
import { errorBody, successBody, TransError } from '../../../src/faces/sendexpert/envelope.js';
import { SendRefusedError } from '../../../src/core/messages/refusal.js';
import { ValidationError } from '../../../src/core/errors.js';
import type { MessageView } from '../../../src/core/messages/read.js';
import type { DayCounts } from '../../../src/core/stats/daily-stats.js';
import { STAT_COUNTERS } from '../../../src/core/stats/counters.js';
import { curlMultipart } from './client.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('SendExpert request encodings', () => {
  test('JSON body: data kept for the raw-bytes sign check', () => {
    const raw = Buffer.from('{"user_id":"1","action":"checkAPI","data":[],"sign":"abc"}');
    const r = readTransRequest('application/json', raw);
    assert.equal(r.userId, '1');
    assert.equal(r.action, 'checkAPI');
    assert.deepEqual(r.data, []);
    assert.deepEqual(r.sign, { sign: 'abc', rawBody: raw, data: [] });
  });

  test('form bodies (urlencoded, multipart) carry the signed request text', () => {
    const fields = { user_id: '7', sign: 's', request: '{"mail_id":"5"}', action: 'getStatusMail' };
    const urlencoded = readTransRequest('application/x-www-form-urlencoded', Buffer.from('user_id=7&sign=s&request=%7B%22mail_id%22%3A%225%22%7D&action=getStatusMail'));
    const multipart = curlMultipart(fields);
    const fromMultipart = readTransRequest(multipart.contentType, multipart.body);
    for (const r of [urlencoded, fromMultipart]) {
      assert.equal(r.userId, '7');
      assert.deepEqual(r.data, { mail_id: '5' });
      assert.deepEqual(r.sign, { sign: 's', request: '{"mail_id":"5"}' });
    }
  });

  test('a double-encoded data string is signed like the form variant', () => {
    const r = readTransRequest('application/json', Buffer.from('{"user_id":1,"action":"x","data":"{\\"a\\":1}","sign":"s"}'));
    assert.deepEqual(r.data, { a: 1 });
    assert.deepEqual(r.sign, { sign: 's', request: '{"a":1}' });
  });

  test('malformed bodies are BAD_REQUEST', () => {
    for (const [type, body] of [
      ['application/json', ''],
      ['application/json', '{"user_id":"1"'],
      ['application/json', '"text"'],
      ['application/json', '{"user_id":"1","action":"a","sign":"s"}'],
      ['application/json', '{"user_id":null,"action":"a","data":[],"sign":"s"}'],
      ['text/plain', 'hello'],
      ['multipart/form-data', '--x--'],
      ['multipart/form-data; boundary=x', 'no boundary here'],
    ] as const) {
      assert.equal(codeOf(() => readTransRequest(type, Buffer.from(body))), 'BAD_REQUEST', `${type}: ${body}`);
    }
  });

  test('multipart parser: last value wins, values byte-exact, malformed bodies refused', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary="a b"'), 'a b');
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b\r\ncontent-disposition: form-data; name=x\r\nContent-Type: text/plain\r\n\r\nтест\r\nline2\r\n--b--\r\n');
    assert.deepEqual({ ...parseFormData(body, 'b') }, { x: 'тест\r\nline2' });
    assert.throws(() => parseFormData(Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--'), 'b'));
    assert.throws(() => parseFormData(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1'), 'b'));
  });

  test('parameters of a PHP list or a scalar', () => {
    assert.deepEqual(paramsOf([]), {});
    assert.deepEqual(paramsOf(['a']), { 0: 'a' });
    assert.deepEqual(paramsOf(null), {});
  });
});

describe('SendExpert envelopes and results', () => {
  test('envelopes are PHP json_encode output', () => {
    assert.equal(successBody({ url: 'http://x/y', name: 'Тест' }), '{"error":"","result":{"url":"http:\\/\\/x\\/y","name":"\\u0422\\u0435\\u0441\\u0442"}}');
    assert.equal(errorBody('ERROR_SIGN'), '{"error":"ERROR_SIGN","result":""}');
  });

  test('getAccountInfo shapes', () => {
    assert.deepEqual(accountInfo(null), { balance: 0, valute: '', packet: null });
    assert.deepEqual(accountInfo({ currency: 'EUR', balance: 3.5, package: null }), { balance: 3.5, valute: 'EUR', packet: null });
    assert.deepEqual(
      accountInfo({ currency: 'KZT', balance: 0.25353, package: { name: 'Письмо', mailsTotal: 10000, mailsLeft: 0, periodDays: 30, endsAt: '2017-10-14T12:02:55.000Z', price: 2934, pricePerExtraMail: 0.366 } }),
      { balance: 0.25353, valute: 'KZT', packet: { name: 'Письмо', mails_total: '10000', mails_left: '0', period: '30', date_end: 1507982575, price: '2934.000000', price_additional: '0.366000' } },
    );
  });

  test('getStatusMail: the ERROR_MAIL_REFUSED spelling, Unix times or ""', () => {
    assert.equal(statusMailName('ERROR_MAIL_REFUSE'), 'ERROR_MAIL_REFUSED');
    for (const s of ['WAIT', 'SENDING', 'SENT', 'UNSUBSCRIBE', 'SPAM', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_DELIVERY']) assert.equal(statusMailName(s), s);
    const view = {
      status: 'SENT',
      sentAt: '2017-09-27T11:25:22.000Z',
      lastViewAt: '2017-09-27T11:29:02.900Z',
      lastMoveAt: null,
      lastIp: '192.160.102.170',
      lastOs: 'Windows 7',
      lastDevice: 'Desktop',
      unsubscribeReason: null,
      response: '250 2.0.0 OK',
    } as MessageView;
    assert.deepEqual(statusMail(view), { STATUS: 'SENT', TIMESTAMP_SENT: 1506511522, TIMESTAMP_VIEW: 1506511742, TIMESTAMP_MOVE: '', IP: '192.160.102.170', OS: 'Windows 7', DEVICE: 'Desktop', REASON: '', RESPONSE: '250 2.0.0 OK' });
  });

  test('getStatByDate days: account time zone, range checks', () => {
    assert.deepEqual(statDays({ time_start: 1506459600, time_end: '1506546000' }, 'Europe/Moscow'), ['2017-09-27', '2017-09-28']);
    assert.deepEqual(statDays({ time_start: 1506459600, time_end: 1506546000 }, 'UTC'), ['2017-09-26', '2017-09-27']);
    assert.equal(codeOf(() => statDays({ time_start: 1 }, 'UTC')), 'NOT_REQUIRED_FIELDS');
    assert.equal(codeOf(() => statDays({ time_start: 5, time_end: 4 }, 'UTC')), 'ERROR_DATE_RANGE');
    assert.equal(codeOf(() => statDays({ time_start: 1.5, time_end: 4 }, 'UTC')), 'ERROR_DATE_RANGE');
    assert.equal(statDays({ time_start: 0, time_end: (MAX_STAT_DAYS - 1) * 86400 }, 'UTC').length, MAX_STAT_DAYS);
    assert.equal(codeOf(() => statDays({ time_start: 0, time_end: MAX_STAT_DAYS * 86400 }, 'UTC')), 'DATE_RANGE_TOO_LARGE');
    assert.equal(codeOf(() => statDays({ time_start: 0, time_end: 4e9 }, 'UTC')), 'DATE_RANGE_TOO_LARGE');
    assert.equal(codeOf(() => statDays({ time_start: 0, time_end: 4e12 }, 'UTC')), 'ERROR_DATE_RANGE');
    const counts = Object.fromEntries(STAT_COUNTERS.map((c, i) => [c, i])) as DayCounts;
    assert.equal(
      JSON.stringify(statByDate(new Map([['2017-09-27', counts]]))),
      '{"2017-09-27":{"TOTAL":0,"SENDING":1,"SENT":2,"VIEW":3,"MOVE":4,"SPAM":5,"UNSUBSCRIBE":6,"ERROR_EMAIL_IS_FULL":7,"ERROR_EMAIL_NOT_EXIST":8,"ERROR_UNAVAILABLE":9,"ERROR_IS_SPAM":10,"ERROR_DOMAIN_NOT_EMAIL":11,"ERROR_MAIL_REFUSE":12,"ERROR_DELIVERY":13}}',
    );
  });

  test('sendMail parameters to the core input', () => {
    const email = toEmailToSend({ to_email: 'a@b.c', from_email: 'f@b.c', subject: 's', body_html: '<p>x</p>', timestamp_send: '1507622644', unsubscribe_form: '5', attach_files: { 3: { name: 'n.txt', body: 'eA==' } }, language: 'ua' });
    assert.deepEqual(email, { to: 'a@b.c', from: 'f@b.c', subject: 's', html: '<p>x</p>', text: null, attachments: [{ name: 'n.txt', base64: 'eA==' }], sendAt: new Date(1507622644000), unsubscribeFormId: 5 });
    assert.equal(toEmailToSend({ timestamp_send: 0, unsubscribe_form: 0, project: '0' }).sendAt, null);
    assert.equal(codeOf(() => toEmailToSend({ project: 'p1' })), 'PROJECT_NOT_EXIST');
    assert.equal(codeOf(() => toEmailToSend({ to_email: ['a'] })), 'ERROR_SEND_MAIL');
    assert.equal(codeOf(() => toEmailToSend({ attach_files: 'x' })), 'ERROR_SEND_MAIL');
    assert.equal(codeOf(() => toEmailToSend({ unsubscribe_form: -2 })), 'UNSUBSCRIBE_FORM_NOT_EXIST');
  });

  test('core errors to sendMail codes', () => {
    const refused = (reason: ConstructorParameters<typeof SendRefusedError>[0]) => sendMailErrorCode(new SendRefusedError(reason, 'x', 0));
    assert.equal(refused('sender_not_verified'), 'ERROR_FROM_EMAIL');
    assert.equal(refused('recipient_suppressed'), 'EMAIL_UNSUBSCRIBED');
    assert.equal(refused('insufficient_funds'), 'NOT_ENOUGH_MONEY');
    assert.equal(refused('attachments_too_large'), 'FILES_SIZE_TOO_LARGE');
    assert.equal(refused('unsubscribe_form_not_found'), 'UNSUBSCRIBE_FORM_NOT_EXIST');
    assert.equal(sendMailErrorCode(new ValidationError([{ field: 'to', code: 'invalid', message: 'x' }, { field: 'subject', code: 'required', message: 'y' }])), 'NOT_REQUIRED_FIELDS');
    assert.equal(sendMailErrorCode(ValidationError.single('to', 'invalid', 'x')), 'ERROR_SEND_MAIL');
    assert.equal(sendMailErrorCode(new Error('db down')), null);
  });
});
