/**
 * The SendExpert client's signing (docs/protocols/sendexpert.md §PHP json_encode, §Test vectors), its two encodings, its
 * parsing of the document's answers, and callback verification.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingTransport, responseOf, type HttpRequest } from '../../../src/clients/transport.js';
import { callbackChecksum, parseCallback, phpJsonEncode, PhpJsonEncodeError, SendExpertClient, SendExpertError, SendExpertResponseError, sign, verifyCallback } from '../../../src/clients/sendexpert/index.js';
import { KEY, VECTORS } from '../../support/sendexpert-vectors.js';

function client(answer: string, encoding?: 'json' | 'form'): { api: SendExpertClient; transport: RecordingTransport } {
  const transport = new RecordingTransport(() => responseOf(200, answer, { 'content-type': 'application/json; charset=utf-8' }));
  return { api: new SendExpertClient({ baseUrl: 'https://app.sendexpert.com', userId: '1', key: KEY, transport, ...(encoding ? { encoding } : {}) }), transport };
}
const bodyText = (req: HttpRequest | undefined): string => (req?.body === undefined ? '' : typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('utf8'));

describe('SendExpert client: json_encode and sign (§4.3–4.4)', () => {
  for (const [i, v] of VECTORS.entries()) {
    it(`vector ${i + 1}: json_encode, sign and checksum`, () => {
      assert.equal(phpJsonEncode(v.data), v.json);
      assert.equal(sign(KEY, v.data), v.sign);
      assert.equal(callbackChecksum(KEY, v.data), v.checksum);
    });
  }

  it('follows the other json_encode quirks: empty object [], list-keyed objects, floats, controls, U+007F', () => {
    assert.equal(phpJsonEncode({}), '[]');
    assert.equal(phpJsonEncode({ 0: 'a', 1: 'b' }), '["a","b"]');
    assert.equal(phpJsonEncode({ 1: 'x' }), '{"1":"x"}');
    assert.equal(phpJsonEncode([-0, 1e21, 0.0001, 0.00001, 1.5e-7, 2 ** 64, 12.5]), '[-0,1.0e+21,0.0001,1.0e-5,1.5e-7,1.8446744073709552e+19,12.5]');
    assert.equal(phpJsonEncode('\u0001\b\f\n\r\t\u007f<>&\''), '"\\u0001\\b\\f\\n\\r\\t\u007f<>&\'"');
    assert.equal(phpJsonEncode({ a: undefined, b: 1 }), '{"b":1}');
    assert.throws(() => phpJsonEncode('\ud800'), PhpJsonEncodeError);
  });
});

describe('SendExpert client: requests', () => {
  it('json encoding: the documented body, byte for byte (§4.4 row 1)', async () => {
    const { api, transport } = client('{"error":"","result":{"2017-09-27":{"TOTAL":110,"SENDING":0,"SENT":110,"VIEW":2,"MOVE":1}}}');
    const stats = await api.getStatByDate(1506459600, 1506546000);
    assert.deepEqual(stats, { '2017-09-27': { TOTAL: 110, SENDING: 0, SENT: 110, VIEW: 2, MOVE: 1 } });
    const [req] = transport.requests;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.url, 'https://app.sendexpert.com/api/transapi.php');
    assert.equal(req?.headers['Content-Type'], 'application/json');
    assert.equal(bodyText(req), '{"user_id":"1","action":"getStatByDate","data":{"time_start":1506459600,"time_end":1506546000},"sign":"c7694221a402f5f014215ef85033c821"}');
  });

  it('form encoding: user_id, sign, request, action with sign = md5(key . request)', async () => {
    const { api, transport } = client('{"error":"","result":"PASSED"}', 'form');
    assert.equal(await api.checkAPI(), 'PASSED');
    const [req] = transport.requests;
    assert.equal(req?.headers['Content-Type'], 'application/x-www-form-urlencoded');
    const fields = new URLSearchParams(bodyText(req));
    assert.deepEqual([...fields.keys()], ['user_id', 'sign', 'request', 'action']);
    assert.equal(fields.get('request'), '[]');
    assert.equal(fields.get('sign'), sign(KEY, []));
    assert.equal(fields.get('action'), 'checkAPI');
  });

  it('sendMail sends the parameters in order, Dates as Unix seconds, and returns the ID', async () => {
    const { api, transport } = client('{ "error": "", "result": { "ID":63}}');
    const result = await api.sendMail({
      to_email: 'to@example.com',
      from_email: 'from@example.com',
      from_name: 'Тест',
      subject: 'S',
      body_html: '<a href="http://google.com">Google</a>',
      timestamp_send: new Date(1507622644_000),
      attach_files: [{ name: 'test1.txt', body: 'SGVsbG8gd29ybGQh' }],
    });
    assert.deepEqual(result, { ID: 63 });
    const data = '{"to_email":"to@example.com","from_email":"from@example.com","from_name":"\\u0422\\u0435\\u0441\\u0442","subject":"S","body_html":"<a href=\\"http:\\/\\/google.com\\">Google<\\/a>","timestamp_send":1507622644,"attach_files":[{"name":"test1.txt","body":"SGVsbG8gd29ybGQh"}]}';
    assert.equal(bodyText(transport.requests[0]), `{"user_id":"1","action":"sendMail","data":${data},"sign":"${sign(KEY, JSON.parse(data))}"}`);
  });
});

describe('SendExpert client: answers', () => {
  it('getAccountInfo: the document example, counts and prices as numbers', async () => {
    const { api } = client('{ "error": "", "result": { "balance": 104.46062, "valute":"KZT", "packet": { "name":"\\u041f\\u0438\\u0441\\u044c\\u043c\\u043e", "mails_total":"10000", "mails_left":"0", "period":"30", "date_end": 1507982575, "price":"2934.000000", "price_additional":"0.366000"}}}');
    const info = await api.getAccountInfo();
    assert.deepEqual({ ...info, raw: null }, {
      balance: 104.46062,
      valute: 'KZT',
      packet: { name: 'Письмо', mails_total: 10000, mails_left: 0, period: 30, date_end: 1507982575, price: 2934, price_additional: 0.366 },
      raw: null,
    });
    assert.equal((info.raw.packet as Record<string, unknown>).price, '2934.000000');
  });

  it('getStatusMail: the document example; "" times read as null', async () => {
    const { api, transport } = client('{"error":"","result":{"STATUS":"SENT","TIMESTAMP_SENT":1506511522,"TIMESTAMP_VIEW":"","TIMESTAMP_MOVE":"1506511842","IP":"192.160.102.170","OS":"Windows 7","DEVICE":"Desktop","REASON":"","RESPONSE":"250 2.0.0 OK d16-v6si1089652wrp.194"}}');
    const status = await api.getStatusMail(20);
    assert.deepEqual({ ...status, raw: null }, { STATUS: 'SENT', TIMESTAMP_SENT: 1506511522, TIMESTAMP_VIEW: null, TIMESTAMP_MOVE: 1506511842, IP: '192.160.102.170', OS: 'Windows 7', DEVICE: 'Desktop', REASON: '', RESPONSE: '250 2.0.0 OK d16-v6si1089652wrp.194', raw: null });
    assert.match(bodyText(transport.requests[0]), /"data":\{"mail_id":20\}/);
  });

  it('an error code throws SendExpertError; a non-envelope throws SendExpertResponseError', async () => {
    const err = await client('{"error":"ERROR_MAIL_NOT_EXIST","result":""}').api.getStatusMail(1).catch((e: unknown) => e);
    assert.ok(err instanceof SendExpertError);
    assert.equal(err.code, 'ERROR_MAIL_NOT_EXIST');
    assert.equal(err.action, 'getStatusMail');
    for (const body of ['<html></html>', '[1]', '{"x":1}']) assert.ok((await client(body).api.checkAPI().catch((e: unknown) => e)) instanceof SendExpertResponseError, body);
  });
});

describe('SendExpert client: callbacks', () => {
  const data = [
    { mail_id: '265', timestamp: '1508765221', status: 'sent' },
    { mail_id: '266', timestamp: '1508765221', status: 'sent' },
  ];
  const body = `{"data":${phpJsonEncode(data)},"checksum":"${callbackChecksum(KEY, data)}"}`;

  it('verifies md5(key . json_encode(data) . key) over text, bytes or a decoded body', () => {
    assert.equal(verifyCallback(body, KEY), true);
    assert.equal(verifyCallback(Buffer.from(body), KEY), true);
    assert.equal(verifyCallback(JSON.parse(body) as object, KEY), true);
    // A pretty-printed body decodes to the same data: the checksum is over json_encode, not the bytes.
    assert.equal(verifyCallback(JSON.stringify(JSON.parse(body), null, 2), KEY), true);
    assert.deepEqual(parseCallback(body, KEY).map((e) => [e.mail_id, e.status]), [['265', 'sent'], ['266', 'sent']]);
  });

  it('refuses another key, altered data, a missing or malformed checksum and non-JSON', () => {
    assert.equal(verifyCallback(body, 'another'), false);
    assert.equal(verifyCallback(body.replace('"266"', '"267"'), KEY), false);
    assert.equal(verifyCallback(`{"data":${JSON.stringify(data)}}`, KEY), false);
    assert.equal(verifyCallback(`{"data":[],"checksum":"zz"}`, KEY), false);
    assert.equal(verifyCallback('mail_id=1', KEY), false);
    assert.throws(() => parseCallback(body, 'another'), /checksum/);
  });
});
