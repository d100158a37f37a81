import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { getResult } from '../../support/smartfocus-client.js';
import { createCustomField } from '../../../src/core/audience/custom-fields/custom-fields.js';
import {
  assertFailure, contactRow, d, DECL, get, jobId, jobStatusBody, memberFixture, membersBody, n, nil, NS, post, processStatus, s, sfDate,
} from './member-fixture.js';

/** The member columns of an email-only member created through the API, in table order. */
function plainMember(id: number, email: string, joined: string, extra: Record<string, string> = {}): string[] {
  const v = (key: string): string => (extra[key] === undefined ? nil(key) : s(key, extra[key]!));
  return [
    n('MEMBER_ID', id), s('EMAIL', email), nil('EMAIL_FORMAT'), v('FIRSTNAME'), v('LASTNAME'), v('TITLE'), nil('DATEOFBIRTH'),
    d('DATEJOIN', sfDate(joined)), nil('DATEUNJOIN'), nil('SMS_DATE_UNJOIN'), s('SOURCE', extra.SOURCE ?? 'API'), v('EMVCELLPHONE'),
    nil('EMVHBQ'), nil('HBQ_REASON'), v('COMPANY'), v('TOWN'), v('POSTCODE'), v('COUNTRY'),
  ];
}

describeEachDatabase('SmartFocus Member REST: writes', (kind) => {
  const f = memberFixture(kind);

  test('insertMemberByEmailAddress: job id exactly as the vendor, job Processed, member readable', async () => {
    const id = jobId(await get(f.server, `member/insert/${f.token}/ann@example.com`));
    assert.equal(await jobStatusBody(f, id), processStatus('Processed', 'ann@example.com'));
    const row = await contactRow(f, 'ann@example.com');
    const res = await get(f.server, `member/getMemberByEmail/${f.token}/ann@example.com`);
    assert.equal(res.status, 200);
    assert.equal(res.body, membersBody([plainMember(Number(row.id), 'ann@example.com', row.joinedAt)]));
    assert.equal(row.source, 'API');
    const office = await f.server.core.db.selectFrom('offices').select('id').where('accountId', '=', f.account.id).orderBy('id').executeTakeFirstOrThrow();
    assert.equal(Number(row.officeId), Number(office.id), 'members live in the default office');
  });

  test('query-string forms of insert and getMemberJobStatus (synchroId)', async () => {
    const q = new URLSearchParams({ token: f.token, email: 'query.form@example.com' });
    const id = jobId(await get(f.server, `member/insert?${q}`));
    const status = await get(f.server, `member/getMemberJobStatus?token=${f.token}&synchroId=${id}`);
    assert.equal(status.body, processStatus('Processed', 'query.form@example.com'));
  });

  test('an email with a literal + is kept (raw path), and a pre-encoded %2B decodes to the same address', async () => {
    jobId(await get(f.server, `member/insert/${f.token}/john.smith+tag@example.com`));
    const row = await contactRow(f, 'john.smith+tag@example.com');
    assert.equal(row.email, 'john.smith+tag@example.com');
    for (const spelled of ['john.smith+tag@example.com', 'john.smith%2Btag@example.com', 'JOHN.SMITH+TAG@example.com']) {
      const res = await get(f.server, `member/getMemberByEmail/${f.token}/${spelled}`);
      assert.equal(res.body, membersBody([plainMember(Number(row.id), 'john.smith+tag@example.com', row.joinedAt)]), spelled);
    }
  });

  test('inserting an existing address returns a job id whose job is in Error; no second contact', async () => {
    jobId(await get(f.server, `member/insert/${f.token}/dup@example.com`));
    const id = jobId(await get(f.server, `member/insert/${f.token}/Dup@Example.com`));
    assert.equal(await jobStatusBody(f, id), processStatus('Error', 'Dup@Example.com'));
    const job = await f.server.core.db.selectFrom('memberJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(job.error, 'A member with the email address Dup@Example.com already exists.');
    const count = await f.server.core.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('emailKey', '=', 'dup@example.com').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
    const bad = jobId(await get(f.server, `member/insert/${f.token}/not-an-email`));
    assert.equal(await jobStatusBody(f, bad), processStatus('Error', 'not-an-email'));
  });

  test('insertMember with a pretty-printed synchroMember (dynContent incl. a custom field, lower-case key)', async () => {
    await createCustomField({ db: f.server.core.db, accountId: f.account.id }, { name: 'Loyalty tier', description: 'Tier' });
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<synchroMember>
    <dynContent>
        <entry>
            <key>FIRSTNAME</key>
            <value>John</value>
        </entry>
        <entry><key>lastname</key><value>Smith &amp; Sons</value></entry>
        <entry><key>LOYALTY_TIER</key><value>Gold</value></entry>
        <entry><key>EMVCELLPHONE</key><value>07911 123456</value></entry>
        <entry><key>EMAIL_FORMAT</key><value>2</value></entry>
    </dynContent>
    <email>john@example.com</email>
</synchroMember>
`;
    const id = jobId(await post(f.server, `member/insertMember/${f.token}`, xml));
    assert.equal(await jobStatusBody(f, id), processStatus('Processed', 'john@example.com'));
    const row = await contactRow(f, 'john@example.com');
    const res = await get(f.server, `member/getMemberById/${f.token}/${row.id}`);
    const member = plainMember(Number(row.id), 'john@example.com', row.joinedAt, { FIRSTNAME: 'John', LASTNAME: 'Smith &amp; Sons', EMVCELLPHONE: '447911123456' });
    assert.equal(res.body, membersBody([[...member, s('LOYALTY_TIER', 'Gold')]]));
  });

  test('updateMember by memberUID criteria (pretty-printed); no match ends the job in Error', async () => {
    jobId(await get(f.server, `member/insert/${f.token}/upd@example.com`));
    const body = (uid: string) => `<?xml version="1.0" encoding="utf-8"?>
<synchroMember>
  <memberUID>${uid}</memberUID>
  <dynContent>
    <entry><key>FIRSTNAME</key><value>Updated</value></entry>
    <entry><key>TOWN</key><value>Worthing</value></entry>
  </dynContent>
</synchroMember>`;
    const id = jobId(await post(f.server, `member/updateMember/${f.token}`, body('EMAIL:UPD@example.com|SOURCE:API')));
    assert.equal(await jobStatusBody(f, id), processStatus('Processed', 'upd@example.com'));
    const row = await contactRow(f, 'upd@example.com');
    assert.equal(row.firstName, 'Updated');
    assert.equal(row.town, 'Worthing');
    const none = jobId(await post(f.server, `member/updateMember/${f.token}`, body('EMAIL:upd@example.com|SOURCE:Other')));
    assert.equal(await jobStatusBody(f, none), processStatus('Error', null));
  });

  test('whitespace inside memberUID fails as the real service does (UPDATE_MEMBER_FAILED / ISTUPD_MEMBER_FAILED)', async () => {
    const body = `<synchroMember>
  <memberUID>
    EMAIL:upd@example.com
  </memberUID>
  <dynContent><entry><key>FIRSTNAME</key><value>X</value></entry></dynContent>
</synchroMember>`;
    const description = 'The memberUID must not contain spaces, tabs or line breaks.';
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, body), 'UPDATE_MEMBER_FAILED', description);
    assertFailure(await post(f.server, `member/insertOrUpdateMember/${f.token}`, body), 'ISTUPD_MEMBER_FAILED', description);
    const spaced = '<synchroMember><memberUID>EMAIL:upd@example.com| LASTNAME:Smith</memberUID></synchroMember>';
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, spaced), 'UPDATE_MEMBER_FAILED', description);
    assert.equal((await contactRow(f, 'upd@example.com')).firstName, 'Updated', 'nothing was written');
  });

  test('malformed XML, unknown and read-only columns refuse the call', async () => {
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, '<synchroMember><memberUID>EMAIL:a@b.co</synchroMember>'), 'UPDATE_MEMBER_FAILED', 'The request body is not well-formed XML.');
    assertFailure(await post(f.server, `member/insertMember/${f.token}`, '<other/>'), 'INSERT_MEMBER_FAILED', 'The request body must be a synchroMember XML document.');
    const unknown = '<synchroMember><memberUID>EMAIL:upd@example.com</memberUID><dynContent><entry><key>NOPE</key><value>1</value></entry></dynContent></synchroMember>';
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, unknown), 'UPDATE_MEMBER_FAILED', 'Unknown field NOPE.', 'NOPE');
    const readOnly = '<synchroMember><memberUID>EMAIL:upd@example.com</memberUID><dynContent><entry><key>DATEJOIN</key><value>2020-01-01</value></entry></dynContent></synchroMember>';
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, readOnly), 'UPDATE_MEMBER_FAILED', 'Field DATEJOIN cannot be updated.', 'DATEJOIN');
    const badKey = '<synchroMember><memberUID>WHO:x</memberUID></synchroMember>';
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, badKey), 'UPDATE_MEMBER_FAILED', 'Unknown field WHO in memberUID.', 'WHO');
    assertFailure(await post(f.server, `member/updateMember/${f.token}`, '<synchroMember><dynContent/></synchroMember>'), 'UPDATE_MEMBER_FAILED', 'You must fill in the memberUID parameter', 'memberUID');
  });

  test('insertOrUpdateMember: the library README body inserts, then the same call updates', async () => {
    // README: sprintf($xml, 'john.smith@example.com', 'John', 'Smith') into this shape.
    const xml = (first: string) =>
      `<?xml version="1.0" encoding="utf-8"?>\n<synchroMember>\n    <memberUID>EMAIL:readme@example.com</memberUID>\n    <dynContent>\n        <entry>\n            <key>FIRSTNAME</key>\n            <value>${first}</value>\n        </entry>\n        <entry>\n            <key>LASTNAME</key>\n            <value>Smith</value>\n        </entry>\n    </dynContent>\n</synchroMember>`;
    const first = jobId(await post(f.server, `member/insertOrUpdateMember/${f.token}`, xml('John')));
    assert.equal(await jobStatusBody(f, first), processStatus('Processed', 'readme@example.com'));
    const row = await contactRow(f, 'readme@example.com');
    assert.deepEqual([row.firstName, row.lastName, row.source], ['John', 'Smith', 'API']);
    const second = jobId(await post(f.server, `member/insertOrUpdateMember/${f.token}`, xml('Johnny')));
    assert.ok(second > first);
    const again = await contactRow(f, 'readme@example.com');
    assert.equal(again.id, row.id);
    assert.equal(again.firstName, 'Johnny');
  });

  test('updateMemberByEmailAddress: path and query forms; unknown field refused naming it', async () => {
    jobId(await get(f.server, `member/insert/${f.token}/field@example.com`));
    const id = jobId(await get(f.server, `member/update/${f.token}/field@example.com/FIRSTNAME/Jane`));
    assert.equal(await jobStatusBody(f, id), processStatus('Processed', 'field@example.com'));
    assert.equal((await contactRow(f, 'field@example.com')).firstName, 'Jane');
    const q = new URLSearchParams({ token: f.token, email: 'field@example.com', field: 'lastname', value: 'Doe Smith' });
    jobId(await get(f.server, `member/update?${q}`));
    assert.equal((await contactRow(f, 'field@example.com')).lastName, 'Doe Smith');
    // A pre-encoded value (the client cannot send a raw space) is decoded.
    jobId(await get(f.server, `member/update/${f.token}/field@example.com/TOWN/West%20Tarring`));
    assert.equal((await contactRow(f, 'field@example.com')).town, 'West Tarring');
    assertFailure(await get(f.server, `member/update/${f.token}/field@example.com/SHOESIZE/42`), 'UPDATE_MEMBER_FAILED', 'Unknown field SHOESIZE.', 'SHOESIZE');
    assertFailure(await get(f.server, `member/update/${f.token}/field@example.com/MEMBER_ID/42`), 'UPDATE_MEMBER_FAILED', 'Field MEMBER_ID cannot be updated.', 'MEMBER_ID');
    const invalid = jobId(await get(f.server, `member/update/${f.token}/field@example.com/DATEOFBIRTH/1990-02-30`));
    assert.equal(await jobStatusBody(f, invalid), processStatus('Error', 'field@example.com'));
    const nobody = jobId(await get(f.server, `member/update/${f.token}/nobody@example.com/FIRSTNAME/X`));
    assert.equal(await jobStatusBody(f, nobody), processStatus('Error', 'nobody@example.com'));
  });

  test('getMemberJobStatus of an unknown id: Job_Done_Or_Does_Not_Exist exactly; non-numeric refused', async () => {
    const res = await get(f.server, `member/getMemberJobStatus/${f.token}/999999999`);
    assert.equal(res.body, `${DECL}<response responseStatus="success" ${NS}><processStatus><status>Job_Done_Or_Does_Not_Exist</status></processStatus></response>`);
    assertFailure(await get(f.server, `member/getMemberJobStatus/${f.token}/abc`), 'GET_MEMBER_JOB_STATUS_FAILED', 'The synchroId parameter must be a positive integer.', 'abc');
    assert.throws(() => getResult(res.body));
  });
});
