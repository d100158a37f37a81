import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Db;
  dialect: DialectName;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (COUNT, bigserial ids) as strings by default; every id and counter here
// stays far below 2^53, so numbers are safe and keep both dialects returning the same types.
pg.types.setTypeParser(20, (v: string) => Number(v));

export interface StoreOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  onIdleError?: (err: Error) => void;
}

export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 });
    // An idle client whose connection the server ends (restart, admin termination) emits 'error';
    // unhandled it would kill the process. The pool drops that client and opens a new one on demand.
    pool.on('error', (err) => {
      options.onIdleError?.(err);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    return {
      db,
      dialect: 'postgres',
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => db.destroy(),
    };
  }
  const file = path.join(options.dataDir, 'herald.db');
  return openSqliteFile(file);
}

/** Dialect-specific SQL (FOR UPDATE SKIP LOCKED on PostgreSQL) asks this. */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const sqliteHandles = new WeakMap<Db, BetterSqlite3.Database>();

/**
 * The better-sqlite3 handle under a SQLite store, for bulk paths (imports) where prepared
 * statements run several times faster than Kysely. Use it only while holding Kysely's connection
 * (inside `db.transaction()` or `db.connection()`), so no other query interleaves. Null on PostgreSQL.
 */
export function sqliteHandle(db: Db): BetterSqlite3.Database | null {
  return sqliteHandles.get(db) ?? null;
}

export function openSqliteFile(file: string): Store {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  sqliteHandles.set(db, sqlite);
  return {
    db,
    dialect: 'sqlite',
    ping: async () => {
      sqlite.prepare('select 1').get();
    },
    close: () => db.destroy(),
  };
}

export function dialectOf(db: Kysely<unknown>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
