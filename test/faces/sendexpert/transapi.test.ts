import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api } from '../native/client.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { suppress } from '../../../src/core/suppression/suppressions.js';
import { clearBilling, setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { MAX_ATTACHMENT_BYTES } from '../../../src/core/messages/email-input.js';
import { phpJsonEncode } from '../../../src/wire/php-json.js';
import { curlMultipart, expectErrorEnvelope, md5, TransApi } from './client.js';

// docs/protocols/sendexpert.md §Test vectors
const KEY = 'e10adc3949ba59abbe56e057f20f883e';
const VECTORS: { data: unknown; json: string; sign: string }[] = [
  { data: { time_start: 1506459600, time_end: 1506546000 }, json: '{"time_start":1506459600,"time_end":1506546000}', sign: 'c7694221a402f5f014215ef85033c821' },
  {
    data: { email: 'ivan@example.com', subject: 'Привет / тест', url: 'https://ex.com/a?b=1&c=<2>', quote: 'it\'s "q"' },
    json: '{"email":"ivan@example.com","subject":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\/ \\u0442\\u0435\\u0441\\u0442","url":"https:\\/\\/ex.com\\/a?b=1&c=<2>","quote":"it\'s \\"q\\""}',
    sign: '86f811e114673d2244efc7a18eea52b3',
  },
  {
    data: { smile: '😀', price: 10.0, ratio: 0.1, n: null, b: true, list: [], map: { a: 1 } },
    json: '{"smile":"\\ud83d\\ude00","price":10,"ratio":0.1,"n":null,"b":true,"list":[],"map":{"a":1}}',
    sign: '84b7bf22b26d68fbeb6ff345f4382045',
  },
  { data: { id: '007', amount: '12.50' }, json: '{"id":"007","amount":"12.50"}', sign: 'f9706463ce957c8b4ed07613c0ca5144' },
];
const ROW1_BODY = '{"user_id":"1","action":"getStatByDate","data":{"time_start":1506459600,"time_end":1506546000},"sign":"c7694221a402f5f014215ef85033c821"}';

const ZERO_DAY = { TOTAL: 0, SENDING: 0, SENT: 0, VIEW: 0, MOVE: 0, SPAM: 0, UNSUBSCRIBE: 0, ERROR_EMAIL_IS_FULL: 0, ERROR_EMAIL_NOT_EXIST: 0, ERROR_UNAVAILABLE: 0, ERROR_IS_SPAM: 0, ERROR_DOMAIN_NOT_EMAIL: 0, ERROR_MAIL_REFUSE: 0, ERROR_DELIVERY: 0 };

describeEachDatabase('SendExpert transactional API (/api/transapi.php)', (kind) => {
  let server: TestServer;
  let api: TransApi;
  let native: Api;
  let accountId: number;
  /** The §4.4 account: user_id 1 with the vectors' key, in Moscow time like the document's example. */
  let vectors: TransApi;

  before(async () => {
    // Room for the core's attachment limit to be reached before the HTTP body limit.
    server = await startTestServer(kind, { bodyLimit: 16 * 1024 * 1024 });
    const account = await server.createAccount();
    accountId = account.id;
    api = new TransApi(server.baseUrl, String(account.credentials.sendexpert.userId), account.credentials.sendexpert.key);
    native = new Api(server, account.credentials.native.apiKey);
    await markSenderVerified({ db: server.core.db, accountId }, 'news@shop.example');
    const other = await server.createAccount();
    await server.core.db
      .updateTable('accounts')
      .set({ sendexpertUserId: 1, sendexpertKeyEnc: server.core.secrets.seal(KEY), timeZone: 'Europe/Moscow' })
      .where('id', '=', other.id)
      .execute();
    vectors = new TransApi(server.baseUrl, '1', KEY);
  });
  after(() => server.close());

  const mail = (over: Record<string, unknown> = {}) => ({
    to_email: 'reader@example.com',
    from_email: 'news@shop.example',
    from_name: 'Тест',
    subject: 'Тестовая рассылка',
    body_html: 'I\'m HTML! <a href="{unsubscribe_link}">Unsubscribe</a> see <a href="http://google.com">Google</a>',
    body_text: "I'm text!",
    timestamp_send: String(Math.floor(Date.now() / 1000)),
    language: 'ua',
    ...over,
  });
  const messageCount = async () => Number((await server.core.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('accountId', '=', accountId).executeTakeFirstOrThrow()).n);

  describe('transport and authentication', () => {
    it('answers checkAPI exactly as the PHP service does', async () => {
      const res = await api.call('checkAPI');
      assert.equal(res.status, 200);
      assert.match(res.contentType, /^application\/json/);
      assert.equal(res.text, '{"error":"","result":"PASSED"}');
    });

    it('accepts the §4.4 row 1 body byte for byte and answers getStatByDate in the account time zone', async () => {
      const res = await vectors.raw(ROW1_BODY, 'application/json');
      assert.equal(res.text, `{"error":"","result":{"2017-09-27":${JSON.stringify(ZERO_DAY)},"2017-09-28":${JSON.stringify(ZERO_DAY)}}}`);
    });

    it('verifies every §4.4 vector through the JSON body and the form variant', async () => {
      for (const v of VECTORS) {
        assert.equal(vectors.jsonBody('checkAPI', v.data), `{"user_id":"1","action":"checkAPI","data":${v.json},"sign":"${v.sign}"}`);
        const json = await vectors.raw(vectors.jsonBody('checkAPI', v.data), 'application/json');
        assert.equal(json.text, '{"error":"","result":"PASSED"}', v.json);
        const form = await vectors.raw(`user_id=1&sign=${v.sign}&request=${encodeURIComponent(v.json)}&action=checkAPI`, 'application/x-www-form-urlencoded');
        assert.equal(form.text, '{"error":"","result":"PASSED"}', v.json);
        const body = curlMultipart({ user_id: '1', sign: v.sign, request: v.json, action: 'checkAPI' });
        assert.equal((await vectors.raw(body.body, body.contentType)).text, '{"error":"","result":"PASSED"}', v.json);
      }
    });

    it('checks the sign over the bytes sent, and over the PHP re-encoding of differently written JSON', async () => {
      // The document's own example writes the data with spaces and signs exactly that text.
      const spaced = '{ "time_start": 1506459600, "time_end": 1506546000}';
      const asSent = `{"user_id":"1","action":"getStatByDate","data":${spaced},"sign":"${md5(KEY + spaced)}"}`;
      assert.equal((await vectors.raw(asSent, 'application/json')).body.error, '');
      // A client whose body encoder differs (unescaped slashes and UTF-8) but who signed PHP's text.
      const unescaped = `{"user_id":"1","action":"checkAPI","data":${JSON.stringify(VECTORS[1]!.data)},"sign":"${VECTORS[1]!.sign}"}`;
      assert.equal((await vectors.raw(unescaped, 'application/json')).text, '{"error":"","result":"PASSED"}');
    });

    it('takes a JSON body whatever its content type says, and user_id as an int', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', null]) {
        const res = await vectors.raw(vectors.jsonBody('checkAPI', []), type);
        assert.equal(res.text, '{"error":"","result":"PASSED"}', String(type));
      }
      const intUser = phpJsonEncode({ user_id: 1, action: 'checkAPI', data: [], sign: md5(`${KEY}[]`) });
      assert.equal((await vectors.raw(intUser, 'application/json')).body.error, '');
    });

    it('refuses a wrong or malformed sign with ERROR_SIGN', async () => {
      expectErrorEnvelope(await api.raw(api.jsonBody('checkAPI', [], md5('wrong')), 'application/json'), 'ERROR_SIGN');
      expectErrorEnvelope(await api.raw(api.jsonBody('checkAPI', [], 'not-a-sign'), 'application/json'), 'ERROR_SIGN');
      // The sign of another account's key.
      expectErrorEnvelope(await api.raw(api.jsonBody('checkAPI', [], md5(`${KEY}[]`)), 'application/json'), 'ERROR_SIGN');
      // Data changed after signing.
      const tampered = vectors.jsonBody('getStatByDate', VECTORS[0]!.data).replace('1506546000', '1506546001');
      expectErrorEnvelope(await vectors.raw(tampered, 'application/json'), 'ERROR_SIGN');
      expectErrorEnvelope(await vectors.raw(`user_id=1&sign=${VECTORS[0]!.sign}&request=${encodeURIComponent('{"time_start":1}')}&action=checkAPI`, 'application/x-www-form-urlencoded'), 'ERROR_SIGN');
    });

    it('refuses an unknown user_id with ERROR_SIGN, as a wrong sign, so it does not tell which user ids exist', async () => {
      for (const userId of ['999999999999', 'abc', '']) {
        expectErrorEnvelope(await new TransApi(server.baseUrl, userId, KEY).call('checkAPI'), 'ERROR_SIGN');
      }
    });

    it('refuses an unknown action with ACTION_NOT_EXIST, after the sign is checked', async () => {
      expectErrorEnvelope(await api.call('sendSms', []), 'ACTION_NOT_EXIST');
      expectErrorEnvelope(await api.call('checkapi', []), 'ACTION_NOT_EXIST');
      expectErrorEnvelope(await api.raw(api.jsonBody('sendSms', [], md5('x')), 'application/json'), 'ERROR_SIGN');
    });

    it('answers malformed requests with BAD_REQUEST', async () => {
      const cases: [string | Buffer, string | null][] = [
        ['', 'application/json'],
        ['{"user_id":"1","action":"checkAPI"', 'application/json'],
        ['[1,2]', 'application/json'],
        [`{"user_id":"1","action":"checkAPI","sign":"${md5(KEY)}"}`, 'application/json'],
        [`{"user_id":["1"],"action":"checkAPI","data":[],"sign":"${md5(`${KEY}[]`)}"}`, 'application/json'],
        ['user_id=1&action=checkAPI&sign=abc', 'application/x-www-form-urlencoded'],
        [`user_id=1&action=checkAPI&sign=${md5(`${KEY}{x`)}&request=%7Bx`, 'application/x-www-form-urlencoded'],
        ['--x\r\nContent-Disposition: form-data; name="user_id"\r\n\r\n1', 'multipart/form-data; boundary=x'],
        [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'application/json'],
      ];
      for (const [body, type] of cases) expectErrorEnvelope(await vectors.raw(body, type), 'BAD_REQUEST');
      expectErrorEnvelope(await vectors.raw('', null, 'GET'), 'BAD_REQUEST');
      expectErrorEnvelope(await vectors.raw(vectors.jsonBody('checkAPI', []), 'application/json', 'PUT'), 'BAD_REQUEST');
    });

    it('keeps its body parsing to itself: the native API still refuses form bodies', async () => {
      const res = await fetch(`${server.baseUrl}/api/v1/offices`, { method: 'POST', headers: { authorization: `Bearer ${native.apiKey}`, 'content-type': 'text/plain' }, body: '{}' });
      assert.equal(res.status, 415);
    });
  });

  describe('getAccountInfo', () => {
    it('reports an unmetered account as balance 0, no currency, no packet', async () => {
      const res = await api.call('getAccountInfo');
      assert.equal(res.text, '{"error":"","result":{"balance":0,"valute":"","packet":null}}');
    });

    it('reports the balance and package the operator set in the document types', async () => {
      await setBilling(
        { db: server.core.db, accountId },
        { currency: 'KZT', balance: 104.46062, package: { name: 'Письмо', mailsTotal: 10000, mailsLeft: 0, periodDays: 30, endsAt: '2017-10-14T12:02:55.000Z', price: 2934, pricePerExtraMail: 0.366 } },
        BY_TEST,
      );
      assert.deepEqual((await native.get('/billing')).body, {
        metered: true,
        currency: 'KZT',
        balance: 104.46062,
        package: { name: 'Письмо', mailsTotal: 10000, mailsLeft: 0, periodDays: 30, endsAt: '2017-10-14T12:02:55.000Z', price: 2934, pricePerExtraMail: 0.366 },
      });
      const res = await api.call('getAccountInfo', [], 'form');
      assert.equal(
        res.text,
        '{"error":"","result":{"balance":104.46062,"valute":"KZT","packet":{"name":"\\u041f\\u0438\\u0441\\u044c\\u043c\\u043e","mails_total":"10000","mails_left":"0","period":"30","date_end":1507982575,"price":"2934.000000","price_additional":"0.366000"}}}',
      );
      // Back to a generous balance for the other tests.
      await setBilling({ db: server.core.db, accountId }, { currency: 'EUR', balance: 1000, package: null }, BY_TEST);
    });

    it('reads an account made unmetered again as balance 0, no currency, no packet', async () => {
      await clearBilling({ db: server.core.db, accountId }, BY_TEST);
      assert.equal(((await native.get('/billing')).body as { metered: boolean }).metered, false);
      assert.equal((await api.call('getAccountInfo')).text, '{"error":"","result":{"balance":0,"valute":"","packet":null}}');
      await setBilling({ db: server.core.db, accountId }, { currency: 'EUR', balance: 1000, package: null }, BY_TEST);
      assert.equal(((await native.get('/billing')).body as { metered: boolean }).metered, true);
    });
  });

  describe('sendMail', () => {
    it('accepts the document example (attachments, numeric-string timestamp) and answers {"ID": int}', async () => {
      const files = [
        { name: 'test1.txt', body: 'SGVsbG8gd29ybGQh' },
        { name: 'test2.txt', body: 'U29tZSB0ZXh0' },
      ];
      for (const encoding of ['json', 'form', 'multipart'] as const) {
        const res = await api.call('sendMail', mail({ attach_files: files }), encoding);
        assert.match(res.text, /^\{"error":"","result":\{"ID":[1-9][0-9]*\}\}$/, res.text);
        const id = (res.body.result as { ID: number }).ID;
        const message = (await native.get(`/messages/${id}`)).body as { source: string; to: string; subject: string; fromName: string };
        assert.equal(message.source, 'sendexpert');
        assert.equal(message.to, 'reader@example.com');
        assert.equal(message.subject, 'Тестовая рассылка');
        assert.equal(message.fromName, 'Тест');
      }
    });

    it('schedules a mail whose timestamp_send is in the future (int or string)', async () => {
      const at = Math.floor(Date.now() / 1000) + 3600;
      for (const timestamp of [at, String(at)]) {
        const { ID } = (await api.result('sendMail', mail({ timestamp_send: timestamp }))) as { ID: number };
        const message = (await native.get(`/messages/${ID}`)).body as { scheduledAt: string; status: string };
        assert.equal(message.scheduledAt, new Date(at * 1000).toISOString());
        const status = (await api.result('getStatusMail', { mail_id: ID })) as Record<string, unknown>;
        assert.deepEqual(status, { STATUS: 'WAIT', TIMESTAMP_SENT: '', TIMESTAMP_VIEW: '', TIMESTAMP_MOVE: '', IP: '', OS: '', DEVICE: '', REASON: '', RESPONSE: '' });
      }
    });

    it('answers every documented error code, storing nothing', async () => {
      const before = await messageCount();
      const scope = { db: server.core.db, accountId };
      await suppress(server.core.db, accountId, 'gone@example.com', 'unsubscribe', null);
      const cases: [Record<string, unknown>, string][] = [
        [mail({ to_email: undefined }), 'NOT_REQUIRED_FIELDS'],
        [mail({ subject: '' }), 'NOT_REQUIRED_FIELDS'],
        [mail({ body_html: '', body_text: null }), 'NOT_REQUIRED_FIELDS'],
        [mail({ to_email: 'not-an-address' }), 'ERROR_SEND_MAIL'],
        [mail({ attach_files: [{ name: 'a.txt', body: 'not base64!' }] }), 'ERROR_SEND_MAIL'],
        [mail({ timestamp_send: 'tomorrow' }), 'ERROR_SEND_MAIL'],
        [mail({ from_email: 'other@shop.example' }), 'ERROR_FROM_EMAIL'],
        [mail({ to_email: 'Gone@Example.com' }), 'EMAIL_UNSUBSCRIBED'],
        [mail({ unsubscribe_form: 999999 }), 'UNSUBSCRIBE_FORM_NOT_EXIST'],
        [mail({ unsubscribe_form: 'five' }), 'UNSUBSCRIBE_FORM_NOT_EXIST'],
        [mail({ project: 7 }), 'PROJECT_NOT_EXIST'],
      ];
      for (const [data, code] of cases) assert.equal(await api.error('sendMail', data), code, JSON.stringify(data));

      // Attachments over the core's per-message limit (the HTTP body limit is above it here).
      const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61).toString('base64');
      assert.equal(await api.error('sendMail', mail({ attach_files: [{ name: 'big.bin', body: big }] })), 'FILES_SIZE_TOO_LARGE');

      // No package mails left, no money for extra mails.
      await setBilling(scope, { currency: 'EUR', balance: 0, package: { name: 'Small', mailsTotal: 10, mailsLeft: 0, periodDays: 30, price: 1, pricePerExtraMail: 0.01 } }, BY_TEST);
      assert.equal(await api.error('sendMail', mail()), 'NOT_ENOUGH_MONEY');
      await setBilling(scope, { currency: 'EUR', balance: 1000, package: null }, BY_TEST);

      assert.equal(await messageCount(), before);
    });

    it('answers a body over the HTTP limit with FILES_SIZE_TOO_LARGE', async () => {
      const res = await server.app.inject({ method: 'POST', url: '/api/transapi.php', headers: { 'content-type': 'application/json' }, payload: Buffer.alloc(17 * 1024 * 1024, 0x20) });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '{"error":"FILES_SIZE_TOO_LARGE","result":""}');
    });

    it('accepts a known unsubscribe form and an empty project', async () => {
      const form = await server.core.db.insertInto('unsubscribeForms').values({ accountId, name: 'Main', title: 'Unsubscribe', createdAt: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
      const { ID } = (await api.result('sendMail', mail({ unsubscribe_form: String(form.id), project: '' }))) as { ID: number };
      const row = await server.core.db.selectFrom('messages').select('unsubscribeFormId').where('id', '=', ID).executeTakeFirstOrThrow();
      assert.equal(row.unsubscribeFormId, form.id);
    });
  });

  describe('getStatusMail and getStatByDate', () => {
    it('answers ERROR_MAIL_NOT_EXIST for unknown ids, malformed ids and other accounts\' mail', async () => {
      const { ID } = (await api.result('sendMail', mail())) as { ID: number };
      for (const mailId of [999999, 'abc', 0, -1, null]) {
        assert.equal(await api.error('getStatusMail', { mail_id: mailId }), 'ERROR_MAIL_NOT_EXIST', String(mailId));
      }
      assert.equal(await vectors.error('getStatusMail', { mail_id: ID }), 'ERROR_MAIL_NOT_EXIST');
      // The owner sees it, the id given as a string too.
      const status = (await api.result('getStatusMail', { mail_id: String(ID) })) as { STATUS: string };
      assert.ok(['WAIT', 'SENDING'].includes(status.STATUS));
    });

    it('counts today\'s mail, every day of the range present, and checks the range', async () => {
      const now = Math.floor(Date.now() / 1000);
      const result = (await api.result('getStatByDate', { time_start: now - 2 * 86400, time_end: String(now) })) as Record<string, Record<string, number>>;
      const days = Object.keys(result);
      assert.equal(days.length, 3);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(days[2], today);
      assert.deepEqual(result[days[0]!], ZERO_DAY);
      const counts = result[today]!;
      assert.deepEqual(Object.keys(counts), Object.keys(ZERO_DAY));
      assert.equal(counts.TOTAL, await messageCount());
      assert.equal(counts.SENDING, counts.TOTAL);

      assert.equal(await api.error('getStatByDate', { time_start: now }), 'NOT_REQUIRED_FIELDS');
      assert.equal(await api.error('getStatByDate', { time_start: now, time_end: now - 86400 }), 'ERROR_DATE_RANGE');
      assert.equal(await api.error('getStatByDate', { time_start: 'yesterday', time_end: now }), 'ERROR_DATE_RANGE');
      assert.equal(await api.error('getStatByDate', { time_start: now - 366 * 86400, time_end: now }), 'DATE_RANGE_TOO_LARGE');
      const year = (await api.result('getStatByDate', { time_start: now - 365 * 86400, time_end: now })) as Record<string, unknown>;
      assert.equal(Object.keys(year).length, 366);
    });
  });
});
