import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { contactsOf, freshAccount, importFixture, logOf, rowLines, runImport, type ImportFixture } from './helpers.js';

describeEachDatabase('imports: modes, replace and dedup', (kind) => {
  let t: ImportFixture;
  before(async () => {
    t = await importFixture(kind);
  });
  after(() => t.dispose());

  const SEED = 'EMAIL,FIRSTNAME,LASTNAME\nann@example.com,Ann,Old\nbob@example.com,Bob,Old\n';

  test('insert adds new contacts and leaves existing ones unchanged', async () => {
    const a = await freshAccount(t);
    assert.equal((await runImport(t, a, SEED, { mode: 'insert' })).status, 'done');
    const job = await runImport(t, a, 'EMAIL,FIRSTNAME,LASTNAME\nANN@example.com,Annie,New\ncat@example.com,Cat,New\n', { mode: 'insert' });
    assert.deepEqual(job.counters, { read: 2, inserted: 1, updated: 0, unchanged: 1, rejected: 0 });
    assert.equal(job.status, 'done');
    assert.equal(job.progress, 100);
    const rows = await contactsOf(a);
    assert.deepEqual(rows.map((r) => [r.email, r.firstName, r.lastName]), [
      ['ann@example.com', 'Ann', 'Old'], ['bob@example.com', 'Bob', 'Old'], ['cat@example.com', 'Cat', 'New'],
    ]);
  });

  test('update changes existing contacts only and rejects unknown keys', async () => {
    const a = await freshAccount(t);
    await runImport(t, a, SEED, { mode: 'insert' });
    const job = await runImport(t, a, 'EMAIL,FIRSTNAME,LASTNAME\nann@example.com,Annie,New\ncat@example.com,Cat,New\n', { mode: 'update' });
    assert.deepEqual(job.counters, { read: 2, inserted: 0, updated: 1, unchanged: 0, rejected: 1 });
    assert.equal(job.status, 'done_with_errors');
    assert.deepEqual(rowLines(await logOf(t, a, job.id)), ['row 3, column EMAIL: no existing contact with this email address']);
    const rows = await contactsOf(a);
    assert.deepEqual(rows.map((r) => [r.email, r.firstName, r.lastName]), [['ann@example.com', 'Annie', 'New'], ['bob@example.com', 'Bob', 'Old']]);
  });

  test('upsert updates existing contacts and inserts new ones', async () => {
    const a = await freshAccount(t);
    await runImport(t, a, SEED, { mode: 'insert' });
    const job = await runImport(t, a, 'EMAIL,FIRSTNAME,LASTNAME\nbob@example.com,Robert,New\ncat@example.com,Cat,New\n', { mode: 'upsert' });
    assert.deepEqual(job.counters, { read: 2, inserted: 1, updated: 1, unchanged: 0, rejected: 0 });
    const rows = await contactsOf(a);
    assert.deepEqual(rows.map((r) => [r.email, r.firstName]), [['ann@example.com', 'Ann'], ['bob@example.com', 'Robert'], ['cat@example.com', 'Cat']]);
  });

  test('keep-if-empty columns keep stored values; replace columns clear them', async () => {
    const a = await freshAccount(t);
    await runImport(t, a, 'EMAIL,FIRSTNAME,LASTNAME,TOWN\nann@example.com,Ann,Smith,Worthing\n', { mode: 'insert' });
    const mapping = [
      { column: 1, field: 'email', replace: true },
      { column: 2, field: 'firstName', replace: false },
      { column: 3, field: 'lastName', replace: true },
      { column: 4, field: 'town', replace: false },
    ];
    const job = await runImport(t, a, 'EMAIL,FIRSTNAME,LASTNAME,TOWN\nann@example.com,,,Hove\n', { mode: 'update', mapping });
    assert.equal(job.counters.updated, 1);
    const [row] = await contactsOf(a);
    assert.deepEqual([row!.firstName, row!.lastName, row!.town], ['Ann', '', 'Hove']);
  });

  test('in-file duplicates: first wins by default, last wins when asked', async () => {
    const file = 'EMAIL,FIRSTNAME\nann@example.com,First\nbob@example.com,Bob\nAnn@Example.com,Second\n';
    const a = await freshAccount(t);
    const first = await runImport(t, a, file);
    assert.deepEqual(first.counters, { read: 3, inserted: 2, updated: 0, unchanged: 0, rejected: 1 });
    assert.deepEqual(rowLines(await logOf(t, a, first.id)), ['row 4, column EMAIL: duplicate of an earlier row in this file']);
    assert.equal((await contactsOf(a))[0]!.firstName, 'First');

    const b = await freshAccount(t);
    const last = await runImport(t, b, file, { dedupOrder: 'last' });
    assert.deepEqual(last.counters, { read: 3, inserted: 2, updated: 0, unchanged: 0, rejected: 1 });
    assert.deepEqual(rowLines(await logOf(t, b, last.id)), ['row 2, column EMAIL: duplicate of a later row in this file']);
    assert.deepEqual((await contactsOf(b)).map((r) => r.firstName).sort(), ['Bob', 'Second']);
  });

  test('a duplicate far apart in the file (another batch) is recognised through last_import_id', async () => {
    const a = await freshAccount(t);
    const lines = ['EMAIL,FIRSTNAME'];
    for (let i = 0; i < 9000; i++) lines.push(`c${i}@example.com,N${i}`);
    lines.push('c5@example.com,Again');
    const job = await runImport(t, a, lines.join('\n') + '\n');
    assert.deepEqual(job.counters, { read: 9001, inserted: 9000, updated: 0, unchanged: 0, rejected: 1 });
    assert.deepEqual(rowLines(await logOf(t, a, job.id)), ['row 9002, column EMAIL: duplicate of an earlier row in this file']);
    // A second import of the same file is no in-file duplicate: every row updates.
    const again = await runImport(t, a, lines.slice(0, 3).join('\n') + '\n');
    assert.deepEqual(again.counters, { read: 2, inserted: 0, updated: 2, unchanged: 0, rejected: 0 });
  });

  test('dedup by mobile and by member id', async () => {
    const a = await freshAccount(t);
    const byMobile = await runImport(t, a, 'MOBILE,FIRSTNAME\n07123 456789,Ann\n+447123456789,Dup\n07999 111222,Bob\n', { dedupKey: 'mobile' });
    assert.deepEqual(byMobile.counters, { read: 3, inserted: 2, updated: 0, unchanged: 0, rejected: 1 });
    const update = await runImport(t, a, 'MOBILE,FIRSTNAME\n07123456789,Annie\n', { dedupKey: 'mobile', mode: 'update' });
    assert.equal(update.counters.updated, 1);
    const rows = await contactsOf(a);
    assert.deepEqual(rows.map((r) => [r.mobile, r.firstName]), [['+447123456789', 'Annie'], ['+447999111222', 'Bob']]);

    const byId = await runImport(t, a, `MEMBER_ID,FIRSTNAME\n${rows[1]!.id},Robert\n999999,Nobody\n`, { dedupKey: 'memberId', mode: 'update' });
    assert.deepEqual(byId.counters, { read: 2, inserted: 0, updated: 1, unchanged: 0, rejected: 1 });
    assert.equal((await contactsOf(a))[1]!.firstName, 'Robert');
  });

  test('a row keyed by mobile cannot take an email another contact of the office has', async () => {
    const a = await freshAccount(t);
    await runImport(t, a, 'EMAIL,FIRSTNAME\nann@example.com,Ann\n');
    const job = await runImport(t, a, 'MOBILE,EMAIL\n07123456789,ann@example.com\n07123456780,new@example.com\n07123456781,new@example.com\n', { dedupKey: 'mobile' });
    assert.deepEqual(job.counters, { read: 3, inserted: 1, updated: 0, unchanged: 0, rejected: 2 });
    assert.deepEqual(rowLines(await logOf(t, a, job.id)), [
      'row 2, column EMAIL: email address already belongs to another contact of the office',
      'row 4, column EMAIL: email address already belongs to another contact of the office',
    ]);
  });

  test('skipUnsubscribedAndHardBounced leaves those contacts untouched, counted unchanged', async () => {
    const a = await freshAccount(t);
    await runImport(t, a, 'EMAIL,FIRSTNAME\nu@example.com,U\nh@example.com,H\nok@example.com,Ok\n');
    const now = new Date().toISOString();
    await a.db.updateTable('contacts').set({ unsubscribedAt: now }).where('accountId', '=', a.accountId).where('emailKey', '=', 'u@example.com').execute();
    await a.db.updateTable('contacts').set({ hardBouncedAt: now }).where('accountId', '=', a.accountId).where('emailKey', '=', 'h@example.com').execute();
    const file = 'EMAIL,FIRSTNAME\nu@example.com,Changed\nh@example.com,Changed\nok@example.com,Changed\n';
    const skipped = await runImport(t, a, file, { skipUnsubscribedAndHardBounced: true });
    assert.deepEqual(skipped.counters, { read: 3, inserted: 0, updated: 1, unchanged: 2, rejected: 0 });
    assert.deepEqual((await contactsOf(a)).map((r) => r.firstName), ['U', 'H', 'Changed']);
    const all = await runImport(t, a, file, { skipUnsubscribedAndHardBounced: false });
    assert.deepEqual(all.counters, { read: 3, inserted: 0, updated: 3, unchanged: 0, rejected: 0 });
  });
});
