import { PostgresAdapter } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../store/database.js';
import { sqliteHandle } from '../../../store/database.js';

/**
 * The two write paths of the import engine. SQLite: better-sqlite3 prepared statements, run while
 * Kysely's transaction holds the only connection (several times faster than building queries).
 * PostgreSQL: one statement per operation and batch, rows passed as arrays through unnest().
 */
export type WriteTarget = { kind: 'sqlite'; handle: BetterSqlite3.Database } | { kind: 'postgres' };

export function writeTargetOf(db: Db): WriteTarget {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return { kind: 'postgres' };
  const handle = sqliteHandle(db);
  if (handle === null) throw new Error('SQLite store without a registered handle');
  return { kind: 'sqlite', handle };
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** camelCase field → snake_case column (Kysely's CamelCasePlugin rule, for raw SQL). */
export function column(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Prepared statements by SQL text: a job reuses a handful of them for every batch. */
export class StatementCache {
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  constructor(private readonly handle: BetterSqlite3.Database) {}
  get(sqlText: string): BetterSqlite3.Statement {
    let stmt = this.cache.get(sqlText);
    if (!stmt) {
      stmt = this.handle.prepare(sqlText);
      this.cache.set(sqlText, stmt);
    }
    return stmt;
  }
}

/**
 * Awaits a statement sent to PostgreSQL and runs `work` while the server executes it. One turn of
 * the event loop first: by then the driver has written the statement to the socket, so the work
 * overlaps the server's execution instead of delaying the statement.
 */
export async function whileExecuting<T>(statement: Promise<T>, work: (() => void) | undefined): Promise<T> {
  if (work !== undefined) {
    // Handled here too: a statement failing during the wait must not count as an unhandled rejection.
    statement.catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    work();
  }
  return statement;
}

const ESCAPED = /["\\]/g;

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for a batch column sent as one parameter. node-pg
 * builds the same text element by element (a regex replace and a string append each), which was
 * 10 % of an import's CPU on PostgreSQL; this tests for the rare quote or backslash first and joins
 * once. Numbers need no quoting.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = v.includes('"') || v.includes('\\') ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}
