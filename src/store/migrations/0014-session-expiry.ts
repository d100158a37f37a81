import { sql } from 'kysely';
import type { AnyDb } from './builders.js';

/**
 * Browser sessions expire when idle (src/core/audience/users/session-expiry.ts): each use records
 * when it happened. Sessions opened before this migration count as used when they were opened.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('user_sessions').addColumn('last_used_at', 'text').execute();
  await sql`update user_sessions set last_used_at = created_at`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('user_sessions').dropColumn('last_used_at').execute();
}
