import type { AccountScope } from '../../src/core/context.js';

/*
 * Rows the contact and group suites need from modules they do not test, written directly so
 * those suites stay independent of the offices and custom-fields implementations.
 */

export async function insertOffice(scope: AccountScope, name: string, postCodeAllocation = ''): Promise<number> {
  const now = new Date().toISOString();
  const row = await scope.db
    .insertInto('offices')
    .values({
      accountId: scope.accountId, name, property: '', street: '', area: '', town: '', county: '', postCode: '',
      telephone: '', fax: '', email: '', website: '', postCodeAllocation, createdAt: now, updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertCustomField(scope: AccountScope, name: string): Promise<number> {
  const now = new Date().toISOString();
  const row = await scope.db
    .insertInto('customFields')
    .values({ accountId: scope.accountId, name, description: name, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Row counts of every audience table, to show that a refused input wrote nothing. */
export async function audienceCounts(scope: AccountScope): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['contacts', 'contactGroupMembers', 'contactCustomValues', 'contactGroups', 'commonGroups'] as const) {
    const row = await scope.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('accountId', '=', scope.accountId)
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}
