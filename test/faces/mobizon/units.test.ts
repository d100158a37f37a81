import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParamMap, listItems, listParam, mapParam, param, stringParam, type PlainParam } from '../../../src/faces/mobizon/params.js';
import { mergeRequest, parsePhpQuery, phpUrlDecode, MAX_VARS, TooManyVariablesError } from '../../../src/faces/mobizon/php-vars.js';
import { jsonFields, parseBody, rawQuery, readMobizonRequest } from '../../../src/faces/mobizon/request.js';
import { parseMultipart } from '../../../src/faces/mobizon/multipart.js';
import { decimalString, intString, numbersAsStrings } from '../../../src/faces/mobizon/values.js';
import { encodeResult, failure, resultOfError, success, MobizonError } from '../../../src/faces/mobizon/envelope.js';
import { toMobizonXml } from '../../../src/faces/mobizon/xml.js';
import { MethodRegistry } from '../../../src/faces/mobizon/registry.js';
import { defaultMethods } from '../../../src/faces/mobizon/methods.js';
import { apiVersionSupported, outputFormat } from '../../../src/faces/mobizon/plugin.js';
import { ownBalance } from '../../../src/faces/mobizon/user.js';
import { NotFoundError, ValidationError } from '../../../src/core/errors.js';

const plain = (text: string): PlainParam => parsePhpQuery(text).toPlain();

describe('phpUrlDecode (php_url_decode)', () => {
  const cases: [string, string][] = [
    ['a+b', 'a b'],
    ['a%20b', 'a b'],
    ['%D0%92%D0%B0%D1%81%D1%8F', 'Вася'],
    ['100%', '100%'],
    ['%zz%4', '%zz%4'],
    ['%2B', '+'],
    ['caf%C3%A9+%26+co', 'café & co'],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(phpUrlDecode(input), expected));
});

describe('parsePhpQuery (PHP $_GET / $_POST)', () => {
  const cases: [string, PlainParam][] = [
    ['a=1&b=2', { a: '1', b: '2' }],
    ['a', { a: '' }],
    ['a=1&a=2', { a: '2' }],
    ['a[]=1&a[]=2', { a: ['1', '2'] }],
    ['a%5B%5D=1&a%5B%5D=2', { a: ['1', '2'] }],
    ['a[0]=x&a[1]=y', { a: ['x', 'y'] }],
    ['a[1]=x&a[0]=y', { a: { '1': 'x', '0': 'y' } }],
    ['a[5]=x&a[]=y', { a: { '5': 'x', '6': 'y' } }],
    ['a[b][c]=1&a[b][d]=2', { a: { b: { c: '1', d: '2' } } }],
    ['a[0][recipient]=1&a[0][name]=X&a[1][recipient]=2', { a: [{ recipient: '1', name: 'X' }, { recipient: '2' }] }],
    ['a=str&a[x]=1', { a: { x: '1' } }],
    ['a[x]=1&a=str', { a: 'str' }],
    ['a.b=1&c d=2', { a_b: '1', c_d: '2' }],
    ['a[b.c]=1', { a: { 'b.c': '1' } }],
    ['a[b=1', { a_b: '1' }],
    ['a[b][c=1', { a: { b: '1' } }],
    ['a[b]x=1', { a: { b: '1' } }],
    ['a[ ]=1', { a: ['1'] }],
    ['+a=1', { a: '1' }],
    ['=1&&b=', { b: '' }],
    ['[x]=1', []],
    ['a[]=1&a[]=2&a[0]=z', { a: ['z', '2'] }],
  ];
  for (const [query, expected] of cases) test(query, () => assert.deepEqual(plain(query), expected));

  test('more than 64 levels (max_input_nesting_level) drop the variable', () => {
    assert.deepEqual(plain(`a${'[x]'.repeat(65)}=1&b=2`), { b: '2' });
    assert.equal(typeof param(parsePhpQuery(`a${'[x]'.repeat(64)}=1`), 'a', ...Array<string>(64).fill('x')), 'string');
  });

  test('the variable count is bounded', () => {
    assert.throws(() => parsePhpQuery(Array.from({ length: MAX_VARS + 1 }, (_, i) => `v${i}=1`).join('&')), TooManyVariablesError);
  });
});

