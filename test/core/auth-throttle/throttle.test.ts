import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, AuthThrottle, credentialKey, type AuthAttempt } from '../../../src/core/auth-throttle/throttle.js';

function throttleAt(policy = { windowMs: 10_000, maxPerIp: 5, maxPerCredential: 3 }) {
  let now = 1_000_000;
  const throttle = new AuthThrottle(policy, () => now);
  return { throttle, advance: (ms: number) => (now += ms) };
}

const attempt = (ip: string, credential: string | null, face = 'smartfocus'): AuthAttempt => ({ face, ip, credential });

test('addressKey: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 per /64', () => {
  const cases: [string, string][] = [
    ['203.0.113.7', 'ip:203.0.113.7'],
    ['::ffff:203.0.113.7', 'ip:203.0.113.7'],
    ['2001:db8:1:2::1', 'ip6:20010db800010002/64'],
    ['2001:db8:1:2:ffff::9', 'ip6:20010db800010002/64'],
    ['2001:db8:1:3::1', 'ip6:20010db800010003/64'],
    ['not an address', 'ip:not an address'],
  ];
  for (const [ip, key] of cases) assert.equal(addressKey(ip), key, ip);
});

test('a credential is refused after its ceiling, from any address, with the time left', () => {
  const { throttle, advance } = throttleAt();
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.check(attempt(`10.0.0.${i}`, 'alice')), null);
    throttle.recordFailure(attempt(`10.0.0.${i}`, 'alice'));
  }
  advance(2500);
  assert.deepEqual(throttle.check(attempt('10.9.9.9', 'alice')), { retryAfterSeconds: 8 });
  assert.equal(throttle.check(attempt('10.9.9.9', 'bob')), null, 'another login');
  assert.equal(throttle.check(attempt('10.9.9.9', 'alice', 'franchisemailer')), null, 'the same identifier on another face');
  advance(7500);
  assert.equal(throttle.check(attempt('10.9.9.9', 'alice')), null, 'the window has passed');
});

test('an address is refused after its ceiling whatever the credential; its /64 neighbours too', () => {
  const { throttle } = throttleAt();
  for (let i = 0; i < 5; i++) throttle.recordFailure(attempt(`2001:db8::${i + 1}`, `user${i}`));
  assert.notEqual(throttle.check(attempt('2001:db8::99', 'someone-else')), null);
  assert.notEqual(throttle.check(attempt('2001:db8::99', null)), null);
  assert.equal(throttle.check(attempt('2001:db8:0:1::1', null)), null, 'another /64');
  assert.equal(throttle.check(attempt('192.0.2.1', 'user0')), null, 'another address, a credential under its ceiling');
});

test('credentialKey: per face; an identifier longer than 64 characters is kept as its digest', () => {
  assert.equal(credentialKey('smartfocus', 'acme_x1'), 'cred:smartfocus:acme_x1');
  assert.notEqual(credentialKey('smartfocus', 'acme_x1'), credentialKey('franchisemailer', 'acme_x1'));
  const long = credentialKey('franchisemailer', 'a'.repeat(10_000));
  assert.match(long, /^cred:franchisemailer:sha256:[0-9a-f]{64}$/);
  assert.notEqual(long, credentialKey('franchisemailer', `${'a'.repeat(9_999)}b`));
});
