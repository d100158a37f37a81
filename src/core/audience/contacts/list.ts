import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { AccountScope } from '../../context.js';
import type { Database } from '../../../store/schema.js';
import type { ContactFilter, ContactPage } from './contacts.js';
import { hydrateContacts } from './hydrate.js';

/** LIKE pattern for a literal substring; `\` is declared as the escape character in the query. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function like(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** What selects contacts, without paging: listing, counting and export share it. */
export type ContactCriteria = Omit<ContactFilter, 'limit' | 'offset'>;

/**
 * The filter as one boolean expression so the page, the total count and the export share it.
 * Search compares lower() on both sides: LIKE is case-sensitive on PostgreSQL but not on SQLite,
 * ILIKE is not portable.
 */
export function matchingContacts(accountId: number, filter: ContactCriteria) {
  return (eb: ExpressionBuilder<Database, 'contacts'>): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [eb('contacts.accountId', '=', accountId)];
    if (filter.officeId !== undefined) conds.push(eb('contacts.officeId', '=', filter.officeId));
    if (filter.status !== undefined) conds.push(eb('contacts.status', '=', filter.status));
    if (filter.groupId !== undefined) {
      conds.push(
        eb.exists(
          eb
            .selectFrom('contactGroupMembers as m')
            .select(sql.lit(1).as('one'))
            .whereRef('m.contactId', '=', 'contacts.id')
            .where('m.accountId', '=', accountId)
            .where('m.groupId', '=', filter.groupId),
        ),
      );
    }
    const search = filter.search?.trim().toLowerCase() ?? '';
    if (search !== '') {
      const p = containsPattern(search);
      const name = sql`lower(${sql.ref('contacts.firstName')} || ' ' || ${sql.ref('contacts.lastName')})`;
      const alternatives = [like(name, p), like(sql.ref('contacts.emailKey'), p)];
      // Phones are stored in E.164; "1903 123" should still find +441903123456.
      const digits = search.replace(/[^\d+]/g, '');
      for (const phonePattern of new Set([p, ...(digits.length >= 3 ? [containsPattern(digits)] : [])])) {
        for (const col of ['contacts.telephone', 'contacts.mobile', 'contacts.fax'] as const) alternatives.push(like(sql.ref(col), phonePattern));
      }
      conds.push(eb.or(alternatives));
    }
    return eb.and(conds);
  };
}

export async function queryContacts(scope: AccountScope, filter: ContactFilter): Promise<ContactPage> {
  const where = matchingContacts(scope.accountId, filter);
  const limit = Math.max(0, Math.floor(filter.limit));
  const offset = Math.max(0, Math.floor(filter.offset));
  const [rows, count] = await Promise.all([
    limit === 0
      ? []
      : scope.db.selectFrom('contacts').selectAll().where(where).orderBy('contacts.id').limit(limit).offset(offset).execute(),
    scope.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(where)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await hydrateContacts(scope.db, scope.accountId, rows), total: Number(count.n) };
}
