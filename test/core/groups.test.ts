import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { rejectsWith, twoAccounts, type TwoAccounts } from './fixture.js';
import { audienceCounts, insertOffice } from './audience-helpers.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createGroups, deleteGroup, getGroup, listGroups, updateGroup } from '../../src/core/audience/groups/groups.js';
import { createContact, getContact } from '../../src/core/audience/contacts/contacts.js';

const zero = { total: 0, permitted: 0, dormant: 0, excluded: 0, invalid: 0 };

describeEachDatabase('contact groups', (kind) => {
  let t: TwoAccounts;
  let o1: number;
  let o2: number;
  let o3: number;
  let foreignOffice: number;

  before(async () => {
    t = await twoAccounts(kind);
    o1 = await insertOffice(t.a, 'One');
    o2 = await insertOffice(t.a, 'Two');
    o3 = await insertOffice(t.a, 'Three');
    foreignOffice = await insertOffice(t.b, 'Foreign');
  });
  after(() => t.database.dispose());

  test('one group per office sharing a common id, with zero counts', async () => {
    const made = await createGroups(t.a, { name: ' Prospects ', offices: [o1, o3, o1] });
    assert.equal(made.length, 2);
    assert.deepEqual(made.map((g) => g.officeId), [o1, o3]);
    assert.ok(made.every((g) => g.name === 'Prospects' && g.commonId === made[0]!.commonId));
    assert.deepEqual(made[0]!.counts, zero);
    assert.deepEqual(await getGroup(t.a, made[1]!.id), made[1]);
  });

  test('an existing common group is reused case-insensitively, per account', async () => {
    const [first] = await createGroups(t.a, { name: 'Buyers', offices: [o1] });
    const [second] = await createGroups(t.a, { name: 'BUYERS', offices: [o2] });
    assert.equal(second!.commonId, first!.commonId);
    assert.equal(second!.name, 'BUYERS');
    const [foreign] = await createGroups(t.b, { name: 'Buyers', offices: [foreignOffice] });
    assert.notEqual(foreign!.commonId, first!.commonId);
  });

  test("'all' creates the group in every office of the account", async () => {
    const made = await createGroups(t.a, { name: 'Everyone', offices: 'all' });
    assert.deepEqual(made.map((g) => g.officeId), [o1, o2, o3]);
  });

  test('invalid input is refused whole and writes nothing', async () => {
    const before = await audienceCounts(t.a);
    const e = await rejectsWith(createGroups(t.a, { name: '', offices: [o1, foreignOffice, 999_999] }), ValidationError);
    assert.deepEqual(e.issues.map((i) => i.field), ['name', 'offices', 'offices']);
    assert.equal(e.issues[1]!.message, `Office ${foreignOffice} not found`);
    const long = await rejectsWith(createGroups(t.a, { name: 'x'.repeat(41), offices: [o1] }), ValidationError);
    assert.equal(long.issues[0]!.code, 'too_long');
    await rejectsWith(createGroups(t.a, { name: 'Empty', offices: [] }), ValidationError);
    const dup = await rejectsWith(createGroups(t.a, { name: 'prospects', offices: [o2, o3] }), ConflictError);
    assert.match(dup.message, new RegExp(`office ${o3}`));
    assert.deepEqual(await audienceCounts(t.a), before);
    assert.equal((await createGroups(t.a, { name: 'x'.repeat(40), offices: [o1] })).length, 1);
  });

  test('counts by status and hard bounces, computed per group', async () => {
    const [g1, g2] = await createGroups(t.a, { name: 'Counted', offices: [o1, o2] });
    const statuses = ['Permitted', 'Permitted', 'Dormant', 'Excluded', 'Excluded', 'Excluded'];
    const ids: number[] = [];
    for (const [i, status] of statuses.entries()) {
      ids.push((await createContact(t.a, { officeId: o1, email: `count${i}@example.com`, status, groups: [g1!.id] })).id);
    }
    await createContact(t.a, { officeId: o2, email: 'count-other@example.com', groups: [g2!.id] });
    await t.a.db.updateTable('contacts').set({ hardBouncedAt: new Date().toISOString() }).where('id', 'in', [ids[0]!, ids[3]!]).execute();
    assert.deepEqual((await getGroup(t.a, g1!.id)).counts, { total: 6, permitted: 2, dormant: 1, excluded: 3, invalid: 2 });
    assert.deepEqual((await getGroup(t.a, g2!.id)).counts, { total: 1, permitted: 1, dormant: 0, excluded: 0, invalid: 0 });
    const listed = await listGroups(t.a, { officeId: o1 });
    assert.ok(listed.every((g) => g.officeId === o1));
    assert.deepEqual(listed.find((g) => g.id === g1!.id), await getGroup(t.a, g1!.id));
    const all = await listGroups(t.a, {});
    assert.deepEqual(all.map((g) => g.id), [...all.map((g) => g.id)].sort((a, b) => a - b));
    assert.ok(all.some((g) => g.officeId === o2) && all.some((g) => g.officeId === o1));
  });

  test('rename moves the group to the common group of its new name', async () => {
    const [a1, a2] = await createGroups(t.a, { name: 'Renters', offices: [o1, o2] });
    const [landlords] = await createGroups(t.a, { name: 'Landlords', offices: [o3] });
    const fresh = await updateGroup(t.a, a1!.id, { name: 'Tenants' });
    assert.equal(fresh.name, 'Tenants');
    assert.notEqual(fresh.commonId, a1!.commonId);
    const joined = await updateGroup(t.a, a2!.id, { name: 'landlords' });
    assert.equal(joined.commonId, landlords!.commonId);
    const same = await updateGroup(t.a, a2!.id, {});
    assert.deepEqual(same, joined);
    const caseOnly = await updateGroup(t.a, a2!.id, { name: 'Landlords' });
    assert.equal(caseOnly.commonId, landlords!.commonId);
    await rejectsWith(updateGroup(t.a, a1!.id, { name: 'PROSPECTS' }), ConflictError);
    await rejectsWith(updateGroup(t.a, a1!.id, { name: ' ' }), ValidationError);
    assert.equal((await getGroup(t.a, a1!.id)).name, 'Tenants');
  });

  test('delete removes memberships but keeps the contacts', async () => {
    const [doomed] = await createGroups(t.a, { name: 'Doomed', offices: [o1] });
    const [kept] = await createGroups(t.a, { name: 'Kept', offices: [o1] });
    const c = await createContact(t.a, { officeId: o1, email: 'member@example.com', groups: [doomed!.id, kept!.id] });
    await rejectsWith(deleteGroup(t.b, doomed!.id), NotFoundError);
    await deleteGroup(t.a, doomed!.id);
    await rejectsWith(getGroup(t.a, doomed!.id), NotFoundError);
    await rejectsWith(deleteGroup(t.a, doomed!.id), NotFoundError);
    assert.deepEqual((await getContact(t.a, c.id)).groups, [kept!.id]);
  });

  test("other accounts' groups behave as nonexistent", async () => {
    const [mine] = await createGroups(t.a, { name: 'Mine', offices: [o1] });
    await rejectsWith(getGroup(t.b, mine!.id), NotFoundError);
    await rejectsWith(updateGroup(t.b, mine!.id, { name: 'Stolen' }), NotFoundError);
    assert.ok((await listGroups(t.b, {})).every((g) => g.officeId === foreignOffice));
    assert.deepEqual(await listGroups(t.b, { officeId: o1 }), []);
    assert.equal((await getGroup(t.a, mine!.id)).name, 'Mine');
  });
});
