import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { insertContact, rejectsWith, twoAccounts, type TwoAccounts } from './fixture.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createOffice } from '../../src/core/audience/offices/offices.js';
import {
  createCustomField,
  deleteCustomField,
  getCustomField,
  listCustomFields,
  updateCustomField,
} from '../../src/core/audience/custom-fields/custom-fields.js';

describeEachDatabase('custom fields', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  test('create trims; get and list return it', async () => {
    const field = await createCustomField(t.a, { name: ' Pet Name ', description: ' Name of the pet ' });
    assert.deepEqual(field, { id: field.id, name: 'Pet Name', description: 'Name of the pet' });
    assert.deepEqual(await getCustomField(t.a, field.id), field);
    assert.deepEqual(await listCustomFields(t.a), [field]);
  });

  test('validation: required fields, 20 character limit, nothing written', async () => {
    const err = await rejectsWith(createCustomField(t.a, {}), ValidationError);
    assert.deepEqual(err.issues.map((i) => [i.field, i.code]), [
      ['name', 'required'],
      ['description', 'required'],
    ]);
    const long = await rejectsWith(createCustomField(t.a, { name: 'x'.repeat(21), description: 'd' }), ValidationError);
    assert.equal(long.message, 'Custom Field Name must be 20 characters or less');
    assert.equal((await createCustomField(t.a, { name: 'y'.repeat(20), description: 'd' })).name.length, 20);
    assert.equal((await listCustomFields(t.a)).filter((f) => f.name.startsWith('x')).length, 0);
  });

  test('names are unique per account, ignoring case', async () => {
    await rejectsWith(createCustomField(t.a, { name: 'PET NAME', description: 'again' }), ConflictError);
    const inB = await createCustomField(t.b, { name: 'pet name', description: 'B has its own' });
    assert.equal(inB.name, 'pet name');
    const other = await createCustomField(t.a, { name: 'Favourite', description: 'x' });
    await rejectsWith(updateCustomField(t.a, other.id, { name: 'pet name' }), ConflictError);
    // Renaming a field to a different case of its own name is fine.
    assert.equal((await updateCustomField(t.a, other.id, { name: 'FAVOURITE' })).name, 'FAVOURITE');
  });

  test('update changes only the given fields; an invalid patch changes nothing', async () => {
    const field = await createCustomField(t.a, { name: 'Colour', description: 'Favourite colour' });
    assert.deepEqual(await updateCustomField(t.a, field.id, { description: 'Colour liked' }), { ...field, description: 'Colour liked' });
    await rejectsWith(updateCustomField(t.a, field.id, { name: '', description: 'changed' }), ValidationError);
    await rejectsWith(updateCustomField(t.a, field.id, { name: 'z'.repeat(21) }), ValidationError);
    assert.deepEqual(await getCustomField(t.a, field.id), { ...field, description: 'Colour liked' });
  });

  test('fields of another account read as not found and stay untouched', async () => {
    const theirs = await createCustomField(t.b, { name: 'Theirs', description: 'B' });
    await rejectsWith(getCustomField(t.a, theirs.id), NotFoundError);
    await rejectsWith(updateCustomField(t.a, theirs.id, { name: 'Mine' }), NotFoundError);
    await rejectsWith(deleteCustomField(t.a, theirs.id), NotFoundError);
    await rejectsWith(getCustomField(t.a, 999_999), NotFoundError);
    assert.equal((await getCustomField(t.b, theirs.id)).name, 'Theirs');
  });

  test('delete removes every contact value of the field and only those', async () => {
    const office = await createOffice(t.a, { name: 'Office' });
    const contact = await insertContact(t.a.db, t.a.accountId, office.id, 'values@example.com');
    const doomed = await createCustomField(t.a, { name: 'Doomed', description: 'd' });
    const kept = await createCustomField(t.a, { name: 'Kept', description: 'k' });
    await t.a.db
      .insertInto('contactCustomValues')
      .values([
        { accountId: t.a.accountId, contactId: contact, fieldId: doomed.id, value: 'x' },
        { accountId: t.a.accountId, contactId: contact, fieldId: kept.id, value: 'y' },
      ])
      .execute();
    await deleteCustomField(t.a, doomed.id);
    await rejectsWith(getCustomField(t.a, doomed.id), NotFoundError);
    const values = await t.a.db.selectFrom('contactCustomValues').select(['fieldId', 'value']).where('contactId', '=', contact).execute();
    assert.deepEqual(values, [{ fieldId: kept.id, value: 'y' }]);
  });
});
