import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { TrackingTokenError, signTrackingToken, verifyTrackingToken, type TrackingPayload } from '../../../src/core/tracking/tokens.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

describe('tracking tokens round trip', () => {
  const cases: [string, TrackingPayload][] = [
    ['open', { kind: 'open', messageId: 1 }],
    ['open, id 0', { kind: 'open', messageId: 0 }],
    ['open, large id', { kind: 'open', messageId: Number.MAX_SAFE_INTEGER }],
    ['click', { kind: 'click', messageId: 123456, linkIndex: 3, url: 'https://shop.example/p?id=1&utm=x#frag' }],
    ['click, index 0, unicode url', { kind: 'click', messageId: 9, linkIndex: 0, url: 'http://пример.рф/путь?q=ü' }],
    ['click without index', { kind: 'click', messageId: 9, url: 'http://a.com' }],
    ['unsubscribe with form', { kind: 'unsubscribe', messageId: 77, formId: 5 }],
    ['unsubscribe without form', { kind: 'unsubscribe', messageId: 77 }],
    ['everything', { kind: 'click', messageId: 2 ** 40, linkIndex: 300, formId: 2 ** 31, url: 'https://x.y/z' }],
  ];
  for (const [name, payload] of cases) {
    test(name, () => {
      const token = signTrackingToken(SECRET, payload);
      assert.match(token, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(verifyTrackingToken(SECRET, token), payload);
    });
  }

  test('string and Buffer secrets are the same key', () => {
    const token = signTrackingToken('s3cret', { kind: 'open', messageId: 5 });
    assert.deepEqual(verifyTrackingToken(Buffer.from('s3cret'), token), { kind: 'open', messageId: 5 });
  });

  test('tokens are short', () => {
    const open = signTrackingToken(SECRET, { kind: 'open', messageId: 123_456_789 });
    const url = 'https://shop.example/p?id=1';
    const click = signTrackingToken(SECRET, { kind: 'click', messageId: 123_456_789, linkIndex: 12, url });
    console.log(`    token lengths: open ${open.length}, click ${click.length} (url ${url.length})`);
    assert.ok(open.length <= 30);
    assert.ok(click.length <= Math.ceil(((url.length + 7 + 16) * 4) / 3));
  });

  test('deterministic', () => {
    const p: TrackingPayload = { kind: 'click', messageId: 1, linkIndex: 1, url: 'http://a.com' };
    assert.equal(signTrackingToken(SECRET, p), signTrackingToken(SECRET, p));
  });
});

describe('forged and damaged tokens are refused', () => {
  const good = signTrackingToken(SECRET, { kind: 'click', messageId: 42, linkIndex: 1, url: 'https://good.example/' });
  const flip = (token: string, at: number): string => {
    const raw = Buffer.from(token, 'base64url');
    raw[at] = raw[at]! ^ 0x01;
    return raw.toString('base64url');
  };
  const cases: [string, string][] = [
    ['other secret', signTrackingToken('other', { kind: 'click', messageId: 42, linkIndex: 1, url: 'https://good.example/' })],
    ['flipped kind byte', flip(good, 0)],
    ['flipped message id', flip(good, 1)],
    ['flipped url byte', flip(good, 6)],
    ['flipped mac byte', flip(good, Buffer.from(good, 'base64url').length - 1)],
    ['truncated', good.slice(0, -2)],
    ['extended', good + 'AA'],
    ['non-canonical base64url (stray low bits)', good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A')],
    ['padding', good + '='],
    ['standard base64 characters', good.replace(/-/g, '+').replace(/_/g, '/') + (/[-_]/.test(good) ? '' : '+')],
    ['empty', ''],
    ['garbage', 'not a token at all!!!!!!!!'],
    ['too short', 'AAAA'],
  ];
  for (const [name, token] of cases) {
    test(name, () => assert.equal(verifyTrackingToken(SECRET, token), null));
  }

  test('the destination is bound: a click token for one url cannot redirect elsewhere', () => {
    // An attacker splicing a new URL into a genuine token invalidates the MAC.
    const raw = Buffer.from(good, 'base64url');
    const body = raw.subarray(0, raw.length - 16);
    const urlStart = body.indexOf(Buffer.from('https://'));
    const forgedBody = Buffer.concat([body.subarray(0, urlStart), Buffer.from('https://evil.example/')]);
    const forged = Buffer.concat([forgedBody, raw.subarray(raw.length - 16)]).toString('base64url');
    assert.equal(verifyTrackingToken(SECRET, forged), null);
  });

  test('a correctly signed but malformed payload is still refused', () => {
    // Built by hand with the same construction, to check the parser's own guards.
    const sign = (body: Buffer): string => {
      const mac = createHmac('sha256', SECRET).update('herald-tracking-v1\u0000').update(body).digest().subarray(0, 16);
      return Buffer.concat([body, mac]).toString('base64url');
    };
    assert.deepEqual(verifyTrackingToken(SECRET, sign(Buffer.from([0x20, 0x05]))), { kind: 'open', messageId: 5 });
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.from([0x40, 0x05]))), null, 'unknown version');
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.from([0x23, 0x05]))), null, 'unknown kind');
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.from([0x21, 0x05]))), null, 'click without url');
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.from([0x20, 0x85]))), null, 'truncated varint');
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.from([0x20, 0x85, 0x00]))), null, 'non-minimal varint');
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.from([0x20, 0x05, 0x01]))), null, 'trailing bytes');
    assert.equal(verifyTrackingToken(SECRET, sign(Buffer.concat([Buffer.from([0x31, 0x05]), Buffer.from('javascript:alert(1)')]))), null, 'non-http url');
  });
});

describe('signing refuses payloads no handler could use', () => {
  const cases: [string, TrackingPayload][] = [
    ['click without url', { kind: 'click', messageId: 1 }],
    ['javascript url', { kind: 'click', messageId: 1, url: 'javascript:alert(1)' }],
    ['relative url', { kind: 'click', messageId: 1, url: '/x' }],
    ['url with a space', { kind: 'click', messageId: 1, url: 'http://a.com/x y' }],
    ['negative id', { kind: 'open', messageId: -1 }],
    ['fractional id', { kind: 'open', messageId: 1.5 }],
    ['unsafe id', { kind: 'open', messageId: 2 ** 53 }],
    ['negative link index', { kind: 'click', messageId: 1, linkIndex: -1, url: 'http://a.com' }],
    ['huge url', { kind: 'click', messageId: 1, url: `http://a.com/${'x'.repeat(9000)}` }],
  ];
  for (const [name, payload] of cases) {
    test(name, () => assert.throws(() => signTrackingToken(SECRET, payload), TrackingTokenError));
  }
});
