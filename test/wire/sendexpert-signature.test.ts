import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { callbackChecksum, findTopLevelMember, requestSign, verifyRequestSign } from '../../src/wire/sendexpert-signature.js';
import { phpJsonEncode } from '../../src/wire/php-json.js';
import { KEY, VECTORS } from '../support/sendexpert-vectors.js';


describe('SendExpert sign and checksum (§4.4 vectors)', () => {
  VECTORS.forEach((v, i) => {
    test(`row ${i + 1}`, () => {
      assert.equal(phpJsonEncode(v.data), v.json);
      assert.equal(requestSign(KEY, v.json), v.sign);
      assert.equal(callbackChecksum(KEY, v.json), v.checksum);
      // The body a PHP client sends: json_encode of the whole request, data nested verbatim.
      const body = `{"user_id":"1","action":"x","data":${v.json},"sign":"${v.sign}"}`;
      assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: body, data: JSON.parse(body).data, sign: v.sign }), { ok: true, matched: 'raw-data' });
      assert.deepEqual(verifyRequestSign({ key: KEY, request: v.json, sign: v.sign }), { ok: true, matched: 'request' });
    });
  });
});

describe('verifyRequestSign', () => {
  const row1Body = '{"user_id":"1","action":"getStatByDate","data":{"time_start":1506459600,"time_end":1506546000},"sign":"c7694221a402f5f014215ef85033c821"}';
  const sign = 'c7694221a402f5f014215ef85033c821';

  test('full body of row 1, as a string and as bytes, sign in any hex case', () => {
    const parsed = JSON.parse(row1Body) as { data: unknown; sign: string };
    assert.equal(verifyRequestSign({ key: KEY, rawBody: row1Body, data: parsed.data, sign: parsed.sign }).ok, true);
    assert.equal(verifyRequestSign({ key: KEY, rawBody: Buffer.from(row1Body), sign: sign.toUpperCase() }).ok, true);
  });

  test('raw bytes of a pretty-printed data value are what was signed', () => {
    const dataText = '{\n    "time_start": 1506459600,\n    "time_end": 1506546000 }';
    const body = `{\n  "user_id": "1",\n  "action": "getStatByDate",\n  "data": ${dataText},\n  "sign": "${requestSign(KEY, dataText)}"\n}`;
    const parsed = JSON.parse(body) as { data: unknown; sign: string };
    assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: body, data: parsed.data, sign: parsed.sign }), { ok: true, matched: 'raw-data' });
  });

  test('falls back to PHP re-encoding when the body was encoded differently from the signed text', () => {
    // e.g. a client signing json_encode($data) but sending the body with JSON_UNESCAPED_UNICODE|SLASHES and spaces
    const body = '{"user_id":"1","action":"sendMail","data": {"subject": "Привет / тест", "price": 10.0}, "sign":"' + requestSign(KEY, '{"subject":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\/ \\u0442\\u0435\\u0441\\u0442","price":10}') + '"}';
    const parsed = JSON.parse(body) as { data: unknown; sign: string };
    assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: body, data: parsed.data, sign: parsed.sign }), { ok: true, matched: 'php-reencoded' });
  });

  test('falls back to encoding the decoded data when the raw member cannot be found', () => {
    assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: 'not json', data: { time_start: 1506459600, time_end: 1506546000 }, sign }), { ok: true, matched: 'php-encoded' });
    assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: '{"user_id":"1"}', sign }), { ok: false, reason: 'no-data' });
  });

  test('form variant: the request string is the signed text, re-encoding as fallback', () => {
    const request = '{ "time_start": 1506459600, "time_end": 1506546000 }';
    assert.deepEqual(verifyRequestSign({ key: KEY, request, sign: requestSign(KEY, request) }), { ok: true, matched: 'request' });
    assert.deepEqual(verifyRequestSign({ key: KEY, request, sign }), { ok: true, matched: 'php-reencoded' });
    assert.deepEqual(verifyRequestSign({ key: KEY, request: request.replace('1506546000', '1506546001'), sign }), { ok: false, reason: 'mismatch' });
  });

  test('tampered bodies, wrong keys and malformed signs fail', () => {
    const tampered = row1Body.replace('1506546000', '1506546001');
    assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: tampered, data: JSON.parse(tampered).data, sign }), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifyRequestSign({ key: KEY + 'x', rawBody: row1Body, sign }), { ok: false, reason: 'mismatch' });
    for (const bad of [undefined, 42, '', 'xyz', sign.slice(1), sign + '0', 'g'.repeat(32)]) {
      assert.deepEqual(verifyRequestSign({ key: KEY, rawBody: row1Body, sign: bad }), { ok: false, reason: 'malformed-sign' });
    }
  });
});

describe('findTopLevelMember', () => {
  const span = (json: string, name = 'data'): string | null => {
    const bytes = Buffer.from(json);
    const s = findTopLevelMember(bytes, name);
    return s === null ? null : bytes.subarray(s.start, s.end).toString();
  };

  test('finds values of every kind, skipping nested and string look-alikes', () => {
    assert.equal(span('{"data":[]}'), '[]');
    assert.equal(span('{"x":{"data":1},"data" :  "a\\"}{,data" }'), '"a\\"}{,data"');
    assert.equal(span('{"a":"\\\\","data":-1.5e3}'), '-1.5e3');
    assert.equal(span('{"a":["]",{"data":2}],"data":null}'), 'null');
    assert.equal(span('{"data":{"k":"Привет 😀"},"z":true}'), '{"k":"Привет 😀"}');
    assert.equal(span('{"d\\u0061ta":true}'), 'true');
    assert.equal(span('{"data":1,"data":2}'), '2', 'the last one wins, as with JSON.parse and PHP');
    assert.equal(span('{"other":1}'), null);
  });

  test('malformed texts give null', () => {
    for (const bad of ['', '[]', '{', '{"data":', '{"data":1', '{"data":"x}', '{"data" 1}', '{"data":1}x', '{"data":}', '{"data":1,}']) {
      assert.equal(span(bad), null, bad);
    }
  });
});
