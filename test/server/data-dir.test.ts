import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort, runCli, spawnCli, waitFor } from '../support/processes.js';
import { secureDataDir } from '../../src/server/data-dir.js';

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  const out: Array<{ path: string; dir: boolean; mode: number }> = [];
  const visit = (p: string): void => {
    const stat = lstatSync(p);
    out.push({ path: p, dir: stat.isDirectory(), mode: stat.mode & 0o777 });
    if (stat.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return out;
}

function assertOwnerOnly(dir: string): void {
  const loose = modes(dir).filter((e) => e.mode !== (e.dir ? 0o700 : 0o600));
  assert.deepEqual(loose.map((e) => `${path.relative(dir, e.path) || '.'} ${e.mode.toString(8)}`), []);
}

describe('secureDataDir', () => {
  it('sets directories to 0700 and files to 0600 and says which it changed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-modes-'));
    try {
      mkdirSync(path.join(dir, 'imports/1'), { recursive: true, mode: 0o755 });
      writeFileSync(path.join(dir, 'imports/1/source'), 'x', { mode: 0o644 });
      writeFileSync(path.join(dir, 'secret.key'), 'x', { mode: 0o600 });
      chmodSync(dir, 0o755);
      chmodSync(path.join(dir, 'imports'), 0o777);
      const check = secureDataDir(dir);
      assert.deepEqual(check.tightened.map((p) => path.relative(dir, p)).sort(), ['', 'imports', 'imports/1', 'imports/1/source']);
      assert.deepEqual(check.failed, []);
      assertOwnerOnly(dir);
      assert.deepEqual(secureDataDir(dir).tightened, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('herald serve keeps its data directory owner-only', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-datadir-'));
  let child: ChildProcess;
  let stdout = '';
  let baseUrl = '';

  before(async () => {
    // A data directory left open by an earlier version, with a world-readable file in it.
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'old-export.csv'), 'email\n', { mode: 0o644 });
    chmodSync(path.join(dir, 'old-export.csv'), 0o644);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawnCli(['serve'], { HERALD_DATA_DIR: dir, HERALD_PORT: String(port), HERALD_DISPATCHER: 'false', HERALD_LOG_LEVEL: 'warn' });
    child.stdout!.on('data', (d) => (stdout += d));
    await waitFor(`${baseUrl}/readyz`, 30_000);
  });
  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a start, an import and an export every file is 0600 and every directory 0700, and the start warned', async () => {
    const demo = JSON.parse(readFileSync(path.join(dir, 'demo-account.json'), 'utf8')) as { id: number; native: { apiKey: string } };
    const auth = { authorization: `Bearer ${demo.native.apiKey}` };
    const form = new FormData();
    form.append('mode', 'upsert');
    form.append('file', new Blob(['email,firstname\nann@example.com,Ann\nbad-address,Bob\n']), 'people.csv');
    const created = await fetch(`${baseUrl}/api/v1/imports`, { method: 'POST', headers: auth, body: form });
    assert.equal(created.status, 202, await created.clone().text());
    const { id } = (await created.json()) as { id: number };
    let status = '';
    for (let i = 0; i < 100 && !status.startsWith('done'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = ((await (await fetch(`${baseUrl}/api/v1/imports/${id}`, { headers: auth })).json()) as { status: string }).status;
    }
    assert.equal(status, 'done_with_errors');
    const exported = await fetch(`${baseUrl}/api/v1/exports`, { headers: auth });
    assert.equal(exported.status, 200);
    assert.match(await exported.text(), /ann@example\.com/);
    const account = demo.id;
    const cli = await runCli(['export', '--account', String(account), '--output', path.join(dir, 'cli-export.csv')], { HERALD_DATA_DIR: dir });
    assert.equal(cli.code, 0, cli.stderr);

    const files = modes(dir).map((e) => path.relative(dir, e.path));
    const job = `imports/${account}/${id}`;
    for (const expected of ['herald.db', 'herald.db-wal', 'herald.db-shm', 'secret.key', 'demo-account.json', 'cli-export.csv', `${job}/bad`, `${job}/log`]) {
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    }
    // The upload itself is deleted when its job ends (retention); what stays is owner-only.
    assert.ok(!files.includes(`${job}/source`), 'the finished job\'s upload is deleted');
    assertOwnerOnly(dir);
    assert.match(stdout, /data directory .* was readable by other users: 2 path\(s\) set to owner-only/);
  });
});
