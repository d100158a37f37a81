/**
 * The Mobizon transport against a real Herald server: requests byte for byte as mobizon-php and
 * mobizon-node send them (docs/protocols/mobizon.md §Request), answers byte for byte. A second listener serves
 * the same face with test methods that echo what they received, so parsing is checked end to end
 * for methods Herald does not implement yet (message/sendSMSMessage here answers with its params).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { MOBIZON_PREFIX, mobizonFace } from '../../../src/faces/mobizon/plugin.js';
import { defaultMethods } from '../../../src/faces/mobizon/methods.js';
import { MobizonError, success } from '../../../src/faces/mobizon/envelope.js';
import { stringParam } from '../../../src/faces/mobizon/params.js';
import type { MobizonHandler } from '../../../src/faces/mobizon/registry.js';
import { expectBody, expectCode, nodeCall, nodeSendSms, PHP_HEADERS, phpCall, rawRequest } from './client.js';

const BALANCE_BODY = '{"code":0,"data":{"balance":"12.5000","currency":"KZT"},"message":""}';
const BAD_KEY_BODY = '{"code":8,"data":[],"message":"Authorization failed: invalid API key"}';

/** Echoes the merged parameters, the files and the account. */
const echo: MobizonHandler = (ctx, scope, params) =>
  success({
    accountId: String(scope.accountId),
    httpMethod: ctx.httpMethod,
    params,
    files: ctx.files.map((f) => ({ field: f.field, fileName: f.fileName, contentType: f.contentType, md5: createHash('md5').update(f.data).digest('hex') })),
  });