describe('mergeRequest ($_REQUEST, request_order GP)', () => {
  test('POST overrides GET for scalars; arrays merge recursively', () => {
    const merged = mergeRequest(parsePhpQuery('a=get&b=get&c[x]=1&c[y]=1&d[]=g'), parsePhpQuery('a=post&c[y]=2&c[z]=2&d[]=p&e=post'));
    assert.deepEqual(merged.toPlain(), { a: 'post', b: 'get', c: { x: '1', y: '2', z: '2' }, d: ['p'], e: 'post' });
  });
  test('a POST array replaces a GET string and the reverse', () => {
    assert.deepEqual(mergeRequest(parsePhpQuery('a=1&b[0]=x'), parsePhpQuery('a[0]=2&b=y')).toPlain(), { a: ['2'], b: 'y' });
  });
});

describe('list parameters', () => {
  const cases: [string, string[]][] = [
    ['recipients=380971112233,79101112233,77071112233', ['380971112233', '79101112233', '77071112233']],
    ['recipients=380971112233%0A79101112233%0D%0A77071112233', ['380971112233', '79101112233', '77071112233']],
    ['recipients=+1+,,+2', ['1', '2']],
    ['recipients[]=380971112233&recipients[]=79101112233', ['380971112233', '79101112233']],
    ['recipients%5B0%5D=77010000000&recipients%5B1%5D=77010000001', ['77010000000', '77010000001']],
    ['recipients=', []],
    ['other=1', []],
  ];
  for (const [query, expected] of cases) test(query, () => assert.deepEqual(listParam(parsePhpQuery(query).get('recipients')), expected));

  test('template recipients stay maps, in the order sent', () => {
    const items = listItems(parsePhpQuery('recipients[1][recipient]=2&recipients[0][recipient]=1').get('recipients'));
    assert.deepEqual(items.map((i) => (i instanceof ParamMap ? stringParam(i, 'recipient') : i)), ['2', '1']);
  });

  test('accessors', () => {
    const p = parsePhpQuery('data[text]=Hi&data[type]=3&id=5');
    assert.equal(stringParam(p, 'data', 'text'), 'Hi');
    assert.equal(stringParam(p, 'data'), undefined);
    assert.equal(mapParam(p, 'id'), undefined);
    assert.equal(param(p, 'id', 'x'), undefined);
    assert.deepEqual(mapParam(p, 'data')?.toPlain(), { text: 'Hi', type: '3' });
  });
});

