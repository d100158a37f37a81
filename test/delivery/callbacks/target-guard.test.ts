import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTarget, classifyAddress, TargetRefusedError, type AddressClass } from '../../../src/delivery/callbacks/target-guard.js';

describe('callback target guard', () => {
  it('classifies addresses', () => {
    const table: [string, AddressClass][] = [
      ['93.184.216.34', 'public'],
      ['8.8.8.8', 'public'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', 'public'],
      ['172.15.255.255', 'public'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.1', 'cgnat'],
      ['100.127.255.255', 'cgnat'],
      ['100.128.0.1', 'public'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['2606:4700:4700::1111', 'public'],
      ['2001:db8::1', 'public'],
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['febf::1', 'link-local'],
      ['fc00::1', 'unique-local'],
      ['fd12:3456:789a::1', 'unique-local'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:8.8.8.8', 'public'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['64:ff9b::808:808', 'public'],
      ['not-an-ip', 'invalid'],
      ['1.2.3', 'invalid'],
    ];
    for (const [address, expected] of table) assert.equal(classifyAddress(address), expected, address);
  });

  it('refuses a host when any of its addresses is not public, unless allowed', async () => {
    const resolve = async (host: string): Promise<string[]> => ({ 'mixed.example': ['93.184.216.34', '10.0.0.7'], 'public.example': ['93.184.216.34', '2606:4700::1'] })[host] ?? [];
    assert.deepEqual(await checkTarget('public.example', { allowPrivate: false, resolve }), ['93.184.216.34', '2606:4700::1']);
    await assert.rejects(checkTarget('mixed.example', { allowPrivate: false, resolve }), (err: unknown) => err instanceof TargetRefusedError && /10\.0\.0\.7, a private address/.test(err.message));
    assert.deepEqual(await checkTarget('mixed.example', { allowPrivate: true, resolve }), ['93.184.216.34', '10.0.0.7']);
    await assert.rejects(checkTarget('127.0.0.1', { allowPrivate: false }), /loopback/);
    await assert.rejects(checkTarget('::1', { allowPrivate: false }), /loopback/);
    await assert.rejects(checkTarget('nothing.example', { allowPrivate: false, resolve }), /does not resolve/);
    // The real resolver: localhost is loopback whichever family answers.
    await assert.rejects(checkTarget('localhost', { allowPrivate: false }), /loopback/);
  });
});