describeEachDatabase('Mobizon transport (/service/{module}/{method})', (kind) => {
  let server: TestServer;
  let echoApp: FastifyInstance;
  let echoUrl: string;
  let key: string;
  let unmeteredKey: string;
  let accountId: number;

  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    accountId = account.id;
    key = account.credentials.mobizon.apiKey;
    await setBilling({ db: server.core.db, accountId }, { currency: 'KZT', balance: 12.5 }, BY_TEST);
    unmeteredKey = (await server.createAccount()).credentials.mobizon.apiKey;

    const methods = defaultMethods()
      .implement('message', 'sendSMSMessage', echo)
      .implement('campaign', 'create', echo)
      .implement('campaign', 'addRecipients', echo)
      .implement('test', 'echo', echo)
      .declare('test', 'someday')
      .implement('test', 'boom', () => {
        throw new Error('boom');
      })
      .implement('test', 'refuse', (_ctx, _scope, params) => {
        throw new MobizonError(12, `Too many recipients: ${stringParam(params, 'n') ?? ''}`);
      });
    echoApp = Fastify({ logger: false });
    await echoApp.register(mobizonFace(server.core, { methods }), { prefix: MOBIZON_PREFIX });
    await echoApp.listen({ host: '127.0.0.1', port: 0 });
    const address = echoApp.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    echoUrl = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await echoApp.close();
    await server.close();
  });

  const echoed = (res: { status: number; text: string; body: { code: number; data: unknown } }) => {
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.code, 0, res.text);
    return res.body.data as { accountId: string; httpMethod: string; params: unknown; files: { field: string; fileName: string; contentType: string; md5: string }[] };
  };

  test('mobizon-php user/getOwnBalance: GET with the form header, exact answer bytes', async () => {
    const res = await phpCall(server.baseUrl, key, 'user', 'getOwnBalance');
    expectBody(res, BALANCE_BODY);
  });

  test('mobizon-node getBalance: POST, empty body, its query order', async () => {
    expectBody(await nodeCall(server.baseUrl, key, 'user', 'getownbalance'), BALANCE_BODY);
  });

  test('an account without billing: balance 0.0000, no currency', async () => {
    expectBody(await phpCall(server.baseUrl, unmeteredKey, 'user', 'getOwnBalance'), '{"code":0,"data":{"balance":"0.0000","currency":""},"message":""}');
  });

  test('the balance follows the core billing, four decimals', async () => {
    const other = await server.createAccount();
    await setBilling({ db: server.core.db, accountId: other.id }, { currency: 'BRL', balance: 1234.56789 }, BY_TEST);
    expectBody(await phpCall(server.baseUrl, other.credentials.mobizon.apiKey, 'user', 'getOwnBalance'), '{"code":0,"data":{"balance":"1234.5679","currency":"BRL"},"message":""}');
  });

  test('bad or missing key: code 8, HTTP 200, data []', async () => {
    expectBody(await phpCall(server.baseUrl, 'f'.repeat(40), 'user', 'getOwnBalance'), BAD_KEY_BODY);
    expectBody(await nodeCall(server.baseUrl, 'nope', 'user', 'getOwnBalance'), BAD_KEY_BODY);
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance?api=v1&output=json`), '{"code":8,"data":[],"message":"API key is not specified"}');
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance?api=v1&apiKey=&output=json`), '{"code":8,"data":[],"message":"API key is not specified"}');
  });

  test('the key is tolerated in the body', async () => {
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance?api=v1&output=json`, { method: 'POST', headers: PHP_HEADERS, body: `apiKey=${key}` }), BALANCE_BODY);
  });

  test('unknown module → 4, unknown method → 5, missing segments too', async () => {
    expectBody(await phpCall(server.baseUrl, key, 'nosuch', 'list'), '{"code":4,"data":[],"message":"Unknown API module: nosuch"}');
    expectBody(await phpCall(server.baseUrl, key, 'campaign', 'nosuch'), '{"code":5,"data":[],"message":"Unknown API method: campaign\\/nosuch"}');
    expectBody(await rawRequest(`${server.baseUrl}/service/campaign?apiKey=${key}`), '{"code":5,"data":[],"message":"API method of module campaign is not specified"}');
    expectBody(await rawRequest(`${server.baseUrl}/service?apiKey=${key}`), '{"code":4,"data":[],"message":"API module is not specified"}');
    expectCode(await rawRequest(`${server.baseUrl}/service/user/getownbalance/extra?apiKey=${key}`), 5);
    // Routing needs no key: the method list is public.
    expectCode(await rawRequest(`${server.baseUrl}/service/nosuch/list`), 4);
  });

  test('routing ignores case', async () => {
    for (const path of ['user/getownbalance', 'User/GetOwnBalance', 'USER/GETOWNBALANCE', 'uSeR/getOwnBalance']) {
      expectBody(await rawRequest(`${server.baseUrl}/service/${path}?api=v1&apiKey=${key}&output=json`, { headers: PHP_HEADERS }), BALANCE_BODY);
    }
    const res = await rawRequest(`${server.baseUrl}/service/Campaign/AddRecipients?output=json&api=v1&apiKey=${key}`, { method: 'POST', headers: PHP_HEADERS, body: 'id=1&recipients=77010000000' });
    // The campaign does not exist: the method was found whatever the case of its name.
    expectBody(res, '{"code":2,"data":[],"message":"campaign 1 not found"}');
  });

  test('a method declared but not built answers code 9 with its name, after the key check', async () => {
    const res = await phpCall(echoUrl, key, 'test', 'someday', { id: '1' });
    expectCode(res, 9);
    assert.match(res.body.message, /^Method test\/someday is not available/);
    expectBody(await phpCall(echoUrl, 'bad', 'test', 'someday', { id: '1' }), BAD_KEY_BODY);
  });

  test('every documented method and every one the official clients call is served', () => {
    assert.deepEqual(defaultMethods().list().filter((m) => !m.implemented), []);
  });

  test('mobizon-node sendSms: GET with params in the query parses into nested params', async () => {
    const capture = `/service/message/sendsmsmessage?recipient=5511941439844&from=&text=SMS%20sent%20by%20Mobizon%20%26%20co&params%5Bname%5D=X%20Y&params%5BdeferredToTs%5D=2022-01-26%2001%3A00%3A00&output=json&api=v1&apiKey=${key}`;
    const headers = { 'User-Agent': 'axios/0.27.2', Accept: 'application/json, text/plain, */*' };
    // The real server reads it as the SMS it is: this account is metered (billing set above) and the
    // price list has no Brazilian price, so the recipient is refused with code 8 (no route).
    expectBody(await rawRequest(server.baseUrl + capture, { headers }), '{"code":1,"data":{"recipient":["5511941439844: no price for BR"],"code":["8"]},"message":"5511941439844: no price for BR"}');
    const data = echoed(await rawRequest(echoUrl + capture, { headers }));
    assert.deepEqual(data.params, { recipient: '5511941439844', from: '', text: 'SMS sent by Mobizon & co', params: { name: 'X Y', deferredToTs: '2022-01-26 01:00:00' } });
    assert.equal(data.accountId, String(accountId));
    assert.equal(data.httpMethod, 'GET');
    // The same through the client helper (qs builds the query).
    const again = echoed(await nodeSendSms(echoUrl, key, { recipient: '+5511941439844', from: '', text: 'Olá, 100% + ok', params: { validity: 60 } }));
    assert.deepEqual(again.params, { recipient: '+5511941439844', from: '', text: 'Olá, 100% + ok', params: { validity: '60' } });
  });

  test('mobizon-php campaign/create and addRecipients: the captured RFC 1738 bodies', async () => {
    const create = echoed(await rawRequest(`${echoUrl}/service/campaign/create?api=v1&apiKey=${key}&output=json`, { method: 'POST', headers: PHP_HEADERS, body: 'data%5Btext%5D=Hello%2C+world+%26+co&data%5Bfrom%5D=TEST&data%5BmsgType%5D=SMS' }));
    assert.deepEqual(create.params, { data: { text: 'Hello, world & co', from: 'TEST', msgType: 'SMS' } });
    const list = echoed(await rawRequest(`${echoUrl}/service/campaign/addrecipients?api=v1&apiKey=${key}&output=json`, { method: 'POST', headers: PHP_HEADERS, body: 'id=123&recipients%5B0%5D=77010000000&recipients%5B1%5D=77010000001' }));
    assert.deepEqual(list.params, { id: '123', recipients: ['77010000000', '77010000001'] });
    const template = echoed(
      await rawRequest(`${echoUrl}/service/campaign/addrecipients?api=v1&apiKey=${key}&output=json`, {
        method: 'POST',
        headers: PHP_HEADERS,
        body: 'id=123&recipients%5B0%5D%5Brecipient%5D=380971112233&recipients%5B0%5D%5Bname%5D=%D0%92%D0%B0%D1%81%D1%8F',
      }),
    );
    assert.deepEqual(template.params, { id: '123', recipients: [{ recipient: '380971112233', name: 'Вася' }] });
    // And through the client emulation: http_build_query of a PHP array, true → 1.
    const built = echoed(await phpCall(echoUrl, key, 'Campaign', 'AddRecipients', { id: 5, recipients: ['1 2', '3'], params: { replace: true, placeholdersFlag: 2 } }));
    assert.deepEqual(built.params, { id: '5', recipients: ['1 2', '3'], params: { replace: '1', placeholdersFlag: '2' } });
  });

  test('mobizon-node POST bodies: RFC 3986, indexed arrays, words for booleans, null as key=', async () => {
    const data = echoed(await nodeCall(echoUrl, key, 'test', 'echo', { ids: ['11', '12'], criteria: { text: 'a b+c', from: null }, withNumberInfo: true, pagination: { currentPage: 0, pageSize: 25 } }));
    assert.deepEqual(data.params, { ids: ['11', '12'], criteria: { text: 'a b+c', from: '' }, withNumberInfo: 'true', pagination: { currentPage: '0', pageSize: '25' } });
  });

  test('query and body merge like $_REQUEST: POST wins, arrays merge', async () => {
    const data = echoed(await rawRequest(`${echoUrl}/service/test/echo?a=get&b=get&c%5Bx%5D=1&apiKey=${key}`, { method: 'POST', headers: PHP_HEADERS, body: 'a=post&c%5By%5D=2' }));
    assert.deepEqual(data.params, { a: 'post', b: 'get', c: { x: '1', y: '2' } });
  });

  test('a JSON body is tolerated', async () => {
    const data = echoed(await rawRequest(`${echoUrl}/service/test/echo?output=json&api=v1&apiKey=${key}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"recipients":["77010000000","77010000001"],"data":{"text":"Hi","type":3},"params":{"replace":true}}' }));
    assert.deepEqual(data.params, { recipients: ['77010000000', '77010000001'], data: { text: 'Hi', type: '3' }, params: { replace: '1' } });
    // The key inside a JSON body works too.
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiKey: key }) }), BALANCE_BODY);
  });

  test('multipart bodies: fields nest, files are exposed', async () => {
    const form = new FormData();
    form.append('id', '77');
    form.append('params[recipientsFileSkipHeader]', '1');
    const csv = 'recipient,name\n77010000000,Вася\n';
    form.append('recipientsFile', new Blob([csv], { type: 'text/csv' }), 'list.csv');
    const res = await fetch(`${echoUrl}/service/campaign/addrecipients?output=json&api=v1&apiKey=${key}`, { method: 'POST', body: form });
    const data = echoed({ status: res.status, text: '', body: (await res.json()) as { code: number; data: unknown } });
    assert.deepEqual(data.params, { id: '77', params: { recipientsFileSkipHeader: '1' } });
    assert.deepEqual(data.files, [{ field: 'recipientsFile', fileName: 'list.csv', contentType: 'text/csv', md5: createHash('md5').update(csv).digest('hex') }]);
  });

  test('non-ASCII text is answered as PHP json_encode writes it', async () => {
    const res = await phpCall(echoUrl, key, 'test', 'echo', { text: 'Привет / мир 😀 <b>&\'"' });
    expectBody(res, `{"code":0,"data":{"accountId":"${accountId}","httpMethod":"POST","params":{"text":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\/ \\u043c\\u0438\\u0440 \\ud83d\\ude00 <b>&'\\""},"files":[]},"message":""}`);
  });

  test('handler errors: MobizonError keeps its code, a crash is code 3', async () => {
    expectBody(await phpCall(echoUrl, key, 'test', 'refuse', { n: '501' }), '{"code":12,"data":[],"message":"Too many recipients: 501"}');
    expectBody(await phpCall(echoUrl, key, 'test', 'boom'), '{"code":3,"data":[],"message":"Internal application error"}');
  });

  test('output=xml', async () => {
    const res = await rawRequest(`${server.baseUrl}/service/user/getownbalance?api=v1&apiKey=${key}&output=xml`);
    assert.equal(res.status, 200);
    assert.match(res.contentType, /^application\/xml/);
    assert.equal(res.text, '<?xml version="1.0" encoding="UTF-8"?>\n<response><code>0</code><data><balance>12.5000</balance><currency>KZT</currency></data><message></message></response>\n');
    const bad = await rawRequest(`${server.baseUrl}/service/user/getownbalance?apiKey=x&output=XML`);
    assert.equal(bad.text, '<?xml version="1.0" encoding="UTF-8"?>\n<response><code>8</code><data></data><message>Authorization failed: invalid API key</message></response>\n');
  });

  test('api and output: absent = v1/json, others → code 6', async () => {
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance?apiKey=${key}`), BALANCE_BODY);
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance?api=v2&apiKey=${key}`), '{"code":6,"data":[],"message":"Unsupported API version: v2 (supported: v1)"}');
    expectBody(await rawRequest(`${server.baseUrl}/service/user/getownbalance?output=csv&apiKey=${key}`), '{"code":6,"data":[],"message":"Unsupported output format: csv (supported: json, xml)"}');
  });

  test('a body over the limit: code 12 with HTTP 200', async () => {
    const res = await rawRequest(`${server.baseUrl}/service/campaign/addrecipients?api=v1&apiKey=${key}&output=json`, { method: 'POST', headers: PHP_HEADERS, body: `recipients=${'7'.repeat(1024 * 1024 + 10)}` });
    expectBody(res, '{"code":12,"data":[],"message":"Request body is too large"}');
  });

  test('other faces keep their own parsing', async () => {
    // The native API still rejects a form body (JSON only) with its own envelope, not Mobizon's.
    const res = await fetch(`${server.baseUrl}/api/v1/contacts`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer nope' }, body: 'a=1' });
    assert.notEqual(res.status, 200);
    assert.doesNotMatch(await res.text(), /"code":\d+,"data"/);
  });
});
