import type { Db } from '../../../store/database.js';
import type { CustomValueChanges } from './references.js';

/*
 * Writes of a contact's memberships and custom values. Callers pass the transaction so a contact
 * and its relations change together.
 */

/** Makes `groupIds` the contact's whole membership. `fresh` skips the delete for a new contact. */
export async function replaceMemberships(trx: Db, accountId: number, contactId: number, groupIds: number[], fresh: boolean): Promise<void> {
  if (!fresh) await trx.deleteFrom('contactGroupMembers').where('accountId', '=', accountId).where('contactId', '=', contactId).execute();
  if (groupIds.length === 0) return;
  await trx
    .insertInto('contactGroupMembers')
    .values(groupIds.map((groupId) => ({ accountId, groupId, contactId })))
    .execute();
}

/** Upserts set values and deletes removed ones: custom values merge on update. */
export async function applyCustomValues(trx: Db, accountId: number, contactId: number, changes: CustomValueChanges): Promise<void> {
  if (changes.remove.length > 0) {
    await trx
      .deleteFrom('contactCustomValues')
      .where('accountId', '=', accountId)
      .where('contactId', '=', contactId)
      .where('fieldId', 'in', changes.remove)
      .execute();
  }
  if (changes.set.size === 0) return;
  await trx
    .insertInto('contactCustomValues')
    .values([...changes.set].map(([fieldId, value]) => ({ accountId, contactId, fieldId, value })))
    .onConflict((oc) => oc.columns(['contactId', 'fieldId']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}

