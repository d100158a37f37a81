import type { AccountScope } from '../../context.js';
import type { CustomFieldRow } from '../../../store/schema.js';
import { nowIso } from '../../clock.js';
import { ConflictError, IssueList, NotFoundError } from '../../errors.js';
import { trimmedOrUndefined } from '../input-rules.js';

export interface CustomField {
  id: number;
  name: string;
  description: string;
}

export interface CustomFieldInput {
  name?: string;
  description?: string;
}

export const CUSTOM_FIELD_NAME_MAX = 20;

function toCustomField(row: Pick<CustomFieldRow, 'id' | 'name' | 'description'>): CustomField {
  return { id: row.id, name: row.name, description: row.description };
}

/** @throws ValidationError listing every problem of the input. */
function checkInput(input: CustomFieldInput, mode: 'create' | 'update'): { name?: string; description?: string } {
  const issues = new IssueList();
  const name = trimmedOrUndefined(input.name);
  const description = trimmedOrUndefined(input.description);
  if (name === '' || (mode === 'create' && name === undefined)) issues.add('name', 'required', 'Custom Field Name Required');
  else if (name !== undefined && name.length > CUSTOM_FIELD_NAME_MAX) {
    issues.add('name', 'too_long', `Custom Field Name must be ${CUSTOM_FIELD_NAME_MAX} characters or less`);
  }
  if (description === '' || (mode === 'create' && description === undefined)) issues.add('description', 'required', 'Custom Field Description Required');
  issues.throwIfAny();
  return { ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }) };
}

/**
 * Names compare case-insensitively in JavaScript rather than SQL, because SQLite's lower() only
 * folds ASCII and the two dialects would disagree.
 */
async function assertNameFree(scope: AccountScope, name: string, exceptId: number | null): Promise<void> {
  const rows = await scope.db.selectFrom('customFields').select(['id', 'name']).where('accountId', '=', scope.accountId).execute();
  const key = name.toLowerCase();
  if (rows.some((r) => r.id !== exceptId && r.name.toLowerCase() === key)) throw new ConflictError('Custom Field Name already exists', 'name');
}

export async function listCustomFields(scope: AccountScope): Promise<CustomField[]> {
  const rows = await scope.db
    .selectFrom('customFields')
    .select(['id', 'name', 'description'])
    .where('accountId', '=', scope.accountId)
    .orderBy('id')
    .execute();
  return rows.map(toCustomField);
}

/** @throws NotFoundError */
export async function getCustomField(scope: AccountScope, id: number): Promise<CustomField> {
  const row = await scope.db
    .selectFrom('customFields')
    .select(['id', 'name', 'description'])
    .where('accountId', '=', scope.accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Custom field', id);
  return toCustomField(row);
}

/** name (≤ 20 chars, unique in the account) and description are required. */
export async function createCustomField(scope: AccountScope, input: CustomFieldInput): Promise<CustomField> {
  const values = checkInput(input, 'create');
  const name = values.name!;
  const description = values.description!;
  await assertNameFree(scope, name, null);
  const now = nowIso();
  const row = await scope.db
    .insertInto('customFields')
    .values({ accountId: scope.accountId, name, description, createdAt: now, updatedAt: now })
    .returning(['id', 'name', 'description'])
    .executeTakeFirstOrThrow();
  return toCustomField(row);
}

/** @throws NotFoundError, ValidationError, ConflictError */
export async function updateCustomField(scope: AccountScope, id: number, patch: CustomFieldInput): Promise<CustomField> {
  await getCustomField(scope, id);
  const values = checkInput(patch, 'update');
  if (values.name !== undefined) await assertNameFree(scope, values.name, id);
  const row = await scope.db
    .updateTable('customFields')
    .set({ ...values, updatedAt: nowIso() })
    .where('accountId', '=', scope.accountId)
    .where('id', '=', id)
    .returning(['id', 'name', 'description'])
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Custom field', id);
  return toCustomField(row);
}

/** Deletes the field and every contact's value for it. @throws NotFoundError */
export async function deleteCustomField(scope: AccountScope, id: number): Promise<void> {
  const { accountId } = scope;
  await scope.db.transaction().execute(async (trx) => {
    const field = await trx.selectFrom('customFields').select('id').where('accountId', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (!field) throw new NotFoundError('Custom field', id);
    await trx.deleteFrom('contactCustomValues').where('accountId', '=', accountId).where('fieldId', '=', id).execute();
    await trx.deleteFrom('customFields').where('accountId', '=', accountId).where('id', '=', id).execute();
  });
}
