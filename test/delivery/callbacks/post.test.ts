import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postCallback } from '../../../src/delivery/callbacks/post.js';
import { startReceiver } from './receiver.js';

const request = { headers: { 'content-type': 'application/json' }, body: '{"event":"sent"}' };

describe('posting a callback', () => {
  it('connects to exactly the addresses it checked, asking DNS nothing more (no rebinding between check and connect)', async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      const lookups: string[] = [];
      // `.invalid` never resolves (RFC 6761): reaching the receiver proves the socket used the checked answer.
      const resolve = async (host: string): Promise<string[]> => {
        lookups.push(host);
        return ['127.0.0.1'];
      };
      const posted = await postCallback(`http://hooks.rebind.invalid:${port}/hook`, request, { allowPrivate: true, timeoutMs: 5_000, resolve });
      assert.deepEqual(posted, { ok: true, statusCode: 200 });
      assert.deepEqual(lookups, ['hooks.rebind.invalid']);
      assert.equal(receiver.posts.length, 1);
    } finally {
      await receiver.close();
    }
  });

  it('refuses, without connecting, a name or literal that leads to a non-public address, IPv4 embedded in IPv6 included', async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      const resolve = async (): Promise<string[]> => ['::ffff:0:7f00:1'];
      const targets = [`http://hooks.rebind.invalid:${port}/hook`, `http://[::ffff:0:127.0.0.1]:${port}/hook`, `http://[64:ff9b::7f00:1]:${port}/hook`, `http://[2002:7f00:1::]:${port}/hook`, `http://198.18.0.1:${port}/hook`];
      for (const target of targets) {
        const posted = await postCallback(target, request, { allowPrivate: false, timeoutMs: 2_000, resolve });
        assert.equal(posted.ok, false, target);
        assert.match(posted.ok ? '' : posted.error, /a (loopback|reserved) address; callbacks may only go to public addresses/, target);
      }
      assert.equal(receiver.posts.length, 0);
    } finally {
      await receiver.close();
    }
  });
});
