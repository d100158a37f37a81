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
