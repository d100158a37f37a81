import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeHmac, hmacMatches } from '../../src/wire/franchisemailer-signature.js';

// hash_hmac('sha1', date, secret) with the vendor document's sample secret (PHP and Node agree).
const SECRET = '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95';
const PHP_DIGESTS: [date: string, hmac: string][] = [
  ['Tue, 14 Nov 2023 22:13:20 +0000', 'f98f560e3094becec5ef1b35b06a674d54583fb5'],
  ['Sun, 23 Nov 2025 11:04:00 +0000', 'bb38124056731f890b7eec68bb608fc2e1fde6c1'],
  ['Mon, 23 Nov 2026 11:14:04 +0000', '6949560d54b8c6b2b623280b40a972854188aa10'],
];

test('computeHmac prints what PHP hash_hmac prints', () => {
  for (const [date, hmac] of PHP_DIGESTS) assert.equal(computeHmac(date, SECRET), hmac);
});

test('hmacMatches takes only the exact lower-case digest of the exact date', () => {
  for (const [date, hmac] of PHP_DIGESTS) {
    assert.equal(hmacMatches(hmac, date, SECRET), true);
    assert.equal(hmacMatches(hmac.toUpperCase(), date, SECRET), false);
    assert.equal(hmacMatches(hmac.slice(0, 39), date, SECRET), false);
    assert.equal(hmacMatches(`${hmac}0`, date, SECRET), false);
    assert.equal(hmacMatches(hmac, `${date} `, SECRET), false);
    assert.equal(hmacMatches(hmac, date, `${SECRET}x`), false);
  }
});
