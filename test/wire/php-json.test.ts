import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PhpArray, PhpFloat, PhpInt, PhpJsonError, formatFloat, phpJsonDecode, phpJsonEncode, phpJsonReencode } from '../../src/wire/php-json.js';

describe('phpJsonEncode (PHP 8 json_encode, default flags)', () => {
  test('docs/protocols/sendexpert.md §Test vectors', () => {
    assert.equal(phpJsonEncode({ time_start: 1506459600, time_end: 1506546000 }), '{"time_start":1506459600,"time_end":1506546000}');
    assert.equal(
      phpJsonEncode({ email: 'ivan@example.com', subject: 'Привет / тест', url: 'https://ex.com/a?b=1&c=<2>', quote: 'it\'s "q"' }),
      '{"email":"ivan@example.com","subject":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\/ \\u0442\\u0435\\u0441\\u0442","url":"https:\\/\\/ex.com\\/a?b=1&c=<2>","quote":"it\'s \\"q\\""}',
    );
    assert.equal(
      phpJsonEncode({ smile: '😀', price: 10.0, ratio: 0.1, n: null, b: true, list: [], map: { a: 1 } }),
      '{"smile":"\\ud83d\\ude00","price":10,"ratio":0.1,"n":null,"b":true,"list":[],"map":{"a":1}}',
    );
    assert.equal(phpJsonEncode({ id: '007', amount: '12.50' }), '{"id":"007","amount":"12.50"}');
  });

  test('string escapes', () => {
    assert.equal(phpJsonEncode('a/b\\c"d'), '"a\\/b\\\\c\\"d"');
    assert.equal(phpJsonEncode('\b\f\n\r\t'), '"\\b\\f\\n\\r\\t"');
    assert.equal(phpJsonEncode('\u0000\u001f\u000b'), '"\\u0000\\u001f\\u000b"');
    assert.equal(phpJsonEncode('\u007f'), '"\u007f"');
    assert.equal(phpJsonEncode("<>&'"), '"<>&\'"');
    assert.equal(phpJsonEncode('é€\uFFFF'), '"\\u00e9\\u20ac\\uffff"');
    assert.equal(phpJsonEncode(''), '""');
  });

  test('lone surrogates, NaN and Infinity fail as json_encode returns false', () => {
    assert.throws(() => phpJsonEncode('\ud83d'), PhpJsonError);
    assert.throws(() => phpJsonEncode('x\ude00'), PhpJsonError);
    assert.throws(() => phpJsonEncode(NaN), PhpJsonError);
    assert.throws(() => phpJsonEncode(Infinity), PhpJsonError);
  });

  test('floats like serialize_precision=-1', () => {
    const cases: [number, string][] = [
      [10.0, '10'],
      [0.1, '0.1'],
      [-0, '-0'],
      [1e21, '1.0e+21'],
      [1.5e300, '1.5e+300'],
      [0.0001, '0.0001'],
      [0.00001, '1.0e-5'],
      [1.5e-7, '1.5e-7'],
      [123.456, '123.456'],
      [-2.5, '-2.5'],
      [1e16, '10000000000000000'],
      [0.30000000000000004, '0.30000000000000004'],
      [5e-324, '5.0e-324'],
    ];
    for (const [value, text] of cases) assert.equal(formatFloat(value), text, String(value));
    assert.equal(phpJsonEncode(new PhpFloat(1e17)), '1.0e+17');
    assert.equal(phpJsonEncode(1e17), '100000000000000000', 'an integral JS number in int64 range is taken for a PHP int');
    assert.equal(phpJsonEncode(2 ** 64), '1.8446744073709552e+19', 'beyond int64 it can only have been a float');
    assert.equal(phpJsonEncode(9007199254740993n), '9007199254740993');
  });

  test('arrays and objects follow PHP list vs map semantics', () => {
    assert.equal(phpJsonEncode([]), '[]');
    assert.equal(phpJsonEncode({}), '[]', 'PHP has no empty object: {} decodes to array() which encodes as []');
    assert.equal(phpJsonEncode({ 0: 'a', 1: 'b' }), '["a","b"]');
    assert.equal(phpJsonEncode({ 1: 'x' }), '{"1":"x"}');
    assert.equal(phpJsonEncode({ '01': 'x', '-0': 'y' }), '{"01":"x","-0":"y"}');
    assert.equal(phpJsonEncode([1, [2, { a: [] }], undefined]), '[1,[2,{"a":[]}],null]');
    assert.equal(phpJsonEncode({ a: undefined, b: 1 }), '{"b":1}');
    assert.equal(phpJsonEncode(new Map<string | number, unknown>([[1, 'x'], [0, 'y']])), '{"1":"x","0":"y"}');
    assert.equal(phpJsonEncode(new Date(Date.UTC(2024, 0, 2))), '"2024-01-02T00:00:00.000Z"');
    assert.equal(phpJsonEncode(new PhpArray().set('2', 'a').set(0n, 'b')), '{"2":"a","0":"b"}');
  });

  test('depth limit 512 like json_encode', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 512; i++) deep = [deep];
    assert.equal(phpJsonEncode(deep).length, 512 * 2 + 1);
    assert.throws(() => phpJsonEncode([deep]), PhpJsonError);
  });
});

describe('phpJsonReencode (json_encode(json_decode($text, true)))', () => {
  const cases: [string, string][] = [
    ['{ "time_start": 1506459600, "time_end": 1506546000 }', '{"time_start":1506459600,"time_end":1506546000}'],
    ['{"subject":"Привет / тест"}', '{"subject":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\/ \\u0442\\u0435\\u0441\\u0442"}'],
    ['{"a":"\\u00E9\\/"}', '{"a":"\\u00e9\\/"}'],
    ['{"price":10.0,"big":1e21,"f":1.0E+17,"i":100000000000000000}', '{"price":10,"big":1.0e+21,"f":1.0e+17,"i":100000000000000000}'],
    ['{"neg":-0,"negf":-0.0}', '{"neg":0,"negf":-0}'],
    ['[9223372036854775807,-9223372036854775808,9223372036854775808]', '[9223372036854775807,-9223372036854775808,9.223372036854776e+18]'],
    ['{}', '[]'],
    ['{"0":"a","1":"b"}', '["a","b"]'],
    ['{"1":"x","0":"y"}', '{"1":"x","0":"y"}'],
    ['{"b":1,"0":2}', '{"b":1,"0":2}'],
    ['{"a":1,"b":2,"a":3}', '{"a":3,"b":2}'],
    ['{"s":"\\ud83d\\ude00 😀"}', '{"s":"\\ud83d\\ude00 \\ud83d\\ude00"}'],
    ['"x"', '"x"'],
    [' null ', 'null'],
  ];
  for (const [input, output] of cases) {
    test(`${input} → ${output}`, () => assert.equal(phpJsonReencode(input), output));
  }

  test('rejects what json_decode rejects', () => {
    for (const bad of ['', '{', '{"a":1,}', '[1,]', "{'a':1}", '"\\ud800"', '"\\udc00x"', '01', '"\t"', '{"a" 1}', 'nul', '[1] x']) {
      assert.throws(() => phpJsonDecode(bad), PhpJsonError, bad);
    }
  });

  test('decoded values carry PHP types', () => {
    const v = phpJsonDecode('{"i":1,"f":1.5,"s":"1"}');
    assert.ok(v instanceof PhpArray);
    assert.deepEqual(v.entries.get('i'), new PhpInt(1n));
    assert.deepEqual(v.entries.get('f'), new PhpFloat(1.5));
    assert.equal(v.entries.get('s'), '1');
  });
});
