import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDatabase, createDatabase, type TestDatabase } from '../support/databases.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import { createAccount } from '../../src/core/accounts/accounts.js';
import { closeApiToken, openApiToken, useApiToken } from '../../src/core/accounts/api-tokens.js';

const policy = { kind: 'test-kind', lifetimeMs: 60 * 60 * 1000, maxOpen: 2 };

describeEachDatabase('API session tokens', (kind) => {
  let database: TestDatabase;
  let accountId: number;
  before(async () => {
    database = await createDatabase(kind);
    const ctx = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://x', dataDir: database.env.HERALD_DATA_DIR! };
    accountId = (await createAccount(ctx, { name: 'Tokens' })).id;
  });
  after(() => database.dispose());

  test('a token works for 60 minutes, then is refused as expired; expired tokens free their slot', async () => {
    const t0 = new Date('2026-01-01T10:00:00Z');
    const opened = await openApiToken(database.store.db, accountId, policy, t0);
    assert.ok(opened.ok);
    const token = opened.ok ? opened.token : '';
    assert.deepEqual(await useApiToken(database.store.db, policy.kind, token, new Date('2026-01-01T10:59:59Z')), { ok: true, accountId });
    assert.deepEqual(await useApiToken(database.store.db, policy.kind, token, new Date('2026-01-01T11:00:00Z')), { ok: false, reason: 'expired' });
    assert.equal(await closeApiToken(database.store.db, policy.kind, token, new Date('2026-01-01T11:00:01Z')), false);
    // Two slots: the expired token no longer counts.
    assert.ok((await openApiToken(database.store.db, accountId, policy, new Date('2026-01-01T11:00:00Z'))).ok);
    assert.ok((await openApiToken(database.store.db, accountId, policy, new Date('2026-01-01T11:00:00Z'))).ok);
    assert.deepEqual(await openApiToken(database.store.db, accountId, policy, new Date('2026-01-01T11:00:00Z')), { ok: false, reason: 'too_many_open' });
  });

  test('closed and unknown tokens are refused; a token of one kind is unknown to another', async () => {
    const opened = await openApiToken(database.store.db, accountId, { ...policy, kind: 'other' });
    assert.ok(opened.ok);
    const token = opened.ok ? opened.token : '';
    assert.deepEqual(await useApiToken(database.store.db, 'test-kind', token), { ok: false, reason: 'unknown' });
    assert.equal(await closeApiToken(database.store.db, 'other', token), true);
    assert.deepEqual(await useApiToken(database.store.db, 'other', token), { ok: false, reason: 'closed' });
    assert.deepEqual(await useApiToken(database.store.db, 'other', 'nope'), { ok: false, reason: 'unknown' });
  });
});
