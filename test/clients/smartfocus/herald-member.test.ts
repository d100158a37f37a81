/** The Member client against a running Herald, every method, both databases. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Member, SmartFocusError, type SmartFocusMember } from '../../../src/clients/smartfocus/index.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';

describeEachDatabase('SmartFocus Member client against Herald', (kind) => {
  let server: TestServer;
  let account: CreatedAccount;
  let member: Member;
  before(async () => {
    server = await startTestServer(kind);
    account = await server.createAccount('SF client');
    member = new Member({ baseUrl: server.baseUrl });
    const sf = account.credentials.smartfocus;
    const opened = await member.openConnection(sf.login, sf.password, sf.key);
    assert.match(opened.token, /^[A-Za-z0-9]+$/);
  });
  after(async () => {
    await server?.close();
  });

  const one = (members: SmartFocusMember[]): SmartFocusMember => {
    assert.equal(members.length, 1);
    return members[0]!;
  };

  test('wrong credentials: SmartFocusError with the documented description', async () => {
    const other = new Member({ baseUrl: server.baseUrl });
    const err = await other.openConnection(account.credentials.smartfocus.login, 'wrong pw', account.credentials.smartfocus.key).catch((e: unknown) => e);
    assert.ok(err instanceof SmartFocusError);
    assert.equal(err.description, 'No manager retrieved for those login, password.');
    assert.equal(err.httpStatus, 500);
    assert.equal(other.token, null);
  });

  test('inserts and job status; reads by email, id, cellphone, criteria; update by email with a space in the value', async () => {
    const job = await member.insertMemberByEmailAddress('john.smith+tag@example.com');
    assert.ok(job.jobId > 0);
    assert.deepEqual([(await member.getMemberJobStatus(job.jobId)).status, (await member.getMemberJobStatus(job.jobId)).email], ['Processed', 'john.smith+tag@example.com']);

    await member.insertMember({ email: 'mary@example.com', dynContent: { FIRSTNAME: 'Mary', LASTNAME: 'Jones', EMVCELLPHONE: '07911 123456' } });
    const mary = one((await member.getMemberByEmail('mary@example.com')).members);
    assert.equal(mary.attributes.FIRSTNAME, 'Mary');
    assert.equal(mary.attributes.EMVCELLPHONE, '447911123456');
    assert.equal(typeof mary.attributes.MEMBER_ID, 'number');
    assert.match(String(mary.attributes.DATEJOIN), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.equal(mary.attributes.DATEUNJOIN, null);
    const id = mary.attributes.MEMBER_ID as number;
    assert.equal(one((await member.getMemberById(id)).members).attributes.EMAIL, 'mary@example.com');
    assert.equal(one((await member.getMemberByCellphone('+447911123456')).members).attributes.EMAIL, 'mary@example.com');
    assert.equal(one((await member.getMembersByCriteria({ memberUID: { LASTNAME: 'Jones', FIRSTNAME: 'Mary' } })).members).attributes.MEMBER_ID, id);
    assert.deepEqual((await member.getMemberByEmail('nobody@example.com')).members, []);

    await member.updateMemberByEmailAddress('mary@example.com', 'LASTNAME', 'Jones Smith');
    assert.equal(one((await member.getMemberByEmail('mary@example.com')).members).attributes.LASTNAME, 'Jones Smith');
    await member.updateMember({ memberUID: { EMAIL: 'mary@example.com' }, dynContent: { FIRSTNAME: 'Marie' } });
    await member.insertOrUpdateMember({ memberUID: { EMAIL: 'new@example.com' }, dynContent: { FIRSTNAME: 'New' } });
    assert.equal(one((await member.getMemberByEmail('mary@example.com')).members).attributes.FIRSTNAME, 'Marie');
    assert.equal(one((await member.getMemberByEmail('new@example.com')).members).attributes.FIRSTNAME, 'New');
  });

  test('pretty-printed hand-written XML is sent verbatim', async () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?>\n<synchroMember>\n  <dynContent>\n    <entry><key>FIRSTNAME</key><value>Pat</value></entry>\n  </dynContent>\n  <email>pat@example.com</email>\n</synchroMember>\n';
    const job = await member.insertMember(xml);
    assert.equal((await member.getMemberJobStatus(job.jobId)).status, 'Processed');
    assert.equal(one((await member.getMemberByEmail('pat@example.com')).members).attributes.FIRSTNAME, 'Pat');
  });

  test('pages and the member table', async () => {
    for (let i = 0; i < 11; i++) await member.insertMemberByEmailAddress(`page${i}@example.com`);
    const first = await member.getMembersByPage(1);
    assert.equal(first.currentPage, 1);
    assert.equal(first.nbItemsPerPage, 10);
    assert.equal(first.members.length, 10);
    assert.ok(first.nbTotalItems >= 11);
    assert.equal(first.nbPages, Math.ceil(first.nbTotalItems / 10));
    assert.equal(first.nextPage, true);
    const last = await member.getMembersByPage(first.nbPages);
    assert.equal(last.nextPage, false);
    const table = await member.getMemberTableColumnNames();
    assert.deepEqual(table.fields.slice(0, 2), [{ name: 'MEMBER_ID', type: 'NUMBER' }, { name: 'EMAIL', type: 'STRING' }]);
  });

  test('unsubscribe and resubscribe by email, cellphone, id and value', async () => {
    await member.insertMember({ email: 'sub@example.com', dynContent: { EMVCELLPHONE: '07911000111' } });
    const id = one((await member.getMemberByEmail('sub@example.com')).members).attributes.MEMBER_ID as number;
    const unjoined = async () => one((await member.getMemberById(id)).members).attributes.DATEUNJOIN;

    await member.unsubscribeMemberByEmail('sub@example.com');
    assert.notEqual(await unjoined(), null);
    await member.resubscribeMemberByEmail('sub@example.com');
    assert.equal(await unjoined(), null);
    await member.unsubscribeMemberById(id);
    assert.notEqual(await unjoined(), null);
    await member.resubscribeMemberById(id);
    assert.equal(await unjoined(), null);
    await member.unsubscribeMemberByValue({ memberUID: { EMAIL: 'sub@example.com' } });
    assert.notEqual(await unjoined(), null);
    await member.resubscribeMemberById(id);

    // Herald keeps one subscription per contact: unjoining by cellphone sets DATEUNJOIN.
    await member.unsubscribeMemberByCellphone('07911000111');
    assert.notEqual(await unjoined(), null);
    await member.resubscribeMemberByCellphone('+447911000111');
    assert.equal(await unjoined(), null);
  });

  test('a Herald failure arrives as SmartFocusError; closeConnection ends the session', async () => {
    const err = await member.getMembersByCriteria('<synchroMember><memberUID>LASTNAME:Jones |TOWN:Worthing</memberUID></synchroMember>').catch((e: unknown) => e);
    assert.ok(err instanceof SmartFocusError);
    assert.equal(err.status, 'GET_MEMBER_FAILED');

    const sf = account.credentials.smartfocus;
    const second = new Member({ baseUrl: server.baseUrl });
    const { token } = await second.openConnection(sf.login, sf.password, sf.key);
    assert.equal((await second.closeConnection()).result, 'connection closed');
    const stale = new Member({ baseUrl: server.baseUrl, token });
    const closed = await stale.getMemberTableColumnNames().catch((e: unknown) => e);
    assert.ok(closed instanceof SmartFocusError);
    assert.equal(closed.status, 'CHECK_TOKEN_FAILED');
  });
});