describe('request bodies', () => {
  const form = 'application/x-www-form-urlencoded';
  test('an urlencoded body with raw UTF-8 bytes', () => {
    assert.deepEqual(parseBody(form, Buffer.from('name=Вася&x=%D0%92')).fields.toPlain(), { name: 'Вася', x: 'В' });
  });
  test('JSON bodies as http_build_query would have written them', () => {
    assert.deepEqual(jsonFields('{"id":123,"flag":true,"off":false,"none":null,"recipients":["1","2"],"data":{"text":"Hi"}}').toPlain(), {
      id: '123',
      flag: '1',
      off: '0',
      recipients: ['1', '2'],
      data: { text: 'Hi' },
    });
    assert.equal(jsonFields('[1,2]').size, 0);
    assert.equal(jsonFields('{oops').size, 0);
  });
  test('unknown content types and broken multipart are ignored, as PHP does', () => {
    assert.equal(parseBody('text/plain', Buffer.from('a=1')).fields.size, 0);
    assert.equal(parseBody('multipart/form-data; boundary=x', Buffer.from('garbage')).fields.size, 0);
    assert.equal(parseBody(undefined, Buffer.from('a=1')).fields.size, 0);
  });
  test('multipart: text fields nest, file parts kept as bytes', () => {
    const bytes = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0x00, 0xff]);
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="id"\r\n\r\n123\r\n'),
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="params[replace]"\r\n\r\n1\r\n'),
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="recipientsFile"; filename="C:\\tmp\\list.xls"\r\nContent-Type: application/vnd.ms-excel\r\n\r\n'),
      bytes,
      Buffer.from('\r\n--XyZ\r\nContent-Disposition: form-data; name="empty"; filename=""\r\n\r\n\r\n--XyZ--\r\n'),
    ]);
    const fields = new ParamMap();
    const files = parseMultipart(body, 'XyZ', fields);
    assert.deepEqual(fields.toPlain(), { id: '123', params: { replace: '1' } });
    assert.equal(files.length, 1);
    assert.equal(files[0]!.field, 'recipientsFile');
    assert.equal(files[0]!.fileName, 'list.xls');
    assert.equal(files[0]!.contentType, 'application/vnd.ms-excel');
    assert.deepEqual(files[0]!.data, bytes);
  });
  test('transport parameters: query first, body tolerated, removed from the method parameters', () => {
    const r = readMobizonRequest({ module: 'user', method: 'getownbalance', url: '/service/user/getownbalance?output=json&api=v1&apiKey=Q', httpMethod: 'POST', contentType: form, body: Buffer.from('apiKey=B&x=1') });
    assert.deepEqual([r.apiKey, r.api, r.output, r.params.toPlain()], ['Q', 'v1', 'json', { x: '1' }]);
    const b = readMobizonRequest({ module: 'user', method: 'getownbalance', url: '/service/user/getownbalance?api=v1', httpMethod: 'POST', contentType: form, body: Buffer.from('apiKey=B&output=xml') });
    assert.deepEqual([b.apiKey, b.output], ['B', 'xml']);
    const get = readMobizonRequest({ module: 'm', method: 'x', url: '/service/m/x?a=1', httpMethod: 'GET', contentType: form, body: Buffer.from('a=2') });
    assert.deepEqual(get.params.toPlain(), { a: '1' });
  });
  test('rawQuery', () => {
    assert.equal(rawQuery('/a/b?x=1&y=2'), 'x=1&y=2');
    assert.equal(rawQuery('/a/b'), '');
    assert.equal(rawQuery('/a?x=1#f'), 'x=1');
  });
});

describe('values', () => {
  const decimals: [number, number, string][] = [
    [12.5, 4, '12.5000'],
    [0, 4, '0.0000'],
    [16.2, 4, '16.2000'],
    [1.00005, 4, '1.0001'],
    [-3.25, 4, '-3.2500'],
    [-0.00004, 4, '0.0000'],
    [1234567.123456, 4, '1234567.1235'],
    [2.5, 0, '3'],
    [0.1, 2, '0.10'],
  ];
  for (const [value, digits, expected] of decimals) test(`decimalString(${value}, ${digits})`, () => assert.equal(decimalString(value, digits), expected));
  test('intString', () => {
    assert.equal(intString(70000000006), '70000000006');
    assert.equal(intString(2n ** 63n - 1n), '9223372036854775807');
    assert.equal(intString(null), null);
  });
  test('numbersAsStrings keeps the named int fields', () => {
    const data = numbersAsStrings({ campaignId: 5, messageId: 7, status: 2, items: [{ segNum: 1, cost: 0.5, ok: true, note: null }] }, ['status']);
    assert.deepEqual(data, { campaignId: '5', messageId: '7', status: 2, items: [{ segNum: '1', cost: '0.5', ok: true, note: null }] });
  });
  test('ownBalance', () => {
    assert.deepEqual(ownBalance({ currency: 'KZT', balance: 12.5, package: null }), { balance: '12.5000', currency: 'KZT' });
    assert.deepEqual(ownBalance(null), { balance: '0.0000', currency: '' });
  });
});

