import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { once } from 'node:events';
import { freePort, spawnCli, runCli, waitFor } from '../../support/processes.js';
import { createDatabase, type TestDatabase } from '../../support/databases.js';
import { getResult, phpUrlencode } from '../../support/smartfocus-client.js';

/** The SmartFocus client only speaks https: `herald serve` with HERALD_TLS_* answers it on the TLS port. */
let database: TestDatabase;
let dir: string;

before(async () => {
  database = await createDatabase('sqlite');
  await database.store.close();
  dir = mkdtempSync(path.join(tmpdir(), 'herald-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
});
after(() => database.dispose());

function httpsGet(port: number, pathName: string, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: pathName, method: 'GET', headers: { Accept: '*/*' }, ca, servername: '127.0.0.1', checkServerIdentity: () => undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end();
  });
}

test('connect/open and close over HTTPS on HERALD_TLS_PORT, with the server certificate verified', async () => {
  const created = await runCli(['accounts', 'create', '--name', 'TLS', '--json'], database.env);
  assert.equal(created.code, 0, created.stderr);
  const sf = (JSON.parse(created.stdout) as { smartfocus: { login: string; password: string; key: string } }).smartfocus;
  const [port, tlsPort] = [await freePort(), await freePort()];
  const child = spawnCli(['serve'], {
    ...database.env,
    HERALD_PORT: String(port),
    HERALD_TLS_PORT: String(tlsPort),
    HERALD_TLS_CERT: path.join(dir, 'cert.pem'),
    HERALD_TLS_KEY: path.join(dir, 'key.pem'),
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    const ca = readFileSync(path.join(dir, 'cert.pem'));
    const opened = await httpsGet(tlsPort, `/apimember/services/rest/connect/open/${sf.login}/${phpUrlencode(sf.password)}/${sf.key}`, ca);
    const token = getResult(opened);
    assert.match(token, /^[A-Za-z0-9]{48}$/);
    assert.equal(getResult(await httpsGet(tlsPort, `/apimember/services/rest/connect/close/${token}`, ca)), 'connection closed');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
