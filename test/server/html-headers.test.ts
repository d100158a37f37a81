import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { withFrameAncestors } from '../../src/server/html-headers.js';

describe('page policies', () => {
  it("withFrameAncestors adds frame-ancestors 'none' only where the policy has none", () => {
    assert.equal(withFrameAncestors("default-src 'none'"), "default-src 'none'; frame-ancestors 'none'");
    assert.equal(withFrameAncestors("default-src 'none'; "), "default-src 'none'; frame-ancestors 'none'");
    assert.equal(withFrameAncestors("default-src 'none'; frame-ancestors 'self'"), "default-src 'none'; frame-ancestors 'self'");
  });
});

describeOnDatabase('sqlite', 'security headers on every HTML page', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(() => server?.close());

  const pages = [
    '/session',
    '/sso/start?t=0123456789abcdef0123456789abcdef',
    '/senders/verify?token=nope',
    '/u/not-a-token',
    '/t/c/not-a-token',
    '/s/nope',
    '/docs',
    '/docs/',
  ];
  for (const path of pages) {
    it(path, async () => {
      const res = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual' });
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, `${path} is an HTML page`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|;)\s*frame-ancestors 'none'/, csp);
      assert.match(csp, /(^|;)\s*default-src '(none|self)'/, csp);
      assert.doesNotMatch(csp, /https:|upgrade-insecure-requests/, csp);
    });
  }
});
