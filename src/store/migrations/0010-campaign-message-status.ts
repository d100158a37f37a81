import { sql } from 'kysely';
import type { AnyDb } from './builders.js';

/**
 * Campaign messages by status. The campaign ticker asks every second whether a running or sent
 * campaign still has messages waiting (NEW/ENQUEUD, or ACCEPTD for receipts); without this index a
 * campaign with a few receipts missing is scanned whole at each tick for up to 24 hours. GetInfo's
 * per-status counters read it too.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('messages_campaign_status').on('messages').columns(['campaign_id', 'status']).where(sql.ref('campaign_id'), 'is not', null).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('messages_campaign_status').ifExists().execute();
}
