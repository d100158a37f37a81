/**
 * The Mobizon client's bytes against the captures of docs/protocols/mobizon.md §Request and its parsing of the
 * documented answers (§2.3–2.5), with a RecordingTransport answering canned envelopes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingTransport, responseOf, type HttpRequest } from '../../../src/clients/transport.js';
import { httpBuildQuery, MobizonClient, MobizonError, MobizonResponseError, phpUrlencode } from '../../../src/clients/mobizon/index.js';

const KEY = 'kz1234567890abcdef1234567890abcdef123456';
const QUERY = `?api=v1&apiKey=${KEY}&output=json`;

function client(answer: string | ((req: HttpRequest) => string) = '{"code":0,"data":[],"message":""}'): { mobizon: MobizonClient; transport: RecordingTransport } {
  const transport = new RecordingTransport((req) => responseOf(200, typeof answer === 'string' ? answer : answer(req), { 'content-type': 'application/json' }));
  return { mobizon: new MobizonClient({ baseUrl: 'https://api.mobizon.kz/', apiKey: KEY, transport }), transport };
}

const bodyText = (req: HttpRequest | undefined): string | undefined => (req?.body === undefined ? undefined : typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('utf8'));

describe('Mobizon client: form encoding (http_build_query)', () => {
  it('reproduces PHP urlencode: RFC 1738 spaces, upper-case escapes, only [A-Za-z0-9_.-] kept', () => {
    assert.equal(phpUrlencode('a b~(c)*!\'é/'), 'a+b%7E%28c%29%2A%21%27%C3%A9%2F');
    assert.equal(phpUrlencode('A-z_0.9'), 'A-z_0.9');
  });

  it('nests arrays with brackets, writes booleans as 1/0, drops null and empty arrays', () => {
    assert.equal(
      httpBuildQuery({ id: 5, flag: true, off: false, none: null, skip: undefined, empty: [], data: { name: 'A B', list: ['x', { deep: 1 }] } }),
      'id=5&flag=1&off=0&data%5Bname%5D=A+B&data%5Blist%5D%5B0%5D=x&data%5Blist%5D%5B1%5D%5Bdeep%5D=1',
    );
  });
});

describe('Mobizon client: requests as captured from mobizon-php (§2.2)', () => {
  it('campaign/create: lower-cased path, the three query keys, the form body', async () => {
    const { mobizon, transport } = client('{"code":0,"data":"70000000006","message":""}');
    const id = await mobizon.campaign.create({ text: 'Hello, world & co', from: 'TEST', msgType: 'SMS' });
    assert.equal(id, 70000000006);
    const [req] = transport.requests;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.url, `https://api.mobizon.kz/service/campaign/create${QUERY}`);
    assert.equal(req?.headers['Content-type'], 'application/x-www-form-urlencoded');
    assert.equal(bodyText(req), 'data%5Btext%5D=Hello%2C+world+%26+co&data%5Bfrom%5D=TEST&data%5BmsgType%5D=SMS');
  });

  it('campaign/addRecipients: a list of numbers, and template recipients', async () => {
    const { mobizon, transport } = client('{"code":0,"data":[],"message":""}');
    await mobizon.campaign.addRecipients(123, { recipients: ['77010000000', '77010000001'] });
    await mobizon.campaign.addRecipients(123, { recipients: [{ recipient: '380971112233', name: 'Вася' }] });
    assert.equal(transport.requests[0]?.url, `https://api.mobizon.kz/service/campaign/addrecipients${QUERY}`);
    assert.equal(bodyText(transport.requests[0]), 'id=123&recipients%5B0%5D=77010000000&recipients%5B1%5D=77010000001');
    assert.equal(bodyText(transport.requests[1]), 'id=123&recipients%5B0%5D%5Brecipient%5D=380971112233&recipients%5B0%5D%5Bname%5D=%D0%92%D0%B0%D1%81%D1%8F');
  });

  it('a call without parameters is a GET without body or content type (user/getOwnBalance)', async () => {
    const { mobizon, transport } = client('{"code":0,"data":{"balance":"12.5000","currency":"KZT"},"message":""}');
    const balance = await mobizon.user.getOwnBalance();
    assert.deepEqual({ balance: balance.balance, currency: balance.currency }, { balance: 12.5, currency: 'KZT' });
    assert.deepEqual(balance.raw, { balance: '12.5000', currency: 'KZT' });
    const [req] = transport.requests;
    assert.equal(req?.method, 'GET');
    assert.equal(req?.url, `https://api.mobizon.kz/service/user/getownbalance${QUERY}`);
    assert.equal(req?.body, undefined);
    assert.equal(Object.keys(req?.headers ?? {}).some((h) => h.toLowerCase() === 'content-type'), false);
  });

  it('message/sendSMSMessage posts recipient, text, from and params[…]', async () => {
    const { mobizon, transport } = client('{"code":0,"data":{"campaignId":"10000001","messageId":"20000002","status":2},"message":""}');
    const sent = await mobizon.message.sendSMSMessage({ recipient: '5511941439844', from: '', text: 'SMS sent by Mobizon & co', params: { name: 'X Y', deferredToTs: '2022-01-26 01:00:00' } });
    assert.deepEqual({ ...sent, raw: undefined }, { campaignId: 10000001, messageId: 20000002, status: 2, raw: undefined });
    assert.equal(transport.requests[0]?.url, `https://api.mobizon.kz/service/message/sendsmsmessage${QUERY}`);
    assert.equal(bodyText(transport.requests[0]), 'recipient=5511941439844&from=&text=SMS+sent+by+Mobizon+%26+co&params%5Bname%5D=X+Y&params%5BdeferredToTs%5D=2022-01-26+01%3A00%3A00');
  });

  it('campaign/addRecipients with a file: multipart with the flattened params and the file part', async () => {
    const { mobizon, transport } = client('{"code":100,"data":"77","message":""}');
    const csv = '77010000001\n77010000002\n';
    const result = await mobizon.campaign.addRecipients(9, { recipientsFile: { name: 'list.csv', data: csv, contentType: 'text/csv' } }, { recipientsFileSkipHeader: 1, replace: true });
    assert.deepEqual(result, { kind: 'task', taskId: 77 });
    const [req] = transport.requests;
    assert.equal(req?.method, 'POST');
    assert.match(req?.headers['Content-Type'] ?? '', /^multipart\/form-data; boundary=/);
    const form = await new Response(Buffer.from(req!.body as Uint8Array), { headers: { 'content-type': req!.headers['Content-Type']! } }).formData();
    assert.deepEqual([...form.keys()], ['id', 'params[recipientsFileSkipHeader]', 'params[replace]', 'recipientsFile']);
    assert.equal(form.get('params[replace]'), '1');
    const file = form.get('recipientsFile') as File;
    assert.equal(file.name, 'list.csv');
    assert.equal(file.type, 'text/csv');
    assert.equal(await file.text(), csv);
  });
});

describe('Mobizon client: answers (§2.3)', () => {
  it('throws MobizonError with code, message and field errors for error codes', async () => {
    const { mobizon } = client('{"code":1,"data":{"name":["Grupo com nome id\\u00eantico j\\u00e1 existe"]},"message":"Erro de valida\\u00e7\\u00e3o"}');
    const err = await mobizon.call('contactgroup', 'create', { data: { name: 'x' } }).catch((e: unknown) => e);
    assert.ok(err instanceof MobizonError);
    assert.equal(err.code, 1);
    assert.equal(err.serviceMessage, 'Erro de validação');
    assert.deepEqual(err.fieldErrors, { name: ['Grupo com nome idêntico já existe'] });
    assert.equal(err.method, 'contactgroup/create');

    const auth = await client('{"code":8,"data":[],"message":"failed.api.auth"}').mobizon.user.getOwnBalance().catch((e: unknown) => e);
    assert.ok(auth instanceof MobizonError);
    assert.equal(auth.code, 8);
    assert.deepEqual(auth.fieldErrors, {});
  });

  it('throws MobizonResponseError for an answer that is not an envelope', async () => {
    for (const body of ['<html>502</html>', '[]', 'null', '{"data":1}']) {
      const err = await client(body).mobizon.user.getOwnBalance().catch((e: unknown) => e);
      assert.ok(err instanceof MobizonResponseError, body);
    }
  });

  it('code 100 and a string code "0" are success; call returns the envelope with the raw body', async () => {
    const res = await client('{"code":"0","data":{"a":"1"},"message":""}').mobizon.call('x', 'y');
    assert.deepEqual({ code: res.code, data: res.data, message: res.message, status: res.status }, { code: 0, data: { a: '1' }, message: '', status: 200 });
    const sent = await client('{"code":100,"data":"31","message":""}').mobizon.campaign.send(5);
    assert.deepEqual(sent, { kind: 'task', taskId: 31 });
    assert.deepEqual(await client('{"code":0,"data":1,"message":""}').mobizon.campaign.send(5), { kind: 'sent', status: 1 });
  });

  it('addRecipients: 98 and 99 are results with per-recipient codes', async () => {
    const answer = '{"code":98,"data":[{"recipient":"77010000000","code":0,"messageId":"555","type":"number","number":"77010000000"},{"recipient":"12345","code":3,"messageId":null,"type":"number","number":"12345"}],"message":"1 of 2"}';
    const result = await client(answer).mobizon.campaign.addRecipients(1, { recipients: '77010000000,12345' });
    assert.equal(result.kind, 'added');
    if (result.kind !== 'added') return;
    assert.equal(result.code, 98);
    assert.deepEqual(result.items.map((i) => [i.recipient, i.code, i.messageId]), [['77010000000', 0, 555], ['12345', 3, null]]);
  });

  it('converts the numbers the service sends as strings (getInfo counters, lists, statuses, links, tasks)', async () => {
    const info = await client(
      '{"code":0,"data":{"id":"70000000006","moderationStatus":"NEW","commonStatus":"NEW","groupsList":[],"type":"3","msgType":"SMS","rateLimit":"6000","ratePeriod":"60","sendStatus":"NEW","isDeleted":"0","deferredToTs":null,"createTs":"2026-01-15 11:42:28","startSendTs":null,"endSendTs":null,"name":"n","from":"Alpha","text":"t","groups":"","globalComment":null,"creationWay":"1","extra":{"validity":"1440","mclass":"1","trackShortLinkRecipients":"0","coding":"0"},"counters":{"updateTs":"2026-01-15 11:42:28","totalNewSegNum":"995","totalCost":"14.9250","userCurrency":"KZT","campaignId":"70000000006"}},"message":""}',
    ).mobizon.campaign.getInfo(70000000006);
    assert.equal(info.id, 70000000006);
    assert.equal(info.type, 3);
    assert.equal(info.rateLimit, 6000);
    assert.equal(info.validity, 1440, 'read from extra as the live service nests it');
    assert.equal(info.counters.totalNewSegNum, 995);
    assert.equal(info.counters.totalCost, 14.925);
    assert.equal(info.counters.userCurrency, 'KZT');
    assert.equal(info.counters.updateTs, '2026-01-15 11:42:28');
    assert.equal(info.raw.type, '3');

    const statuses = await client('{"code":0,"data":[{"id":"9","status":"ACCEPTD","segNum":"1","startSendTs":"2026-01-15 11:42:28","statusUpdateTs":"2026-01-15 11:42:29"}],"message":""}').mobizon.message.getSMSStatus([9]);
    assert.deepEqual({ ...statuses[0], raw: null }, { id: 9, status: 'ACCEPTD', segNum: 1, startSendTs: '2026-01-15 11:42:28', statusUpdateTs: '2026-01-15 11:42:29', raw: null });

    const page = await client('{"code":0,"data":{"items":[{"alphanameId":"4","globalStatus":"1","partnerStatus":"1","description":null,"alphaname":{"name":"Alpha"}}],"totalItemCount":"1"},"message":""}').mobizon.alphaname.list();
    assert.equal(page.totalItemCount, 1);
    assert.deepEqual({ ...page.items[0], raw: null }, { alphanameId: 4, name: 'Alpha', globalStatus: 1, partnerStatus: 1, description: null, isDefault: null, createTs: null, raw: null });

    const task = await client('{"code":0,"data":{"progress":"37","status":1},"message":""}').mobizon.taskqueue.getStatus(3);
    assert.deepEqual([task.progress, task.status], [37, 1]);

    const stats = await client('{"code":0,"data":{"items":[{"param":"2026-01-15","clicks0":"2","redirects0":"1","clicks1":"0","redirects1":"0"}],"totals":{"totalClicks0":"2","totalRedirects0":"1","totalClicks1":"0","totalRedirects1":"0"}},"message":""}').mobizon.link.getStats([1, 2], 'daily');
    assert.deepEqual({ periods: stats.periods, totals: stats.totals }, { periods: [{ param: '2026-01-15', clicks: [2, 0], redirects: [1, 0] }], totals: { clicks: [2, 0], redirects: [1, 0] } });
  });
});