describe('envelope', () => {
  const cases: [string, ReturnType<typeof success>, string][] = [
    ['balance', success({ balance: '12.5000', currency: 'KZT' }), '{"code":0,"data":{"balance":"12.5000","currency":"KZT"},"message":""}'],
    ['bare string id', success('70000000006'), '{"code":0,"data":"70000000006","message":""}'],
    ['bare int', success(2), '{"code":0,"data":2,"message":""}'],
    ['auth', failure(8, 'Authorization failed: invalid API key'), '{"code":8,"data":[],"message":"Authorization failed: invalid API key"}'],
    ['non-ASCII and slashes', failure(1, 'Группа / ошибка', { name: ['Grupo com nome idêntico já existe'] }), '{"code":1,"data":{"name":["Grupo com nome id\\u00eantico j\\u00e1 existe"]},"message":"\\u0413\\u0440\\u0443\\u043f\\u043f\\u0430 \\/ \\u043e\\u0448\\u0438\\u0431\\u043a\\u0430"}'],
    ['empty object is []', success({}), '{"code":0,"data":[],"message":""}'],
    ['task', success('17', 100), '{"code":100,"data":"17","message":""}'],
  ];
  for (const [name, result, json] of cases) test(name, () => assert.equal(encodeResult(result, 'json').body, json));

  test('text json_encode cannot encode answers code 3', () => {
    assert.equal(encodeResult(success('\ud800'), 'json').body, '{"code":3,"data":[],"message":"Internal application error"}');
  });

  test('core and handler errors', () => {
    assert.deepEqual(resultOfError(new MobizonError(12, 'too many')), { code: 12, data: [], message: 'too many' });
    assert.deepEqual(resultOfError(ValidationError.single('name', 'required', 'Name is required')), { code: 1, data: { name: ['Name is required'] }, message: 'Name is required' });
    assert.equal(resultOfError(new NotFoundError('campaign', 5))?.code, 2);
    assert.equal(resultOfError(new Error('boom')), null);
  });

  test('xml', () => {
    assert.equal(
      toMobizonXml({ code: 0, data: { balance: '12.5000', items: [{ id: '1' }, { id: '2' }], '0': 'n', 'a b': true, none: null, t: '<&>' }, message: '' }),
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><code>0</code><data><item key="0">n</item><balance>12.5000</balance><items><item><id>1</id></item><item><id>2</id></item></items><item key="a b">1</item><none></none><t>&lt;&amp;&gt;</t></data><message></message></response>\n',
    );
    assert.equal(toMobizonXml({ code: 8, data: [], message: 'Ключ' }), '<?xml version="1.0" encoding="UTF-8"?>\n<response><code>8</code><data></data><message>Ключ</message></response>\n');
  });
});

describe('routing', () => {
  test('case-insensitive, documented spelling kept for messages', () => {
    const registry = defaultMethods();
    for (const [module, method] of [['campaign', 'addrecipients'], ['Campaign', 'AddRecipients'], ['CAMPAIGN', 'ADDRECIPIENTS']] as const) {
      const resolved = registry.resolve(module, method);
      assert.equal(resolved.kind, 'implemented');
      assert.equal(resolved.kind === 'implemented' ? resolved.name : '', 'campaign/addRecipients');
    }
    assert.equal(registry.resolve('user', 'GETOWNBALANCE').kind, 'implemented');
    assert.equal(registry.resolve('ContactGroup', 'LIST').kind, 'implemented');
    assert.deepEqual(registry.resolve('nosuch', 'x'), { kind: 'unknown-module' });
    assert.deepEqual(registry.resolve('Message', 'nosuch'), { kind: 'unknown-method', module: 'message' });
  });
  test('implement replaces a declaration', () => {
    const registry = new MethodRegistry().declare('link', 'create');
    registry.implement('LINK', 'Create', () => success(true));
    assert.equal(registry.resolve('link', 'create').kind, 'implemented');
    assert.deepEqual(registry.list(), [{ name: 'link/create', implemented: true }]);
  });
  test('every method the clients use is known', () => {
    const names = defaultMethods().list().map((m) => m.name.toLowerCase());
    for (const name of ['campaign/getinfo', 'message/sendsmsmessage', 'message/getsmsstatus', 'message/list', 'link/getstats', 'taskqueue/getstatus', 'alphaname/list', 'user/getownbalance']) assert.ok(names.includes(name), name);
  });
  test('api and output', () => {
    assert.deepEqual([outputFormat(null), outputFormat(''), outputFormat('JSON'), outputFormat('xml'), outputFormat('csv')], ['json', 'json', 'json', 'xml', null]);
    assert.deepEqual([apiVersionSupported(null), apiVersionSupported('v1'), apiVersionSupported('V1'), apiVersionSupported('v2')], [true, true, true, false]);
  });
});
