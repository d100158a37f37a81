import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { createGroups } from '../../../src/core/audience/groups/groups.js';
import { insertCustomField, insertOffice } from '../audience-helpers.js';
import { contactsOf, freshAccount, importFixture, logOf, rowLines, runImport, type ImportFixture } from './helpers.js';

describeEachDatabase('imports: offices, groups and custom fields', (kind) => {
  let t: ImportFixture;
  before(async () => {
    t = await importFixture(kind);
  });
  after(() => t.dispose());

  async function memberships(accountId: number): Promise<[string, number][]> {
    const rows = await t.ctx.db
      .selectFrom('contactGroupMembers as m')
      .innerJoin('contacts as c', 'c.id', 'm.contactId')
      .select(['c.email', 'm.groupId'])
      .where('m.accountId', '=', accountId)
      .orderBy('c.email')
      .orderBy('m.groupId')
      .execute();
    return rows.map((r) => [r.email ?? '', r.groupId]);
  }

  test('no office: the default office; a target office; offices by post code', async () => {
    const a = await freshAccount(t);
    const worthing = await insertOffice(a, 'Worthing', 'BN11,BN14');
    const brighton = await insertOffice(a, 'Brighton', 'BN');
    const first = await runImport(t, a, 'EMAIL\nd@example.com\n');
    assert.equal(first.counters.inserted, 1);
    const target = await runImport(t, a, 'EMAIL\nt@example.com\n', { officeId: brighton });
    assert.equal(target.counters.inserted, 1);
    const allocated = await runImport(t, a, 'EMAIL,POSTCODE\nw@example.com,BN14 8AD\nb@example.com,bn2 1aa\nx@example.com,SW1A 1AA\nn@example.com,\n', { officeId: 0 });
    assert.deepEqual(allocated.counters, { read: 4, inserted: 2, updated: 0, unchanged: 0, rejected: 2 });
    assert.deepEqual(rowLines(await logOf(t, a, allocated.id)), [
      'row 4, column POSTCODE: no office is allocated to post code SW1A 1AA',
      'row 5, column POSTCODE: a post code is required to allocate an office automatically',
    ]);
    const offices = Object.fromEntries((await contactsOf(a)).map((c) => [c.email, c.officeId]));
    assert.deepEqual(offices, { 'd@example.com': worthing, 't@example.com': brighton, 'w@example.com': worthing, 'b@example.com': brighton });
  });

  test('groups are added to new and existing contacts; another office gets the counterpart group', async () => {
    const a = await freshAccount(t);
    const worthing = await insertOffice(a, 'Worthing', 'BN14');
    const brighton = await insertOffice(a, 'Brighton', 'BN1');
    const [pw, pb] = await createGroups(a, { name: 'Prospects', offices: [worthing, brighton] });
    const [vw] = await createGroups(a, { name: 'Vendors', offices: [worthing] });
    await runImport(t, a, 'EMAIL\nold@example.com\n', { officeId: worthing });
    const job = await runImport(t, a, 'EMAIL,POSTCODE\nold@example.com,\nw@example.com,BN14 8AD\nb@example.com,BN1 1AA\n', { officeId: 0, groupIds: [pw!.id, vw!.id] });
    assert.deepEqual(job.counters, { read: 3, inserted: 2, updated: 1, unchanged: 0, rejected: 0 });
    assert.deepEqual(await memberships(a.accountId), [
      ['b@example.com', pb!.id],
      ['old@example.com', pw!.id], ['old@example.com', vw!.id],
      ['w@example.com', pw!.id], ['w@example.com', vw!.id],
    ]);
    // Importing again adds nothing twice.
    await runImport(t, a, 'EMAIL\nold@example.com\n', { groupIds: [pw!.id] });
    assert.equal((await memberships(a.accountId)).length, 5);
  });

  test('custom fields by header name: set on insert, replaced and cleared on update', async () => {
    const a = await freshAccount(t);
    const salary = await insertCustomField(a, 'Salary');
    const hobby = await insertCustomField(a, 'Hobby');
    await runImport(t, a, 'EMAIL,Salary,Hobby\nann@example.com,100,Chess\nbob@example.com,,Golf\n');
    const values = async () =>
      (await t.ctx.db.selectFrom('contactCustomValues as v').innerJoin('contacts as c', 'c.id', 'v.contactId')
        .select(['c.email', 'v.fieldId', 'v.value']).where('v.accountId', '=', a.accountId).orderBy('c.email').orderBy('v.fieldId').execute())
        .map((r) => [r.email, r.fieldId, r.value]);
    assert.deepEqual(await values(), [['ann@example.com', salary, '100'], ['ann@example.com', hobby, 'Chess'], ['bob@example.com', hobby, 'Golf']]);
    const mapping = [
      { column: 1, field: 'email', replace: true },
      { column: 2, field: 'Salary', replace: true },
      { column: 3, field: 'Hobby', replace: false },
    ];
    await runImport(t, a, 'EMAIL,Salary,Hobby\nann@example.com,,\nbob@example.com,200,Tennis\n', { mapping });
    assert.deepEqual(await values(), [['ann@example.com', hobby, 'Chess'], ['bob@example.com', salary, '200'], ['bob@example.com', hobby, 'Tennis']]);
  });
});
