import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gmdateR, hashHmacSha1, httpBuildQuery, phpUrlencode } from '../../support/php-api-call.js';
import { ipAllowed, normaliseIp, parseRequestDate, requestDateFresh } from '../../../src/faces/franchisemailer/auth.js';
import { parseFmForm } from '../../../src/faces/franchisemailer/params.js';

// Vectors from docs/protocols/franchisemailer.md §Test vectors (PHP hash_hmac and Node crypto agree).
const SECRET = '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95';
const VECTORS: [string, string][] = [
  ['Tue, 14 Nov 2023 22:13:20 +0000', 'f98f560e3094becec5ef1b35b06a674d54583fb5'],
  ['Sun, 23 Nov 2025 11:04:00 +0000', 'bb38124056731f890b7eec68bb608fc2e1fde6c1'],
  ['Mon, 23 Nov 2026 11:14:04 +0000', '6949560d54b8c6b2b623280b40a972854188aa10'],
];

test('http_build_query matches the PHP vector', () => {
  const built = httpBuildQuery({ name: 'Worthing & Co', email: 'a+b@x.com', tags: ['x', 'y'], opt: { k: 'v w' } });
  assert.equal(built, 'name=Worthing+%26+Co&email=a%2Bb%40x.com&tags%5B0%5D=x&tags%5B1%5D=y&opt%5Bk%5D=v+w');
});

test('http_build_query: £ custom field, nulls skipped, booleans 1/0, urlencode specials', () => {
  assert.equal(httpBuildQuery({ custom_fields: { 1: '£30,000' } }), 'custom_fields%5B1%5D=%C2%A330%2C000');
  assert.equal(httpBuildQuery({ a: null, b: true, c: false, d: [] }), 'b=1&c=0');
  assert.equal(phpUrlencode("~!*'()"), '%7E%21%2A%27%28%29');
  assert.equal(phpUrlencode('a-b_c.d'), 'a-b_c.d');
});

test('gmdate(r) is zero-padded RFC 2822 in GMT', () => {
  assert.equal(gmdateR(new Date(1700000000 * 1000)), 'Tue, 14 Nov 2023 22:13:20 +0000');
  assert.equal(gmdateR(new Date(Date.UTC(2024, 0, 3))), 'Wed, 03 Jan 2024 00:00:00 +0000');
});

test('HMAC vectors: the test client agrees with PHP', () => {
  for (const [date, hmac] of VECTORS) {
    assert.equal(hashHmacSha1(date, SECRET), hmac);
  }
});

test('requestdate parsing is strict RFC 2822', () => {
  assert.equal(parseRequestDate('Tue, 14 Nov 2023 22:13:20 +0000'), 1700000000 * 1000);
  assert.equal(parseRequestDate('14 Nov 2023 22:13:20 GMT'), 1700000000 * 1000);
  assert.equal(parseRequestDate('Tue, 14 Nov 2023 23:13:20 +0100'), 1700000000 * 1000);
  assert.equal(parseRequestDate('Wed, 14 Nov 2023 22:13:20 +0000'), null, 'wrong weekday');
  assert.equal(parseRequestDate('Thu, 31 Feb 2024 00:00:00 +0000'), null, 'impossible date');
  assert.equal(parseRequestDate('2023-11-14T22:13:20Z'), null);
  assert.equal(parseRequestDate(''), null);
  assert.equal(parseRequestDate('Tue, 14 Nov 2023 25:13:20 +0000'), null);
});

test('request date must be within ±5 minutes, edges included', () => {
  const t = 1700000000 * 1000;
  const edge = 5 * 60 * 1000;
  for (const [now, fresh] of [[t + edge, true], [t - edge, true], [t + edge + 1, false], [t - edge - 1, false]] as const) {
    assert.equal(requestDateFresh(t, now), fresh, `${now - t} ms`);
  }
});

test('IP allow-list: addresses, CIDR, IPv6, IPv4-mapped peers, junk entries ignored', () => {
  assert.equal(normaliseIp('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(ipAllowed('::ffff:127.0.0.1', ['127.0.0.1']), true);
  assert.equal(ipAllowed('127.0.0.1', ['::ffff:127.0.0.1']), true);
  assert.equal(ipAllowed('10.1.2.3', ['10.0.0.0/8']), true);
  assert.equal(ipAllowed('11.1.2.3', ['10.0.0.0/8']), false);
  assert.equal(ipAllowed('::1', ['127.0.0.1', '::1']), true);
  assert.equal(ipAllowed('2001:db8::42', ['2001:db8::/32']), true);
  assert.equal(ipAllowed('2001:db9::42', ['2001:db8::/32']), false);
  assert.equal(ipAllowed('127.0.0.1', ['nonsense', '10.0.0.0/99', '']), false);
  assert.equal(ipAllowed('127.0.0.1', []), false);
  assert.equal(ipAllowed('not-an-ip', ['0.0.0.0/0']), false);
});

test('form parsing keeps custom field ids as keys, last duplicate wins like parse_str', () => {
  assert.deepEqual(parseFmForm('custom_fields%5B1%5D=%C2%A330%2C000&custom_fields%5B7%5D=x'), { custom_fields: { '1': '£30,000', '7': 'x' } });
  assert.deepEqual(parseFmForm('name=Worthing+%26+Co&name=B'), { name: 'B' });
});
