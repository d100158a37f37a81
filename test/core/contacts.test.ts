import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { rejectsWith, twoAccounts, type TwoAccounts } from './fixture.js';
import { audienceCounts, insertCustomField, insertOffice } from './audience-helpers.js';
import { setDefaultCountry } from '../../src/core/accounts/accounts.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createGroups } from '../../src/core/audience/groups/groups.js';
import {
  createContact,
  deleteContact,
  findContactsByEmail,
  findContactsByPhone,
  getContact,
  listContacts,
  updateContact,
} from '../../src/core/audience/contacts/contacts.js';

describeEachDatabase('contacts', (kind) => {
  let t: TwoAccounts;
  let worthing: number;
  let brighton: number;
  let otherOffice: number;
  /** Group ids by office: prospects and buyers exist in both offices, vendors only in Worthing. */
  let g: { prospectsW: number; prospectsB: number; buyersW: number; buyersB: number; vendorsW: number; otherAccount: number };
  let commons: { prospects: number; buyers: number; vendors: number };
  let salary: number;
  let hobby: number;
  let foreignField: number;

  before(async () => {
    t = await twoAccounts(kind);
    await setDefaultCountry(t.ctx, t.a.accountId, 'GB');
    worthing = await insertOffice(t.a, 'Worthing', 'BN11,BN14');
    brighton = await insertOffice(t.a, 'Brighton', 'BN');
    otherOffice = await insertOffice(t.b, 'Elsewhere', 'BN');
    const [pw, pb] = await createGroups(t.a, { name: 'Prospects', offices: [worthing, brighton] });
    const [bw, bb] = await createGroups(t.a, { name: 'Buyers', offices: [worthing, brighton] });
    const [vw] = await createGroups(t.a, { name: 'Vendors', offices: [worthing] });
    const [ob] = await createGroups(t.b, { name: 'Prospects', offices: [otherOffice] });
    g = { prospectsW: pw!.id, prospectsB: pb!.id, buyersW: bw!.id, buyersB: bb!.id, vendorsW: vw!.id, otherAccount: ob!.id };
    commons = { prospects: pw!.commonId, buyers: bw!.commonId, vendors: vw!.commonId };
    salary = await insertCustomField(t.a, 'Salary');
    hobby = await insertCustomField(t.a, 'Hobby');
    foreignField = await insertCustomField(t.b, 'Foreign');
  });
  after(() => t.dispose());

  test('create normalises every field and returns the stored contact', async () => {
    const c = await createContact(t.a, {
      officeId: worthing,
      title: ' Mr ',
      firstName: 'Joe',
      lastName: 'Bloggs',
      dateOfBirth: '1980-01-31T00:00:00Z',
      gender: 'male',
      telephone: '01903 123 456',
      mobile: '07123 456789',
      email: ' Joe.Bloggs@Example.com ',
      country: 'gbr',
      postCode: 'BN14 8AD',
      status: 'dormant',
      groups: [g.prospectsW, g.buyersW, g.prospectsW],
      customFields: { [String(salary)]: '£30,000', [String(hobby)]: '' },
    });
    assert.equal(c.officeId, worthing);
    assert.equal(c.title, 'Mr');
    assert.equal(c.dateOfBirth, '1980-01-31');
    assert.equal(c.gender, 'Male');
    assert.equal(c.telephone, '+441903123456');
    assert.equal(c.mobile, '+447123456789');
    assert.equal(c.fax, '');
    assert.equal(c.email, 'Joe.Bloggs@Example.com');
    assert.equal(c.country, 'GB');
    assert.equal(c.status, 'Dormant');
    assert.equal(c.source, '');
    assert.deepEqual(c.groups, [g.prospectsW, g.buyersW].sort((a, b) => a - b));
    assert.deepEqual(c.commonGroups, [commons.prospects, commons.buyers].sort((a, b) => a - b));
    assert.deepEqual(c.customFields, { [String(salary)]: '£30,000' });
    assert.ok(c.joinedAt && c.createdAt === c.updatedAt);
    assert.equal(c.unsubscribedAt, null);
    assert.deepEqual(await getContact(t.a, c.id), c);
  });

  test('status defaults to Permitted; an SMS-only contact needs no email', async () => {
    const c = await createContact(t.a, { officeId: brighton, mobile: '+44 7123 000001', source: 'import' });
    assert.equal(c.status, 'Permitted');
    assert.equal(c.email, null);
    assert.equal(c.source, 'import');
    assert.deepEqual(c.groups, []);
  });

  test('national phone numbers need a country: the contact, else the account default', async () => {
    const fr = await createContact(t.a, { officeId: worthing, email: 'fr@example.com', country: 'FR', telephone: '01 23 45 67 89' });
    assert.equal(fr.telephone, '+33123456789');
    const e = await rejectsWith(createContact(t.b, { officeId: otherOffice, email: 'x@example.com', mobile: '07123 456789' }), ValidationError);
    assert.equal(e.message, 'Invalid Mobile Number');
    const intl = await createContact(t.b, { officeId: otherOffice, email: 'x@example.com', mobile: '+447123456789' });
    assert.equal(intl.mobile, '+447123456789');
  });

  test('a refused input reports every problem and writes nothing', async () => {
    const before = await audienceCounts(t.a);
    const e = await rejectsWith(
      createContact(t.a, {
        officeId: worthing,
        email: 'not an email',
        telephone: '123',
        fax: 'fax',
        dateOfBirth: '2013-02-30',
        gender: 'yes',
        status: 'active',
        country: 'XX',
        groups: [g.prospectsB, g.otherAccount],
        customFields: { [String(salary)]: 'ok', [String(foreignField)]: 'no', nope: 'x' },
      }),
      ValidationError,
    );
    const fields = e.issues.map((i) => i.field);
    for (const f of ['country', 'telephone', 'fax', 'email', 'dateOfBirth', 'gender', 'status', 'groups', 'customFields']) assert.ok(fields.includes(f), f);
    assert.equal(e.issues.filter((i) => i.field === 'groups').length, 2);
    assert.equal(e.issues.filter((i) => i.field === 'customFields').length, 2);
    assert.deepEqual(await audienceCounts(t.a), before);
  });

  test('office: required, must be the account\'s, 0 allocates by post code', async () => {
    const missing = await rejectsWith(createContact(t.a, { email: 'o1@example.com' }), ValidationError);
    assert.equal(missing.issues[0]?.field, 'officeId');
    const foreign = await rejectsWith(createContact(t.a, { officeId: otherOffice, email: 'o2@example.com' }), ValidationError);
    assert.equal(foreign.message, `Office ${otherOffice} not found`);
    const none = await rejectsWith(createContact(t.a, { officeId: 0, email: 'o3@example.com', postCode: 'EC1A 1BB' }), ValidationError);
    assert.equal(none.message, 'No office is allocated to post code EC1A 1BB');
    const noCode = await rejectsWith(createContact(t.a, { officeId: 0, email: 'o3@example.com' }), ValidationError);
    assert.equal(noCode.issues[0]?.field, 'officeId');
    const w = await createContact(t.a, { officeId: 0, email: 'o4@example.com', postCode: 'BN14 8AD', commonGroups: [commons.vendors] });
    assert.equal(w.officeId, worthing);
    assert.deepEqual(w.groups, [g.vendorsW]);
    const b = await createContact(t.a, { officeId: 0, email: 'o5@example.com', postCode: 'BN2 1AA' });
    assert.equal(b.officeId, brighton);
  });

  test('email or mobile is required', async () => {
    const e = await rejectsWith(createContact(t.a, { officeId: worthing, firstName: 'Nobody', email: '', mobile: '' }), ValidationError);
    assert.equal(e.message, 'Email Address or Mobile Number Required');
  });

  test('email is unique per office, case-insensitively', async () => {
    await createContact(t.a, { officeId: worthing, email: 'dup@example.com' });
    const before = await audienceCounts(t.a);
    const e = await rejectsWith(createContact(t.a, { officeId: worthing, email: 'DUP@example.COM', groups: [g.buyersW] }), ConflictError);
    assert.equal(e.message, 'Email address already exists in this office');
    assert.deepEqual(await audienceCounts(t.a), before);
    const other = await createContact(t.a, { officeId: brighton, email: 'Dup@Example.com' });
    assert.equal(other.officeId, brighton);
    const found = await findContactsByEmail(t.a, ' DUP@EXAMPLE.COM');
    assert.equal(found.length, 2);
    assert.deepEqual(await findContactsByEmail(t.b, 'dup@example.com'), []);
  });

  test('concurrent creates of one address: exactly one wins', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createContact(t.a, { officeId: brighton, email: 'race@example.com', firstName: `R${i}` })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError, String(r.reason));
    assert.equal((await findContactsByEmail(t.a, 'race@example.com')).length, 1);
  });

  test('common groups map to the office\'s groups and are ignored when groups are given', async () => {
    const c = await createContact(t.a, { officeId: brighton, email: 'cg1@example.com', commonGroups: [commons.prospects, commons.buyers] });
    assert.deepEqual(c.groups, [g.prospectsB, g.buyersB]);
    const d = await createContact(t.a, { officeId: brighton, email: 'cg2@example.com', groups: [g.buyersB], commonGroups: [commons.vendors] });
    assert.deepEqual(d.groups, [g.buyersB]);
    const e = await rejectsWith(createContact(t.a, { officeId: brighton, email: 'cg3@example.com', commonGroups: [commons.vendors] }), ValidationError);
    assert.equal(e.message, `Office ${brighton} has no group with common id ${commons.vendors}`);
    const empty = await createContact(t.a, { officeId: brighton, email: 'cg4@example.com', groups: [], commonGroups: [commons.prospects] });
    assert.deepEqual(empty.groups, [g.prospectsB]);
  });

  test('update is partial; groups replace, custom fields merge', async () => {
    const c = await createContact(t.a, {
      officeId: worthing, firstName: 'Ann', email: 'ann@example.com', mobile: '07123 111222', groups: [g.prospectsW],
      customFields: { [String(salary)]: '10', [String(hobby)]: 'golf' },
    });
    const u = await updateContact(t.a, c.id, { lastName: 'Lee', groups: [g.buyersW, g.vendorsW], customFields: { [String(salary)]: '20', [String(hobby)]: '' } });
    assert.equal(u.firstName, 'Ann');
    assert.equal(u.lastName, 'Lee');
    assert.equal(u.mobile, '+447123111222');
    assert.deepEqual(u.groups, [g.buyersW, g.vendorsW]);
    assert.deepEqual(u.customFields, { [String(salary)]: '20' });
    assert.ok(u.updatedAt >= c.updatedAt);
    const kept = await updateContact(t.a, c.id, { status: 'EXCLUDED' });
    assert.deepEqual(kept.groups, u.groups);
    assert.equal(kept.status, 'Excluded');
    const cleared = await updateContact(t.a, c.id, { groups: [], email: null });
    assert.deepEqual(cleared.groups, []);
    assert.equal(cleared.email, null);
    const e = await rejectsWith(updateContact(t.a, c.id, { mobile: '' }), ValidationError);
    assert.equal(e.message, 'Email Address or Mobile Number Required');
    const bad = await rejectsWith(updateContact(t.a, c.id, { groups: [g.prospectsB], gender: 'x' }), ValidationError);
    assert.equal(bad.issues.length, 2);
    assert.deepEqual((await getContact(t.a, c.id)).groups, []);
  });

  test('moving office keeps groups by common id and re-checks email uniqueness', async () => {
    await createContact(t.a, { officeId: brighton, email: 'mover@example.com' });
    const c = await createContact(t.a, { officeId: worthing, email: 'mover@example.com', groups: [g.prospectsW, g.buyersW] });
    const clash = await rejectsWith(updateContact(t.a, c.id, { officeId: brighton }), ConflictError);
    assert.equal(clash.field, 'email');
    const moved = await updateContact(t.a, c.id, { officeId: brighton, email: 'moved@example.com' });
    assert.equal(moved.officeId, brighton);
    assert.deepEqual(moved.groups, [g.prospectsB, g.buyersB]);
    assert.deepEqual(moved.commonGroups, c.commonGroups);
    const v = await createContact(t.a, { officeId: worthing, email: 'v@example.com', groups: [g.vendorsW] });
    const e = await rejectsWith(updateContact(t.a, v.id, { officeId: brighton }), ValidationError);
    assert.match(e.message, /has no group with common id/);
    const explicit = await updateContact(t.a, v.id, { officeId: brighton, groups: [g.buyersB] });
    assert.deepEqual(explicit.groups, [g.buyersB]);
    const wrong = await rejectsWith(updateContact(t.a, v.id, { officeId: worthing, groups: [g.buyersB] }), ValidationError);
    assert.equal(wrong.issues[0]?.field, 'groups');
  });

  test('a phone updated later uses the stored country', async () => {
    const c = await createContact(t.a, { officeId: worthing, email: 'de@example.com', country: 'DE' });
    const u = await updateContact(t.a, c.id, { telephone: '030 1234567' });
    assert.equal(u.telephone, '+49301234567');
  });

  test('delete removes the contact and its memberships', async () => {
    const c = await createContact(t.a, { officeId: worthing, email: 'gone@example.com', groups: [g.vendorsW], customFields: { [String(salary)]: '1' } });
    await rejectsWith(deleteContact(t.b, c.id), NotFoundError);
    await deleteContact(t.a, c.id);
    await rejectsWith(getContact(t.a, c.id), NotFoundError);
    await rejectsWith(deleteContact(t.a, c.id), NotFoundError);
    const members = await t.a.db.selectFrom('contactGroupMembers').select('groupId').where('contactId', '=', c.id).execute();
    assert.deepEqual(members, []);
  });

  test('other accounts\' contacts behave as nonexistent', async () => {
    const c = await createContact(t.a, { officeId: worthing, email: 'private@example.com', mobile: '+447123999888' });
    await rejectsWith(getContact(t.b, c.id), NotFoundError);
    await rejectsWith(updateContact(t.b, c.id, { firstName: 'Mallory' }), NotFoundError);
    await rejectsWith(getContact(t.a, 999_999), NotFoundError);
    assert.deepEqual(await findContactsByPhone(t.b, '+447123999888'), []);
    assert.equal((await listContacts(t.b, { limit: 100, offset: 0, search: 'private' })).total, 0);
    const e = await rejectsWith(createContact(t.b, { officeId: otherOffice, email: 'b@example.com', groups: [g.prospectsW] }), ValidationError);
    assert.equal(e.issues[0]?.field, 'groups');
    assert.equal((await getContact(t.a, c.id)).firstName, '');
  });

  test('find by phone accepts national formats and matches mobile or telephone', async () => {
    const c = await createContact(t.a, { officeId: worthing, email: 'phone@example.com', mobile: '07700 100200', telephone: '01273 555666' });
    assert.deepEqual((await findContactsByPhone(t.a, '07700-100-200')).map((x) => x.id), [c.id]);
    assert.deepEqual((await findContactsByPhone(t.a, '+44 1273 555666')).map((x) => x.id), [c.id]);
    assert.deepEqual(await findContactsByPhone(t.a, 'not a phone'), []);
  });
});
