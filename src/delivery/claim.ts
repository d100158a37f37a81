import { isPostgres, type Db } from '../store/database.js';
import type { MessageRow } from '../store/schema.js';

export interface ClaimedMessage extends MessageRow {
  content: { html: string | null; text: string | null; headers: Record<string, string>; attachments: { name: string; contentType?: string; base64: string }[] };
}

/**
 * Takes up to `limit` due messages of one channel for this worker: marks them SENDING and moves their
 * due time to the end of a lease, so a worker that dies holding them lets them go by itself.
 * PostgreSQL: FOR UPDATE SKIP LOCKED lets several workers claim side by side without waiting.
 */
export async function claimDue(db: Db, options: { channel: string; workerId: string; limit: number; leaseMs: number; now?: Date }): Promise<ClaimedMessage[]> {
  const now = options.now ?? new Date();
  let due = db
    .selectFrom('messages')
    .select('id')
    .where('dueAt', '<=', now.toISOString())
    .where('channel', '=', options.channel)
    .orderBy('dueAt')
    .limit(options.limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('messages')
    .set((eb) => ({
      status: 'SENDING',
      claimedBy: options.workerId,
      dueAt: new Date(now.getTime() + options.leaseMs).toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
  if (rows.length === 0) return [];
  const contents = await db.selectFrom('messageContents').selectAll().where('messageId', 'in', rows.map((r) => r.id)).execute();
  const byId = new Map(contents.map((c) => [c.messageId, c]));
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => {
      const c = byId.get(row.id);
      return {
        ...row,
        content: {
          html: c?.html ?? null,
          text: c?.text ?? null,
          headers: c ? (JSON.parse(c.headers) as Record<string, string>) : {},
          attachments: c ? (JSON.parse(c.attachments) as ClaimedMessage['content']['attachments']) : [],
        },
      };
    });
}

