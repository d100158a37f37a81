import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { describeEachDatabase, createDatabase, type TestDatabase } from '../support/databases.js';
import { freePort, runCli, spawnCli, waitFor } from '../support/processes.js';

describeEachDatabase('herald CLI', (kind) => {
  let database: TestDatabase;
  before(async () => {
    database = await createDatabase(kind);
  });
  after(() => database.dispose());

  test('accounts create --json prints exactly the documented shape; list and show find it', async () => {
    const res = await runCli(['accounts', 'create', '--name', 'Acme Ltd', '--json'], database.env);
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'one JSON line');
    const account = JSON.parse(lines[0]!) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(account), ['id', 'name', 'native', 'smartfocus', 'mobizon', 'franchisemailer', 'sendexpert']);
    assert.equal(account.name, 'Acme Ltd' as unknown);
    assert.deepEqual(Object.keys(account.native!), ['apiKey']);
    assert.deepEqual(Object.keys(account.smartfocus!), ['login', 'password', 'key']);
    assert.deepEqual(Object.keys(account.mobizon!), ['apiKey']);
    assert.deepEqual(Object.keys(account.franchisemailer!), ['accessKey', 'secretKey', 'allowedIps']);
    assert.deepEqual(account.franchisemailer!.allowedIps, ['127.0.0.1', '::1']);
    assert.deepEqual(Object.keys(account.sendexpert!), ['userId', 'key']);

    const list = await runCli(['accounts', 'list'], database.env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Acme Ltd/);
    const show = await runCli(['accounts', 'show', String(account.id), '--json'], database.env);
    assert.equal(show.code, 0, show.stderr);
    const shown = JSON.parse(show.stdout) as { name: string; franchisemailer: { accessKey: string } };
    assert.equal(shown.name, 'Acme Ltd');
    assert.equal(shown.franchisemailer.accessKey, account.franchisemailer!.accessKey);
    assert.ok(!show.stdout.includes(String(account.franchisemailer!.secretKey)), 'show never prints a secret');
  });

  test('accounts show of an unknown id fails with a message', async () => {
    const res = await runCli(['accounts', 'show', '999999'], database.env);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /not found/i);
  });
});

test('serve on an empty SQLite data dir creates the demo account, warns that it has no system from address, answers, and stops cleanly on SIGTERM', async () => {
  const database = await createDatabase('sqlite');
  await database.store.close(); // the server opens it itself
  const port = await freePort();
  const child = spawnCli(['serve'], { ...database.env, HERALD_PORT: String(port) });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  try {
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    assert.match(stdout, /Demo account 1 created/);
    // The public URL's host is an IP and HERALD_SYSTEM_FROM is unset: sender verification cannot mail.
    assert.match(stdout, /"level":40.*HERALD_SYSTEM_FROM unset.*senders cannot be added/);
    const demoFile = `${database.env.HERALD_DATA_DIR}/demo-account.json`;
    assert.ok(existsSync(demoFile));
    const demo = JSON.parse(readFileSync(demoFile, 'utf8')) as { native: { apiKey: string } };
    assert.ok(stdout.includes(demo.native.apiKey), 'the printed credentials are the saved ones');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await database.dispose().catch(() => undefined);
  }
});

test('a bad configuration value stops the CLI with a clear message', async () => {
  const res = await runCli(['migrate'], { HERALD_PORT: 'eighty', HERALD_DATA_DIR: '/tmp' });
  assert.equal(res.code, 2);
  assert.match(res.stderr, /configuration error: HERALD_PORT/);
});
