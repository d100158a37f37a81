import type { AccountScope } from '../context.js';

/*
 * Reading the current status of an account's stored SMS (the words and the rules that derive a
 * message's status from its parts' are statuses.ts's).
 */

/** An SMS as message/getSMSStatus reports it. */
export interface SmsMessageStatus {
  id: number;
  status: string;
  segments: number;
  /** When it went to the SMSC; null until then. */
  sentAt: string | null;
  /** The last change of its status. */
  statusUpdatedAt: string;
}

/** The account's SMS among `ids` (others' and unknown ids are left out), in id order. */
export async function smsMessageStatuses(scope: AccountScope, ids: readonly number[]): Promise<SmsMessageStatus[]> {
  if (ids.length === 0) return [];
  const rows = await scope.db
    .selectFrom('messages')
    .leftJoin('smsParts', 'smsParts.messageId', 'messages.id')
    .select((eb) => ['messages.id', 'messages.status', 'messages.segments', 'messages.sentAt', 'messages.createdAt', eb.fn.max('smsParts.updatedAt').as('partUpdatedAt')])
    .where('messages.accountId', '=', scope.accountId)
    .where('messages.channel', '=', 'sms')
    .where('messages.id', 'in', [...ids])
    .groupBy(['messages.id', 'messages.status', 'messages.segments', 'messages.sentAt', 'messages.createdAt'])
    .orderBy('messages.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    segments: r.segments,
    sentAt: r.sentAt,
    statusUpdatedAt: (r.partUpdatedAt as string | null) ?? r.sentAt ?? r.createdAt,
  }));
}
