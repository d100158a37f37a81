import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { twoAccounts, type TwoAccounts } from './fixture.js';
import { insertCustomField, insertOffice } from './audience-helpers.js';
import { setDefaultCountry } from '../../src/core/accounts/accounts.js';
import { createGroups } from '../../src/core/audience/groups/groups.js';
import { createContact, listContacts, type Contact } from '../../src/core/audience/contacts/contacts.js';

describeEachDatabase('contact listing', (kind) => {
  let t: TwoAccounts;
  let worthing: number;
  let brighton: number;
  let groupW: number;
  let field: number;
  const made: Contact[] = [];
  const ids = (cs: Contact[]) => cs.map((c) => c.id);

  before(async () => {
    t = await twoAccounts(kind);
    await setDefaultCountry(t.ctx, t.a.accountId, 'GB');
    worthing = await insertOffice(t.a, 'Worthing');
    brighton = await insertOffice(t.a, 'Brighton');
    const other = await insertOffice(t.b, 'Other');
    groupW = (await createGroups(t.a, { name: 'Prospects', offices: [worthing] }))[0]!.id;
    field = await insertCustomField(t.a, 'Spend');
    const statuses = ['Permitted', 'Dormant', 'Excluded'] as const;
    for (let i = 0; i < 12; i++) {
      made.push(
        await createContact(t.a, {
          officeId: i % 2 === 0 ? worthing : brighton,
          firstName: i === 3 ? 'Zoë' : `First${i}`,
          lastName: i === 5 ? 'O_Hara 100%' : `Last${i}`,
          email: `person${i}@Example.com`,
          telephone: i === 7 ? '01903 123 456' : '',
          status: statuses[i % 3],
          groups: i % 4 === 0 ? [groupW] : [],
          customFields: { [String(field)]: `£${i}` },
        }),
      );
    }
    await createContact(t.b, { officeId: other, firstName: 'First1', email: 'person1@example.com' });
  });
  after(() => t.dispose());

  test('pages in id order with the total', async () => {
    const p1 = await listContacts(t.a, { limit: 5, offset: 0 });
    const p3 = await listContacts(t.a, { limit: 5, offset: 10 });
    assert.equal(p1.total, 12);
    assert.deepEqual(ids(p1.items), ids(made.slice(0, 5)));
    assert.deepEqual(ids(p3.items), ids(made.slice(10)));
    assert.equal((await listContacts(t.a, { limit: 5, offset: 20 })).items.length, 0);
    assert.deepEqual(p1.items, made.slice(0, 5));
  });

  test('filters by office, group and status, combined', async () => {
    const w = await listContacts(t.a, { officeId: worthing, limit: 100, offset: 0 });
    assert.deepEqual(ids(w.items), ids(made.filter((c) => c.officeId === worthing)));
    const grp = await listContacts(t.a, { groupId: groupW, limit: 100, offset: 0 });
    assert.deepEqual(ids(grp.items), ids(made.filter((_, i) => i % 4 === 0)));
    assert.equal(grp.total, 3);
    const dormant = await listContacts(t.a, { status: 'Dormant', officeId: brighton, limit: 100, offset: 0 });
    assert.deepEqual(ids(dormant.items), ids(made.filter((c) => c.status === 'Dormant' && c.officeId === brighton)));
    assert.equal((await listContacts(t.b, { groupId: groupW, limit: 100, offset: 0 })).total, 0);
  });

  test('search is a case-insensitive substring over names, email and phones', async () => {
    const s = async (search: string) => ids((await listContacts(t.a, { search, limit: 100, offset: 0 })).items);
    assert.deepEqual(await s('zoë'), [made[3]!.id]);
    assert.deepEqual(await s('FIRST1'), [made[1]!.id, made[10]!.id, made[11]!.id]);
    assert.deepEqual(await s('first2 last2'), [made[2]!.id]);
    assert.deepEqual(await s('PERSON4@example'), [made[4]!.id]);
    assert.deepEqual(await s('1903 123'), [made[7]!.id]);
    assert.deepEqual(await s('+441903'), [made[7]!.id]);
    // LIKE wildcards in the search are literal characters.
    assert.deepEqual(await s('o_hara 100%'), [made[5]!.id]);
    assert.deepEqual(await s('%'), [made[5]!.id]);
    assert.deepEqual(await s('_'), [made[5]!.id]);
    const page = await listContacts(t.a, { search: 'example.com', limit: 2, offset: 0 });
    assert.equal(page.total, 12);
    assert.equal(page.items.length, 2);
  });
});
