/** Listing an account's short links with Mobizon's link/list criteria, paging and sort. */
import { sql } from 'kysely';
import type { AccountScope } from '../../context.js';
import type { ShortLinkRow } from './links.js';

export interface LinkCriteria {
  ids?: readonly number[];
  status?: 0 | 1;
  campaignId?: number;
  /** ISO instants, inclusive. */
  createdFrom?: string;
  createdTo?: string;
  /** Matches a link code, a per-recipient code of the link, or text in the comment. */
  query?: string;
}

export const LINK_SORT_FIELDS = ['id', 'createdAt', 'expirationDate', 'clickCnt', 'redirectCnt', 'code', 'fullLink'] as const;
export type LinkSortField = (typeof LINK_SORT_FIELDS)[number];

export interface LinkListOptions {
  limit: number;
  offset: number;
  sort?: { field: LinkSortField; direction: 'asc' | 'desc' };
}

/** Escapes LIKE wildcards so a searched `%` or `_` is literal (the query says `escape '\'`). */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listLinks(scope: AccountScope, criteria: LinkCriteria, options: LinkListOptions): Promise<{ items: ShortLinkRow[]; total: number }> {
  let query = scope.db.selectFrom('shortLinks').where('shortLinks.accountId', '=', scope.accountId);
  if (criteria.ids !== undefined) query = criteria.ids.length === 0 ? query.where((eb) => eb.val(1).$castTo<number>(), '=', 0) : query.where('shortLinks.id', 'in', [...criteria.ids]);
  if (criteria.status !== undefined) query = query.where('shortLinks.status', '=', criteria.status);
  if (criteria.campaignId !== undefined) query = query.where('shortLinks.campaignId', '=', criteria.campaignId);
  if (criteria.createdFrom !== undefined) query = query.where('shortLinks.createdAt', '>=', criteria.createdFrom);
  if (criteria.createdTo !== undefined) query = query.where('shortLinks.createdAt', '<=', criteria.createdTo);
  const search = criteria.query?.trim();
  if (search) {
    query = query.where((eb) =>
      eb.or([
        eb('shortLinks.code', '=', search),
        eb.exists(eb.selectFrom('shortLinkRecipients').select('shortLinkRecipients.id').whereRef('shortLinkRecipients.linkId', '=', 'shortLinks.id').where('shortLinkRecipients.code', '=', search)),
        // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
        sql<boolean>`lower(${sql.ref('shortLinks.comment')}) like ${likePattern(search)} escape '\\'`,
      ]),
    );
  }
  const countRow = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sort = options.sort ?? { field: 'createdAt', direction: 'desc' };
  const rows = await query
    .selectAll('shortLinks')
    .orderBy(`shortLinks.${sort.field}`, sort.direction)
    // Ties (same click count, same second) in a stable order, so pages never overlap.
    .orderBy('shortLinks.id', sort.direction)
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { items: rows, total: Number(countRow.n) };
}
