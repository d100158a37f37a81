import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'herald-config-'));

test('defaults: 127.0.0.1:8080, SQLite, generated secret key kept in the data dir', () => {
  const dir = dataDir();
  const a = loadConfig({ HERALD_DATA_DIR: dir });
  assert.equal(a.host, '127.0.0.1');
  assert.equal(a.port, 8080);
  assert.equal(a.databaseUrl, null);
  assert.equal(a.tls, null);
  assert.equal(a.secretKey.length, 32);
  assert.deepEqual(loadConfig({ HERALD_DATA_DIR: dir }).secretKey, a.secretKey);
});

test('bad values are refused with a message naming the variable', () => {
  const dir = dataDir();
  const cases: Record<string, string>[] = [
    { HERALD_PORT: 'eighty' },
    { HERALD_PORT: '70000' },
    { DATABASE_URL: 'mysql://x' },
    { HERALD_PUBLIC_URL: 'ftp://x' },
    { HERALD_TLS_CERT: '/nope.pem' },
    { HERALD_SECRET_KEY: 'short' },
    { HERALD_LOG_LEVEL: 'loud' },
    { HERALD_TRUST_PROXY: 'proxy.local' },
    { HERALD_TRUST_PROXY: '10.0.0.0/33' },
    { HERALD_TRUST_PROXY: '127.0.0.1,' },
    { HERALD_REQUEST_TIMEOUT_SECONDS: '0' },
    { HERALD_MAX_CONNECTIONS: 'many' },
    { HERALD_SESSION_IDLE_MINUTES: '-5' },
    { HERALD_IMPORT_RETENTION_DAYS: '0' },
    { HERALD_UPLOAD_QUOTA: 'lots' },
  ];
  for (const env of cases) {
    const name = Object.keys(env)[0]!;
    assert.throws(() => loadConfig({ HERALD_DATA_DIR: dir, ...env }), (e: unknown) => e instanceof ConfigError && e.message.includes(name), name);
  }
});

test('import retention and upload quota: defaults, then as set', () => {
  assert.deepEqual(loadConfig({ HERALD_DATA_DIR: dataDir() }).importStorage, { retentionDays: 30, uploadQuotaBytes: 1024 ** 3 });
  const c = loadConfig({ HERALD_DATA_DIR: dataDir(), HERALD_IMPORT_RETENTION_DAYS: '7', HERALD_UPLOAD_QUOTA: '512m' });
  assert.deepEqual(c.importStorage, { retentionDays: 7, uploadQuotaBytes: 512 * 1024 ** 2 });
});

test('postgres URL, TLS port and body limit are read', () => {
  const c = loadConfig({ HERALD_DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u@h:5432/db', HERALD_BODY_LIMIT: '2m', HERALD_SECRET_KEY: 'ab'.repeat(32) });
  assert.equal(c.databaseUrl, 'postgres://u@h:5432/db');
  assert.equal(c.bodyLimit, 2 * 1024 * 1024);
  assert.equal(c.secretKey.toString('hex'), 'ab'.repeat(32));
});

test('HTTP limits, trusted proxies and session expiry: defaults and values read', () => {
  const d = loadConfig({ HERALD_DATA_DIR: dataDir() });
  assert.deepEqual(d.http, { requestTimeoutMs: 30_000, uploadTimeoutMs: 1_800_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 60_000, maxConnections: 1000 });
  assert.deepEqual(d.trustProxy, []);
  assert.deepEqual(d.sessions, { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
  const c = loadConfig({
    HERALD_DATA_DIR: dataDir(),
    HERALD_REQUEST_TIMEOUT_SECONDS: '20',
    HERALD_UPLOAD_TIMEOUT_SECONDS: '600',
    HERALD_MAX_CONNECTIONS: '50',
    HERALD_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback',
    HERALD_SESSION_IDLE_MINUTES: '15',
    HERALD_SESSION_MAX_HOURS: '8',
  });
  assert.equal(c.http.requestTimeoutMs, 20_000);
  assert.equal(c.http.uploadTimeoutMs, 600_000);
  assert.equal(c.http.maxConnections, 50);
  assert.deepEqual(c.trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
  assert.deepEqual(c.sessions, { idleMs: 15 * 60_000, absoluteMs: 8 * 3_600_000 });
});

test('brute-force limit: defaults, HERALD_AUTH_* values, and bad values refused', () => {
  const dir = dataDir();
  assert.deepEqual(loadConfig({ HERALD_DATA_DIR: dir }).authThrottle, { windowMs: 900_000, maxPerIp: 30, maxPerCredential: 10 });
  const set = loadConfig({ HERALD_DATA_DIR: dir, HERALD_AUTH_WINDOW_SECONDS: '60', HERALD_AUTH_MAX_FAILURES_PER_IP: '100', HERALD_AUTH_MAX_FAILURES_PER_CREDENTIAL: '5' });
  assert.deepEqual(set.authThrottle, { windowMs: 60_000, maxPerIp: 100, maxPerCredential: 5 });
  for (const name of ['HERALD_AUTH_WINDOW_SECONDS', 'HERALD_AUTH_MAX_FAILURES_PER_IP', 'HERALD_AUTH_MAX_FAILURES_PER_CREDENTIAL']) {
    for (const value of ['0', 'ten', '-3']) {
      assert.throws(() => loadConfig({ HERALD_DATA_DIR: dir, [name]: value }), (e: unknown) => e instanceof ConfigError && e.message.includes(name), `${name}=${value}`);
    }
  }
});
