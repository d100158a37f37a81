import type { Db } from '../../../store/database.js';
import type { ContactStatus } from '../../../store/schema.js';
import type { ContactGroup } from './groups.js';

/**
 * Groups with their member counts, aggregated by the database in one query: a group can hold
 * hundreds of thousands of contacts, which must never be loaded to be counted. Callers add the
 * where clauses (always including the account).
 */
export function groupsWithCounts(db: Db, accountId: number) {
  return db
    .selectFrom('contactGroups as g')
    .leftJoin('contactGroupMembers as m', (j) => j.onRef('m.groupId', '=', 'g.id').onRef('m.accountId', '=', 'g.accountId'))
    .leftJoin('contacts as c', (j) => j.onRef('c.id', '=', 'm.contactId').onRef('c.accountId', '=', 'g.accountId'))
    .select((eb) => {
      const countStatus = (status: ContactStatus) => eb.fn.sum<number>(eb.case().when('c.status', '=', status).then(1).else(0).end());
      return [
      'g.id',
      'g.commonId',
      'g.name',
      'g.officeId',
      eb.fn.count<number>('c.id').as('total'),
      countStatus('Permitted').as('permitted'),
      countStatus('Dormant').as('dormant'),
      countStatus('Excluded').as('excluded'),
      eb.fn.sum<number>(eb.case().when('c.hardBouncedAt', 'is not', null).then(1).else(0).end()).as('invalid'),
      ];
    })
    .where('g.accountId', '=', accountId)
    .groupBy(['g.id', 'g.commonId', 'g.name', 'g.officeId'])
    .orderBy('g.id');
}

export interface GroupCountRow {
  id: number;
  commonId: number;
  name: string;
  officeId: number;
  total: number | string | null;
  permitted: number | string | null;
  dormant: number | string | null;
  excluded: number | string | null;
  invalid: number | string | null;
}

/** Aggregates come back as numbers, numeric strings (PostgreSQL numeric) or null (no rows). */
export function toGroup(row: GroupCountRow): ContactGroup {
  const n = (v: number | string | null): number => Number(v ?? 0);
  return {
    id: row.id,
    commonId: row.commonId,
    name: row.name,
    officeId: row.officeId,
    counts: { total: n(row.total), permitted: n(row.permitted), dormant: n(row.dormant), excluded: n(row.excluded), invalid: n(row.invalid) },
  };
}
