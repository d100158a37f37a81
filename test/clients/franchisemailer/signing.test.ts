import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeaders, gmdateR, httpBuildQuery, phpUrlencode, signRequestDate } from '../../../src/clients/franchisemailer/index.js';

// docs/protocols/franchisemailer.md §Test vectors: the document's sample keys and the vectors PHP's hash_hmac produced.
const ACCESS = 'b6b581087d3a65b71f119e4db6efa6b7';
const SECRET = '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95';
const VECTORS: [Date, string, string][] = [
  [new Date(1700000000 * 1000), 'Tue, 14 Nov 2023 22:13:20 +0000', 'f98f560e3094becec5ef1b35b06a674d54583fb5'],
  [new Date(Date.UTC(2025, 10, 23, 11, 4, 0)), 'Sun, 23 Nov 2025 11:04:00 +0000', 'bb38124056731f890b7eec68bb608fc2e1fde6c1'],
  [new Date(Date.UTC(2026, 10, 23, 11, 14, 4)), 'Mon, 23 Nov 2026 11:14:04 +0000', '6949560d54b8c6b2b623280b40a972854188aa10'],
];

test('requestdate is PHP gmdate(r): RFC 2822, GMT as +0000, day zero-padded', () => {
  for (const [date, text] of VECTORS) assert.equal(gmdateR(date), text);
  assert.equal(gmdateR(new Date(Date.UTC(2024, 0, 3))), 'Wed, 03 Jan 2024 00:00:00 +0000');
});

test('hmac is hash_hmac(sha1, requestdate, secret) in lower-case hex (the §3.1 vectors)', () => {
  for (const [, text, hmac] of VECTORS) assert.equal(signRequestDate(text, SECRET), hmac);
});

test('authHeaders signs the very requestdate it sends', () => {
  for (const [date, text, hmac] of VECTORS) {
    assert.deepEqual(authHeaders({ accessKey: ACCESS, secretKey: SECRET }, date), { accesskey: ACCESS, requestdate: text, hmac });
  }
});

test('form bodies are PHP http_build_query (the §3.1 vector)', () => {
  assert.equal(
    httpBuildQuery({ name: 'Worthing & Co', email: 'a+b@x.com', tags: ['x', 'y'], opt: { k: 'v w' } }),
    'name=Worthing+%26+Co&email=a%2Bb%40x.com&tags%5B0%5D=x&tags%5B1%5D=y&opt%5Bk%5D=v+w',
  );
});

test('http_build_query: UTF-8 custom field, nulls skipped, PHP urlencode specials', () => {
  assert.equal(httpBuildQuery({ custom_fields: { 1: '£30,000' } }), 'custom_fields%5B1%5D=%C2%A330%2C000');
  assert.equal(httpBuildQuery({ a: null, b: undefined, c: '', d: [] }), 'c=');
  assert.equal(phpUrlencode("~!*'() a-b_c.d"), '%7E%21%2A%27%28%29+a-b_c.d');
  assert.equal(httpBuildQuery({ 'we(ird)~': 'x' }), 'we%28ird%29%7E=x');
});
