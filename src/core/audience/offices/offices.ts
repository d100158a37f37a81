import type { AccountScope } from '../../context.js';
import type { OfficeRow } from '../../../store/schema.js';
import { nowIso } from '../../clock.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { isForeignKeyViolation } from '../../../store/constraint-errors.js';
import { checkOfficeInput, emptyOffice } from './office-input.js';
import { matchAllocation } from './post-code-allocation.js';

export interface Office {
  id: number;
  name: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  postCode: string;
  telephone: string;
  fax: string;
  email: string;
  website: string;
  /**
   * Post code areas (`BN`), districts (`BN1`, `BN14`), sectors (`BN14 8`) or whole post codes
   * allocated to this office, upper case, canonical spacing.
   */
  postCodeAllocation: string[];
}

/** Fields of an office to create or change; absent fields are left as they are (update) or empty (create). */
export interface OfficeInput {
  name?: string;
  property?: string;
  street?: string;
  area?: string;
  town?: string;
  county?: string;
  postCode?: string;
  telephone?: string;
  fax?: string;
  email?: string;
  website?: string;
  postCodeAllocation?: string[];
}

function splitAllocation(stored: string): string[] {
  return stored === '' ? [] : stored.split(',');
}

function toOffice(row: OfficeRow): Office {
  return {
    id: row.id,
    name: row.name,
    property: row.property,
    street: row.street,
    area: row.area,
    town: row.town,
    county: row.county,
    postCode: row.postCode,
    telephone: row.telephone,
    fax: row.fax,
    email: row.email,
    website: row.website,
    postCodeAllocation: splitAllocation(row.postCodeAllocation),
  };
}

export async function listOffices(scope: AccountScope): Promise<Office[]> {
  const rows = await scope.db.selectFrom('offices').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toOffice);
}

/** @throws NotFoundError */
export async function getOffice(scope: AccountScope, id: number): Promise<Office> {
  const row = await scope.db.selectFrom('offices').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Office', id);
  return toOffice(row);
}

/** `name` is required. @throws ValidationError */
export async function createOffice(scope: AccountScope, input: OfficeInput): Promise<Office> {
  const values = checkOfficeInput(input, 'create');
  const now = nowIso();
  const row = await scope.db
    .insertInto('offices')
    .values({ ...emptyOffice(), ...values, accountId: scope.accountId, createdAt: now, updatedAt: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOffice(row);
}

/** @throws NotFoundError, ValidationError */
export async function updateOffice(scope: AccountScope, id: number, patch: OfficeInput): Promise<Office> {
  const values = checkOfficeInput(patch, 'update');
  const row = await scope.db
    .updateTable('offices')
    .set({ ...values, updatedAt: nowIso() })
    .where('accountId', '=', scope.accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Office', id);
  return toOffice(row);
}

const OFFICE_HAS_CONTACTS = 'Office cannot be deleted while contacts belong to it';

/**
 * Refuses (ConflictError) while contacts still belong to the office. Its contact groups and user
 * links go with it; common groups stay, as other offices share them.
 */
export async function deleteOffice(scope: AccountScope, id: number): Promise<void> {
  const { accountId } = scope;
  try {
    await scope.db.transaction().execute(async (trx) => {
      const office = await trx.selectFrom('offices').select('id').where('accountId', '=', accountId).where('id', '=', id).executeTakeFirst();
      if (!office) throw new NotFoundError('Office', id);
      const contact = await trx.selectFrom('contacts').select('id').where('accountId', '=', accountId).where('officeId', '=', id).limit(1).executeTakeFirst();
      if (contact) throw new ConflictError(OFFICE_HAS_CONTACTS, 'office');
      const groupIds = trx.selectFrom('contactGroups').select('id').where('accountId', '=', accountId).where('officeId', '=', id);
      await trx.deleteFrom('contactGroupMembers').where('accountId', '=', accountId).where('groupId', 'in', groupIds).execute();
      await trx.deleteFrom('contactGroups').where('accountId', '=', accountId).where('officeId', '=', id).execute();
      await trx.deleteFrom('userOffices').where('accountId', '=', accountId).where('officeId', '=', id).execute();
      await trx.deleteFrom('offices').where('accountId', '=', accountId).where('id', '=', id).execute();
    });
  } catch (err) {
    // A contact added to the office between the check and the delete.
    if (isForeignKeyViolation(err)) throw new ConflictError(OFFICE_HAS_CONTACTS, 'office');
    throw err;
  }
}

/** The office whose allocation matches the post code most specifically, or null. */
export async function findOfficeForPostCode(scope: AccountScope, postCode: string): Promise<number | null> {
  const rows = await scope.db
    .selectFrom('offices')
    .select(['id', 'postCodeAllocation'])
    .where('accountId', '=', scope.accountId)
    .where('postCodeAllocation', '!=', '')
    .execute();
  const match = matchAllocation(
    postCode,
    rows.map((r) => ({ officeId: r.id, allocation: splitAllocation(r.postCodeAllocation) })),
  );
  return match?.officeId ?? null;
}

export const DEFAULT_OFFICE_NAME = 'Main office';

/**
 * The office contacts go to when a face has no notion of offices (SmartFocus members, Mobizon
 * contacts, imports without an office): the account's first office, created on first need.
 */
export async function defaultOfficeId(scope: AccountScope): Promise<number> {
  const first = await scope.db
    .selectFrom('offices')
    .select('id')
    .where('accountId', '=', scope.accountId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (first) return first.id;
  return (await createOffice(scope, { name: DEFAULT_OFFICE_NAME })).id;
}
