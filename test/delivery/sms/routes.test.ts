import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { parseSmppRoutes, RouteTable, SmppRouteError, type SmppRoute } from '../../../src/delivery/sms/routes.js';

describe('HERALD_SMPP_ROUTES parsing', () => {
  it('reads a route with every option', () => {
    const [route] = parseSmppRoutes('smpp://herald:s%40cret@smsc.example.com:2776?prefixes=7,+380&system_type=VMA&window=50&bind=transmitter+receiver&name=kz');
    assert.deepEqual(route, {
      name: 'kz',
      host: 'smsc.example.com',
      port: 2776,
      systemId: 'herald',
      password: 's@cret',
      systemType: 'VMA',
      window: 50,
      bind: 'transmitter+receiver',
      prefixes: ['7', '380'],
    } satisfies SmppRoute);
  });

  it('fills defaults: port 2775, window 100, transceiver, name from system_id@host:port, no prefixes', () => {
    const [route] = parseSmppRoutes(' smpp://esme:pw@10.0.0.5 ');
    assert.deepEqual(route, { name: 'esme@10.0.0.5:2775', host: '10.0.0.5', port: 2775, systemId: 'esme', password: 'pw', systemType: '', window: 100, bind: 'transceiver', prefixes: [] });
  });

  it('splits routes on commas only where a new URL starts (prefix lists keep theirs)', () => {
    const routes = parseSmppRoutes('smpp://a:p@h1:1?prefixes=7,77,380, smpp://b:p@h2:2?prefixes=44,smpp://c:p@h3:3');
    assert.deepEqual(routes.map((r) => [r.name, r.prefixes]), [['a@h1:1', ['7', '77', '380']], ['b@h2:2', ['44']], ['c@h3:3', []]]);
  });

  it('is empty when unset or blank', () => {
    assert.deepEqual(parseSmppRoutes(undefined), []);
    assert.deepEqual(parseSmppRoutes('  '), []);
  });

  const bad: Array<[string, RegExp]> = [
    ['not a url', /is not a URL/],
    ['http://a:p@h:1', /must start with smpp:\/\//],
    ['smpp://h:2775', /has no system_id/],
    ['smpp://a:p@h:1/x', /has a path/],
    ['smpp://a:p@h:1?prefix=7', /unknown option "prefix"/],
    ['smpp://a:p@h:1?prefixes=07', /prefix "07" is not a dialling prefix/],
    ['smpp://a:p@h:1?prefixes=7x', /prefix "7x"/],
    ['smpp://a:p@h:1?window=0', /window must be a whole number from 1 to 10000/],
    ['smpp://a:p@h:1?window=1.5', /window/],
    ['smpp://a:p@h:1?bind=receiver', /bind must be transceiver or transmitter\+receiver/],
    ['smpp://a:p@h:1,smpp://b:p@h:2', /only one route may be the default/],
    ['smpp://a:p@h:1?prefixes=7,smpp://b:p@h:2?prefixes=380,7', /prefix 7 is on both "a@h:1" and "b@h:2"/],
    ['smpp://a:p@h:1?name=x&prefixes=1,smpp://b:p@h:2?name=x', /two routes are named "x"/],
  ];
  for (const [raw, message] of bad) {
    it(`refuses ${raw}`, () => {
      assert.throws(() => parseSmppRoutes(raw), (e: unknown) => e instanceof SmppRouteError && message.test(e.message));
    });
  }

  it('never repeats a password in its errors', () => {
    assert.throws(() => parseSmppRoutes('smpp://a:topsecret@h:1?window=x'), (e: unknown) => e instanceof Error && !e.message.includes('topsecret') && e.message.includes('a:***@h'));
  });

  it('is wired into the config as sms.routes, errors as ConfigError naming the variable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-routes-'));
    const config = loadConfig({ HERALD_DATA_DIR: dir, HERALD_SMPP_ROUTES: 'smpp://a:p@127.0.0.1:2775?prefixes=7' });
    assert.deepEqual(config.sms.routes.map((r) => r.prefixes), [['7']]);
    assert.deepEqual(loadConfig({ HERALD_DATA_DIR: dir }).sms.routes, []);
    assert.throws(() => loadConfig({ HERALD_DATA_DIR: dir, HERALD_SMPP_ROUTES: 'smtp://a:p@h' }), (e: unknown) => e instanceof ConfigError && /^HERALD_SMPP_ROUTES: .*smpp:\/\//.test(e.message));
  });
});

describe('choosing a route by destination prefix', () => {
  const routes = parseSmppRoutes('smpp://a:p@h:1?name=A&prefixes=7,smpp://b:p@h:2?name=B&prefixes=380,smpp://c:p@h:3?name=C&prefixes=77,smpp://d:p@h:4?name=default');
  const table = new RouteTable(routes);
  const cases: Array<[string, string | null]> = [
    ['+79161234567', 'A'], // Russia: +7 (not 77)
    ['+77011234567', 'C'], // Kazakhstan mobile: the longer prefix 77 wins
    ['+380501234567', 'B'],
    ['380501234567', 'B'], // without +
    ['+38 050 123 45 67', 'B'], // spaces ignored
    ['+447700900123', 'default'],
    ['+1', 'default'],
  ];
  for (const [destination, name] of cases) {
    it(`${destination} → ${name}`, () => assert.equal(table.choose(destination)?.name ?? null, name));
  }

  it('has nowhere to send an unmatched number when no default route exists', () => {
    const noDefault = new RouteTable(parseSmppRoutes('smpp://a:p@h:1?prefixes=7'));
    assert.equal(noDefault.choose('+447700900123'), null);
    assert.equal(noDefault.choose('+79161234567')?.systemId, 'a');
    assert.equal(new RouteTable([]).choose('+79161234567'), null);
  });
});
