import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTarget, classifyAddress, TargetRefusedError, type AddressClass } from '../../../src/core/callbacks/target-guard.js';

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
      ['2a00:1450:4001:81c::200e', 'public'],
      ['2001:db8::1', 'reserved'],
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
      // Special-purpose IPv4 ranges a simple private/loopback list misses.
      ['198.18.0.1', 'reserved'],
      ['198.19.255.255', 'reserved'],
      ['198.20.0.1', 'public'],
      ['192.88.99.1', 'reserved'],
      ['192.0.2.10', 'reserved'],
      ['192.0.0.170', 'reserved'],
      ['203.0.113.5', 'reserved'],
      ['10.255.255.255', 'private'],
      ['192.169.0.1', 'public'],
      ['1.1.1.1', 'public'],
      // IPv6 forms that carry an IPv4 address are judged by it.
      ['::ffff:0:127.0.0.1', 'loopback'],
      ['::ffff:0:7f00:1', 'loopback'],
      ['::ffff:0:808:808', 'public'],
      ['64:ff9b:1::a00:1', 'private'],
      ['64:ff9b:1::808:808', 'public'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['2002:7f00:1::', 'loopback'],
      ['2002:a9fe:a9fe::1', 'link-local'],
      ['2002:808:808::1', 'public'],
      // Teredo: server 65.54.227.120, client 192.0.2.45 inverted (reserved), then a public client.
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
      ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'public'],
      ['2001:0:7f00:1:8000:63bf:f7f7:f7f7', 'loopback'],
      // IPv4-compatible (deprecated) and other non-global IPv6.
      ['::7f00:1', 'reserved'],
      // A dotted tail is read as the IPv4 address whatever the prefix, and judged as such.
      ['::127.0.0.1', 'loopback'],
      ['fec0::1', 'private'],
      ['100::1', 'reserved'],
      ['2001:2::1', 'reserved'],
      ['3fff::1', 'reserved'],
      ['not-an-ip', 'invalid'],
      ['127.1', 'invalid'],
      ['0x7f.0.0.1', 'invalid'],
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
    await assert.rejects(checkTarget('::ffff:0:127.0.0.1', { allowPrivate: false }), /loopback/);
    await assert.rejects(checkTarget('198.18.0.1', { allowPrivate: false }), /reserved/);
    assert.deepEqual(await checkTarget('2002:7f00:1::', { allowPrivate: true }), ['2002:7f00:1::']);
    await assert.rejects(checkTarget('nothing.example', { allowPrivate: false, resolve }), /does not resolve/);
    // The real resolver: localhost is loopback whichever family answers.
    await assert.rejects(checkTarget('localhost', { allowPrivate: false }), /loopback/);
  });
});
