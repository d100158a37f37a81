import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { insertContact, rejectsWith, twoAccounts, type TwoAccounts } from './fixture.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import {
  createOffice,
  deleteOffice,
  findOfficeForPostCode,
  getOffice,
  listOffices,
  updateOffice,
} from '../../src/core/audience/offices/offices.js';
import { createUser, getUser } from '../../src/core/audience/users/users.js';

describeEachDatabase('offices', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  test('create trims text and normalises the post code allocation', async () => {
    const office = await createOffice(t.a, {
      name: '  Worthing ',
      town: ' Worthing',
      postCode: 'BN14 8AD',
      email: ' worthing@example.co.uk ',
      postCodeAllocation: [' bn1 ', 'BN1', '', 'bn14  8', 'ec1a', 'BN2,bn3'],
    });
    assert.equal(office.name, 'Worthing');
    assert.equal(office.town, 'Worthing');
    assert.equal(office.email, 'worthing@example.co.uk');
    assert.equal(office.street, '');
    assert.deepEqual(office.postCodeAllocation, ['BN1', 'BN14 8', 'EC1A', 'BN2', 'BN3']);
    const stored = await t.a.db.selectFrom('offices').select('postCodeAllocation').where('id', '=', office.id).executeTakeFirstOrThrow();
    assert.equal(stored.postCodeAllocation, 'BN1,BN14 8,EC1A,BN2,BN3');
    assert.deepEqual(await getOffice(t.a, office.id), office);
  });

  test('every problem of one input is reported at once and nothing is written', async () => {
    const before = await listOffices(t.a);
    const err = await rejectsWith(createOffice(t.a, { name: '   ', email: 'not-an-email', postCodeAllocation: ['BN1', 'B-N', '123'] }), ValidationError);
    assert.deepEqual(
      err.issues.map((i) => [i.field, i.code]),
      [
        ['name', 'required'],
        ['email', 'invalid'],
        ['postCodeAllocation', 'invalid'],
        ['postCodeAllocation', 'invalid'],
      ],
    );
    assert.equal(err.message, 'Office Name Required');
    assert.match(err.issues[2]!.message, /"B-N"/);
    await rejectsWith(createOffice(t.a, {}), ValidationError);
    assert.deepEqual(await listOffices(t.a), before);
  });

  test('update changes only the given fields; an invalid patch changes nothing', async () => {
    const office = await createOffice(t.a, { name: 'Hove', town: 'Hove', postCodeAllocation: ['BN3'] });
    const updated = await updateOffice(t.a, office.id, { telephone: ' 01273 000 000 ', postCodeAllocation: ['bn3', 'bn41'] });
    assert.equal(updated.name, 'Hove');
    assert.equal(updated.town, 'Hove');
    assert.equal(updated.telephone, '01273 000 000');
    assert.deepEqual(updated.postCodeAllocation, ['BN3', 'BN41']);
    await rejectsWith(updateOffice(t.a, office.id, { name: '', town: 'Brighton' }), ValidationError);
    await rejectsWith(updateOffice(t.a, office.id, { town: 'Brighton', postCodeAllocation: ['nope!'] }), ValidationError);
    assert.deepEqual(await getOffice(t.a, office.id), updated);
    const cleared = await updateOffice(t.a, office.id, { postCodeAllocation: [] });
    assert.deepEqual(cleared.postCodeAllocation, []);
  });

  test('offices of another account read as not found and stay untouched', async () => {
    const theirs = await createOffice(t.b, { name: 'Theirs' });
    await rejectsWith(getOffice(t.a, theirs.id), NotFoundError);
    await rejectsWith(updateOffice(t.a, theirs.id, { name: 'Mine now' }), NotFoundError);
    await rejectsWith(deleteOffice(t.a, theirs.id), NotFoundError);
    await rejectsWith(getOffice(t.a, 999_999), NotFoundError);
    await rejectsWith(deleteOffice(t.a, 999_999), NotFoundError);
    assert.equal((await getOffice(t.b, theirs.id)).name, 'Theirs');
    assert.ok(!(await listOffices(t.a)).some((o) => o.id === theirs.id));
  });

  test('delete is refused while contacts belong to the office', async () => {
    const office = await createOffice(t.a, { name: 'Busy' });
    const contactId = await insertContact(t.a.db, t.a.accountId, office.id, 'someone@example.com');
    const err = await rejectsWith(deleteOffice(t.a, office.id), ConflictError);
    assert.match(err.message, /contacts/);
    assert.equal((await getOffice(t.a, office.id)).name, 'Busy');
    await t.a.db.deleteFrom('contacts').where('id', '=', contactId).execute();
    await deleteOffice(t.a, office.id);
    await rejectsWith(getOffice(t.a, office.id), NotFoundError);
  });

  test('delete removes the office contact groups and user links', async () => {
    const keep = await createOffice(t.a, { name: 'Keep' });
    const gone = await createOffice(t.a, { name: 'Gone' });
    const user = await createUser(t.a, { username: 'office.user', password: 'password1', firstName: 'O', lastName: 'U', email: 'o@example.com', offices: [keep.id, gone.id] });
    const now = new Date().toISOString();
    const common = await t.a.db.insertInto('commonGroups').values({ accountId: t.a.accountId, name: 'Newsletter', createdAt: now }).returning('id').executeTakeFirstOrThrow();
    for (const officeId of [keep.id, gone.id]) {
      await t.a.db.insertInto('contactGroups').values({ accountId: t.a.accountId, officeId, commonId: common.id, name: 'Newsletter', createdAt: now, updatedAt: now }).execute();
    }
    await deleteOffice(t.a, gone.id);
    const groups = await t.a.db.selectFrom('contactGroups').select('officeId').where('accountId', '=', t.a.accountId).where('commonId', '=', common.id).execute();
    assert.deepEqual(groups.map((g) => g.officeId), [keep.id]);
    assert.deepEqual((await getUser(t.a, user.id)).offices, [keep.id]);
  });

  test('findOfficeForPostCode picks the most specific allocation within the account', async () => {
    // Account B's offices must not take part, however specific.
    await createOffice(t.b, { name: 'B exact', postCodeAllocation: ['TN34 8AD', 'SW1A'] });
    const area = await createOffice(t.a, { name: 'Area', postCodeAllocation: ['TN'] });
    const district = await createOffice(t.a, { name: 'District', postCodeAllocation: ['TN34'] });
    await createOffice(t.a, { name: 'Near miss', postCodeAllocation: ['TN3'] });
    assert.equal(await findOfficeForPostCode(t.a, 'tn348ad'), district.id);
    assert.equal(await findOfficeForPostCode(t.a, 'TN2 1AA'), area.id);
    assert.equal(await findOfficeForPostCode(t.a, 'SW1A 1AA'), null);
    assert.equal(await findOfficeForPostCode(t.a, 'rubbish'), null);
  });
});
