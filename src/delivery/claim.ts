import { isPostgres, type Db } from '../store/database.js';
import { channelStatuses } from '../core/messages/statuses.js';
import type { MessageRow } from '../store/schema.js';

export interface ClaimedMessage extends MessageRow {
  content: { html: string | null; text: string | null; headers: Record<string, string>; attachments: { name: string; contentType?: string; base64: string }[] };
  /** SMS: what the message's campaign says about sending it. */
  sms?: { validityMinutes: number; flash: boolean };
}

/**
 * Takes up to `limit` due messages of one channel for this worker: marks them SENDING and moves their
 * due time to the end of a lease, so a worker that dies holding them lets them go by itself.
 * PostgreSQL: FOR UPDATE SKIP LOCKED lets several workers claim side by side without waiting.
 */
export async function claimDue(
  db: Db,
  options: { channel: string; workerId: string; limit: number; leaseMs: number; now?: Date; skipAccounts?: readonly number[] },
): Promise<ClaimedMessage[]> {
  const now = options.now ?? new Date();
  let due = db
    .selectFrom('messages')
    .select('id')
    .where('dueAt', '<=', now.toISOString())
    .where('channel', '=', options.channel)
    .orderBy('dueAt')
    .limit(options.limit);
  if (options.skipAccounts && options.skipAccounts.length > 0) due = due.where('accountId', 'not in', [...options.skipAccounts]);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('messages')
    .set((eb) => ({
      status: channelStatuses(options.channel).trying,
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
  const campaignIds = [...new Set(rows.map((r) => r.campaignId).filter((id): id is number => id !== null))];
  const campaigns = campaignIds.length === 0 ? [] : await db.selectFrom('smsCampaigns').select(['id', 'validityMinutes', 'flash']).where('id', 'in', campaignIds).execute();
  const campaignById = new Map(campaigns.map((c) => [c.id, { validityMinutes: c.validityMinutes, flash: c.flash === 1 }]));
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => {
      const c = byId.get(row.id);
      const sms = row.campaignId !== null ? campaignById.get(row.campaignId) : undefined;
      return {
        ...row,
        ...(sms ? { sms } : {}),
        content: {
          html: c?.html ?? null,
          text: c?.text ?? null,
          headers: c ? (JSON.parse(c.headers) as Record<string, string>) : {},
          attachments: c ? (JSON.parse(c.attachments) as ClaimedMessage['content']['attachments']) : [],
        },
      };
    });
}


/**
 * Gives claimed messages back without an attempt (an account over its sending rate): they become
 * due again at `dueAt`, and the attempt counted by the claim is taken back.
 */
export async function releaseClaims(db: Db, channel: string, workerId: string, ids: readonly number[], dueAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('messages')
    .set((eb) => ({
      dueAt: dueAt.toISOString(),
      claimedBy: null,
      attempts: eb('attempts', '-', 1),
      status: eb.case().when('attempts', '=', 1).then(channelStatuses(channel).waiting).else(eb.ref('status')).end(),
    }))
    .where('id', 'in', [...ids])
    .where('claimedBy', '=', workerId)
    .execute();
}
