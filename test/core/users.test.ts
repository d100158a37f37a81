import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { rejectsWith, twoAccounts, type TwoAccounts } from './fixture.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { createOffice } from '../../src/core/audience/offices/offices.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserInput } from '../../src/core/audience/users/users.js';
import { verifyPassword } from '../../src/core/secrets/hashing.js';

describeEachDatabase('users', (kind) => {
  let t: TwoAccounts;
  let officeA1: number;
  let officeA2: number;
  let officeB: number;
  const joe = (overrides: UserInput = {}): UserInput => ({
    username: 'joe.bloggs',
    password: 'Qwertyu1',
    firstName: 'Joe',
    lastName: 'Bloggs',
    email: 'joe.bloggs@example.co.uk',
    offices: [officeA2, officeA1],
    ...overrides,
  });
  const passwordHash = async (id: number) =>
    (await t.a.db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow()).passwordHash;

  before(async () => {
    t = await twoAccounts(kind);
    officeA1 = (await createOffice(t.a, { name: 'A1' })).id;
    officeA2 = (await createOffice(t.a, { name: 'A2' })).id;
    officeB = (await createOffice(t.b, { name: 'B' })).id;
  });
  after(() => t.dispose());

  test('create: trimmed fields, hashed password, inactive by default, offices sorted', async () => {
    const user = await createUser(t.a, joe({ username: ' joe.bloggs ', telephone: ' 01903 123 456 ' }));
    assert.equal(user.username, 'joe.bloggs');
    assert.equal(user.telephone, '01903 123 456');
    assert.equal(user.jobTitle, '');
    assert.equal(user.active, false);
    assert.deepEqual(user.offices, [officeA1, officeA2].sort((a, b) => a - b));
    assert.equal(user.lastLogin, null);
    assert.ok(user.lastPasswordChange !== null && !Number.isNaN(Date.parse(user.lastPasswordChange)));
    const hash = await passwordHash(user.id);
    assert.notEqual(hash, 'Qwertyu1');
    assert.ok(await verifyPassword('Qwertyu1', hash));
    assert.deepEqual(await getUser(t.a, user.id), user);
    assert.ok((await createUser(t.a, joe({ username: 'active.joe', active: true }))).active);
  });

  test('every missing or bad field is reported at once and nothing is written', async () => {
    const before = await listUsers(t.a);
    const err = await rejectsWith(createUser(t.a, { firstName: ' ' }), ValidationError);
    assert.deepEqual(err.issues.map((i) => i.field).sort(), ['email', 'firstName', 'lastName', 'offices', 'password', 'username']);
    const bad = await rejectsWith(createUser(t.a, joe({ username: 'new.one', password: 'short', email: 'nope', offices: [officeA1, officeB, 999_999] })), ValidationError);
    assert.deepEqual(bad.issues.map((i) => [i.field, i.code]), [
      ['email', 'invalid'],
      ['password', 'invalid'],
      ['offices', 'unknown'],
    ]);
    assert.match(bad.issues[1]!.message, /at least 8 characters/);
    assert.match(bad.issues[2]!.message, new RegExp(`${officeB}.*999999`));
    await rejectsWith(createUser(t.a, joe({ username: 'no.offices', offices: [] })), ValidationError);
    assert.deepEqual(await listUsers(t.a), before);
  });

  test('usernames are unique per account', async () => {
    const err = await rejectsWith(createUser(t.a, joe()), ConflictError);
    assert.equal(err.message, 'Username already exists');
    const inB = await createUser(t.b, joe({ offices: [officeB] }));
    assert.equal(inB.username, 'joe.bloggs');
    // A race between two creations is settled by the unique index.
    const results = await Promise.allSettled([createUser(t.a, joe({ username: 'racer' })), createUser(t.a, joe({ username: 'racer' }))]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const rejected = results.find((r) => r.status === 'rejected');
    assert.ok(rejected?.status === 'rejected' && rejected.reason instanceof ConflictError);
  });

  test('update: partial changes, new password, offices replaced, conflicts refused', async () => {
    const user = await createUser(t.a, joe({ username: 'updatable' }));
    const oldHash = await passwordHash(user.id);
    await new Promise((r) => setTimeout(r, 5));
    const updated = await updateUser(t.a, user.id, { jobTitle: 'Director', active: true, offices: [officeA1], password: 'NewPassword9' });
    assert.equal(updated.jobTitle, 'Director');
    assert.equal(updated.firstName, 'Joe');
    assert.equal(updated.active, true);
    assert.deepEqual(updated.offices, [officeA1]);
    assert.ok(updated.lastPasswordChange! > user.lastPasswordChange!);
    assert.notEqual(await passwordHash(user.id), oldHash);
    assert.ok(await verifyPassword('NewPassword9', await passwordHash(user.id)));

    const same = await updateUser(t.a, user.id, { username: 'updatable', telephone: '1' });
    assert.equal(same.lastPasswordChange, updated.lastPasswordChange);
    await rejectsWith(updateUser(t.a, user.id, { username: 'joe.bloggs' }), ConflictError);
    await rejectsWith(updateUser(t.a, user.id, { lastName: '', offices: [officeB] }), ValidationError);
    await rejectsWith(updateUser(t.a, user.id, { password: 'short' }), ValidationError);
    assert.deepEqual(await getUser(t.a, user.id), same);
  });

  test('users of another account read as not found and stay untouched', async () => {
    const theirs = await createUser(t.b, joe({ username: 'theirs', offices: [officeB] }));
    await rejectsWith(getUser(t.a, theirs.id), NotFoundError);
    await rejectsWith(updateUser(t.a, theirs.id, { firstName: 'Hijacked' }), NotFoundError);
    await rejectsWith(deleteUser(t.a, theirs.id), NotFoundError);
    await rejectsWith(getUser(t.a, 999_999), NotFoundError);
    assert.equal((await getUser(t.b, theirs.id)).firstName, 'Joe');
    assert.ok(!(await listUsers(t.a)).some((u) => u.id === theirs.id));
  });

  test('delete removes the user and its office links', async () => {
    const user = await createUser(t.a, joe({ username: 'leaving' }));
    await deleteUser(t.a, user.id);
    await rejectsWith(getUser(t.a, user.id), NotFoundError);
    const links = await t.a.db.selectFrom('userOffices').select('officeId').where('userId', '=', user.id).execute();
    assert.equal(links.length, 0);
  });
});
