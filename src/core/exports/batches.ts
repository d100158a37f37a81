import type { AccountScope } from '../context.js';
import type { Contact } from '../audience/contacts/contacts.js';
import { hydrateContacts } from '../audience/contacts/hydrate.js';
import { matchingContacts, type ContactCriteria } from '../audience/contacts/list.js';

export const EXPORT_BATCH_SIZE = 1000;

/**
 * Matching contacts in id order, one batch at a time. Keyset paging (`id > last`) rather than
 * OFFSET: each query costs the same at row 5,000,000 as at row 0, and only one batch is in memory.
 * Contacts added while the export runs appear if their id is beyond the cursor; none repeats.
 */
export async function* contactBatches(scope: AccountScope, filter: ContactCriteria, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<Contact[]> {
  const where = matchingContacts(scope.accountId, filter);
  let last = 0;
  for (;;) {
    const rows = await scope.db
      .selectFrom('contacts')
      .selectAll()
      .where(where)
      .where('contacts.id', '>', last)
      .orderBy('contacts.id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield await hydrateContacts(scope.db, scope.accountId, rows);
    if (rows.length < batchSize) return;
    last = rows[rows.length - 1]!.id;
  }
}
