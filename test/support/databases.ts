import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'node:test';
import { openSqliteFile, openStore, type Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/** The server the suite uses; override with HERALD_TEST_PG (a URL to the maintenance database). */
export const PG_ADMIN_URL = process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | null = null;

export function postgresReachable(): Promise<boolean> {
  // A loaded machine (the suite runs files in parallel) can be slow to accept a connection, so a
  // slow answer is retried before the PostgreSQL half is declared unreachable.
  pgReachable ??= (async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10000 });
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === 'ECONNREFUSED') return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return false;
  })();
  return pgReachable;
}

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** A fresh, migrated store. */
  store: Store;
  /** For spawning processes against the same database. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-test-'));
  const store = openSqliteFile(path.join(dir, 'herald.db'));
  await migrateToLatest(store);
  return {
    dialect: 'sqlite',
    store,
    env: { HERALD_DATA_DIR: dir },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty PostgreSQL database on the test server (tests and benchmarks); drop() removes it. */
export async function createScratchPostgres(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchPostgres('herald_test');
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-test-'));
  const store = openStore({ databaseUrl: scratch.url, dataDir: dir, maxConnections: 10 });
  await migrateToLatest(store);
  return {
    dialect: 'postgres',
    store,
    env: { HERALD_DATA_DIR: dir, DATABASE_URL: scratch.url },
    async dispose() {
      await store.close();
      await scratch.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type DatabaseKind = 'sqlite' | 'postgres';

/**
 * Declares the same suite once per database. When PostgreSQL is unreachable its half is skipped
 * with a visible reason (CI always has it).
 */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  const reachable = process.env.HERALD_SKIP_PG === '1' ? false : pgProbeSync;
  describe(`${title} [postgres]`, { skip: reachable ? false : `PostgreSQL unreachable at ${PG_ADMIN_URL}: postgres half skipped` }, () => body('postgres'));
}

/**
 * Declares a suite on one database only: for slow process-level tests (CLI commands) whose core
 * paths other suites already run on both databases.
 */
export function describeOnDatabase(kind: DatabaseKind, title: string, body: (kind: DatabaseKind) => void): void {
  if (kind === 'sqlite') {
    describe(`${title} [sqlite]`, () => body('sqlite'));
    return;
  }
  const reachable = process.env.HERALD_SKIP_PG === '1' ? false : pgProbeSync;
  describe(`${title} [postgres]`, { skip: reachable ? false : `PostgreSQL unreachable at ${PG_ADMIN_URL}: suite skipped` }, () => body('postgres'));
}

export function createDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

// Suites are declared synchronously, so whether PostgreSQL answers is settled before any test file
// declares its suites (top-level await in this module).
const pgProbeSync: boolean = await postgresReachable();
