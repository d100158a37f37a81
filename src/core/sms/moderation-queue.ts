import type { Db } from '../../store/database.js';
import { NotFoundError } from '../errors.js';

/**
 * What a moderator sees of SMS campaigns across every account: enough to judge the text and the
 * sender before approving (sending.ts approveCampaign / declineCampaign change the status).
 */
export interface QueuedCampaign {
  id: number;
  accountId: number;
  accountName: string;
  name: string;
  text: string;
  sender: string;
  status: string;
  /** Recipients added (each is a message of the campaign). */
  recipients: number;
  moderationComment: string;
  createdAt: string;
  sendRequestedAt: string | null;
}

/** Campaigns in the given status (MODERATION by default), oldest request first: a queue. */
export async function listCampaignsByStatus(db: Db, options: { status?: string; accountId?: number; limit: number; offset: number; /** One campaign, whatever its status. */ id?: number }): Promise<{ items: QueuedCampaign[]; total: number }> {
  let base = db
    .selectFrom('smsCampaigns as c')
    .innerJoin('accounts as a', 'a.id', 'c.accountId')
    .where('c.deleted', '=', 0);
  if (options.id === undefined) base = base.where('c.status', '=', options.status ?? 'MODERATION');
  if (options.id !== undefined) base = base.where('c.id', '=', options.id);
  if (options.accountId !== undefined) base = base.where('c.accountId', '=', options.accountId);
  const [rows, count] = await Promise.all([
    base
      .select(['c.id', 'c.accountId', 'a.name as accountName', 'c.name', 'c.text', 'c.sender', 'c.status', 'c.moderationComment', 'c.createdAt', 'c.sendRequestedAt'])
      .orderBy('c.sendRequestedAt')
      .orderBy('c.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => Number(r.id));
  const counts = new Map<number, number>();
  if (ids.length > 0) {
    const grouped = await db.selectFrom('messages').select(['campaignId', (eb) => eb.fn.countAll<number>().as('n')]).where('campaignId', 'in', ids).groupBy('campaignId').execute();
    for (const g of grouped) counts.set(Number(g.campaignId), Number(g.n));
  }
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      accountId: Number(r.accountId),
      accountName: r.accountName,
      name: r.name,
      text: r.text,
      sender: r.sender,
      status: r.status,
      recipients: counts.get(Number(r.id)) ?? 0,
      moderationComment: r.moderationComment,
      createdAt: r.createdAt,
      sendRequestedAt: r.sendRequestedAt,
    })),
    total: Number(count.n),
  };
}

/** One campaign of any account; NotFoundError when there is none (or it was deleted). */
export async function getQueuedCampaign(db: Db, id: number): Promise<QueuedCampaign> {
  const found = (await listCampaignsByStatus(db, { id, limit: 1, offset: 0 })).items[0];
  if (!found) throw new NotFoundError('campaign', id);
  return found;
}
