import { randomBytes } from 'node:crypto';
import { createAccount } from '../../src/core/accounts/accounts.js';
import type { AccountScope, CoreContext } from '../../src/core/context.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import type { Db } from '../../src/store/database.js';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, PG_ADMIN_URL, type DatabaseKind, type TestDatabase } from '../support/databases.js';

/** A fresh database holding two accounts, to check that each sees only its own rows. */
export interface TwoAccounts {
  database: TestDatabase;
  ctx: CoreContext;
  a: AccountScope;
  b: AccountScope;
  dispose(): Promise<void>;
}

/**
 * Disposes a test database once its PostgreSQL backends are gone. pg's Pool.end() resolves before
 * its clients finish disconnecting, and the harness then drops the database `with (force)`; a
 * client still connected at that moment is terminated and raises an uncaught error that fails the
 * whole file (seen after tests that use many pooled connections at once).
 */
export async function disposeQuietly(database: TestDatabase): Promise<void> {
  if (database.dialect !== 'postgres') return database.dispose();
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.store.db);
  await database.store.close();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const res = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [rows[0]!.name]);
      if (res.rows[0]!.n === 0) break;
      await delay(20);
    }
  } finally {
    await admin.end();
  }
  await database.dispose();
}

export async function twoAccounts(kind: DatabaseKind): Promise<TwoAccounts> {
  const database = await createDatabase(kind);
  const ctx: CoreContext = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'https://herald.example', dataDir: database.env.HERALD_DATA_DIR! };
  const a = await createAccount(ctx, { name: 'Account A' });
  const b = await createAccount(ctx, { name: 'Account B' });
  return { database, ctx, a: { db: ctx.db, accountId: a.id }, b: { db: ctx.db, accountId: b.id }, dispose: () => disposeQuietly(database) };
}

/** A bare contact row, written directly: the contacts module is not under test here. */
export async function insertContact(db: Db, accountId: number, officeId: number, email: string): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('contacts')
    .values({
      accountId,
      officeId,
      title: '',
      firstName: 'Test',
      middleName: '',
      lastName: 'Contact',
      addressee: '',
      dateOfBirth: null,
      gender: null,
      telephone: '',
      mobile: '',
      fax: '',
      email,
      emailKey: email.toLowerCase(),
      website: '',
      company: '',
      jobTitle: '',
      property: '',
      street: '',
      area: '',
      town: '',
      county: '',
      postCode: '',
      country: '',
      status: 'Permitted',
      source: 'test',
      joinedAt: now,
      unsubscribedAt: null,
      unsubscribeSource: null,
      resubscribedAt: null,
      resubscribeSource: null,
      smsUnsubscribedAt: null,
      hardBouncedAt: null,
      hardBounceReason: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Asserts a promise rejects with an error of the given class and returns it for further checks. */
export async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof type) return err;
    throw new Error(`expected ${type.name}, got ${String(err)}`);
  }
  throw new Error(`expected ${type.name}, but it resolved`);
}
