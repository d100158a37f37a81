import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDatabase, createDatabase, type TestDatabase } from '../support/databases.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import type { CoreContext } from '../../src/core/context.js';
import {
  accountIdByMobizonKey,
  accountIdByNativeKey,
  checkSmartFocusLogin,
  createAccount,
  franchiseMailerKeys,
  getAccount,
  listAccounts,
  sendExpertKey,
} from '../../src/core/accounts/accounts.js';
import { ValidationError } from '../../src/core/errors.js';

describeEachDatabase('accounts and credentials', (kind) => {
  let database: TestDatabase;
  let core: CoreContext;
  before(async () => {
    database = await createDatabase(kind);
    core = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR! };
  });
  after(() => database.dispose());

  test('credentials have the formats the real services issue', async () => {
    const { credentials: c } = await createAccount(core, { name: 'Formats' });
    assert.match(c.native.apiKey, /^hk_[A-Za-z0-9]{40}$/);
    assert.match(c.mobizon.apiKey, /^[0-9a-f]{40}$/);
    assert.match(c.franchisemailer.accessKey, /^[0-9a-f]{32}$/);
    assert.match(c.franchisemailer.secretKey, /^[0-9a-f]{40}$/);
    assert.deepEqual(c.franchisemailer.allowedIps, ['127.0.0.1', '::1']);
    assert.equal(typeof c.sendexpert.userId, 'number');
    assert.match(String(c.sendexpert.userId), /^\d{9}$/);
    assert.match(c.sendexpert.key, /^[0-9a-f]{32}$/);
    assert.match(c.smartfocus.login, /^formats_[a-z0-9]{6}$/);
  });

  test('checked secrets are stored hashed, signature keys encrypted, none in plain text', async () => {
    const created = await createAccount(core, { name: 'Storage' });
    const c = created.credentials;
    const row = await core.db.selectFrom('accounts').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const secret of [c.native.apiKey, c.smartfocus.password, c.smartfocus.key, c.mobizon.apiKey, c.franchisemailer.secretKey, c.sendexpert.key]) {
      assert.ok(!stored.includes(secret), 'a secret is stored in plain text');
    }
    assert.match(row.smartfocusPasswordHash, /^scrypt\$/);
    assert.equal(core.secrets.open(row.fmSecretEnc), c.franchisemailer.secretKey);
    assert.equal(core.secrets.open(row.sendexpertKeyEnc), c.sendexpert.key);
  });

  test('each face finds the account by its own credentials, and only by the right ones', async () => {
    const a = await createAccount(core, { name: 'Lookup A' });
    const b = await createAccount(core, { name: 'Lookup B' });
    assert.equal(await accountIdByNativeKey(core, a.credentials.native.apiKey), a.id);
    assert.equal(await accountIdByNativeKey(core, b.credentials.native.apiKey), b.id);
    assert.equal(await accountIdByNativeKey(core, a.credentials.native.apiKey + 'x'), null);
    assert.equal(await accountIdByMobizonKey(core, a.credentials.mobizon.apiKey), a.id);
    assert.equal(await accountIdByMobizonKey(core, a.credentials.native.apiKey), null);
    const fm = await franchiseMailerKeys(core, a.credentials.franchisemailer.accessKey);
    assert.deepEqual(fm, { accountId: a.id, secretKey: a.credentials.franchisemailer.secretKey, allowedIps: ['127.0.0.1', '::1'] });
    assert.equal(await franchiseMailerKeys(core, 'f'.repeat(32)), null);
    assert.deepEqual(await sendExpertKey(core, b.credentials.sendexpert.userId), { accountId: b.id, key: b.credentials.sendexpert.key });
    const sf = a.credentials.smartfocus;
    assert.deepEqual(await checkSmartFocusLogin(core, sf.login, sf.password, sf.key), { ok: true, accountId: a.id });
    assert.deepEqual(await checkSmartFocusLogin(core, sf.login, 'wrong', sf.key), { ok: false, reason: 'password' });
    assert.deepEqual(await checkSmartFocusLogin(core, sf.login, sf.password, 'wrong'), { ok: false, reason: 'key' });
    assert.deepEqual(await checkSmartFocusLogin(core, 'nobody', sf.password, sf.key), { ok: false, reason: 'login' });
    assert.equal((await checkSmartFocusLogin(core, b.credentials.smartfocus.login, sf.password, sf.key)).ok, false);
  });

  test('an unknown SmartFocus login costs a password hash like a wrong password, so timing does not tell logins apart', async () => {
    const { credentials } = await createAccount(core, { name: 'Timing' });
    const sf = credentials.smartfocus;
    const timed = async (login: string): Promise<number> => {
      const start = performance.now();
      assert.equal((await checkSmartFocusLogin(core, login, 'wrong', sf.key)).ok, false);
      return performance.now() - start;
    };
    await timed('nobody'); // the first unknown login also makes the reference hash
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved, medians: a loaded machine slows both alike. Without the reference hash an unknown
    // login is a lookup alone, some fifty times faster than one scrypt run.
    for (let i = 0; i < 5; i++) {
      unknown.push(await timed(`nobody_${i}`));
      wrong.push(await timed(sf.login));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[2]!;
    assert.ok(median(unknown) >= median(wrong) * 0.5, `unknown login ${median(unknown).toFixed(1)} ms vs wrong password ${median(wrong).toFixed(1)} ms`);
  });

  test('a blank or over-long name is refused and nothing is created', async () => {
    const before = (await listAccounts(core)).length;
    await assert.rejects(createAccount(core, { name: '  ' }), ValidationError);
    await assert.rejects(createAccount(core, { name: 'x'.repeat(101) }), ValidationError);
    assert.equal((await listAccounts(core)).length, before);
  });

  test('getAccount shows identifiers but no secrets', async () => {
    const created = await createAccount(core, { name: 'Shown' });
    const shown = JSON.stringify(await getAccount(core, created.id));
    assert.ok(shown.includes(created.credentials.franchisemailer.accessKey));
    assert.ok(!shown.includes(created.credentials.franchisemailer.secretKey));
    assert.ok(!shown.includes(created.credentials.native.apiKey));
  });
});

test('SecretBox refuses tampered ciphertext and a wrong key', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('secret value');
  assert.equal(box.open(sealed), 'secret value');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('other value!').toString('base64url');
  assert.throws(() => box.open(parts.join('.')));
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
});
