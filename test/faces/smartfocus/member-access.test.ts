import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { phpApiClient } from '../../support/php-api-call.js';
import { digestKey } from '../../../src/core/secrets/hashing.js';
import { defaultOfficeId } from '../../../src/core/audience/offices/offices.js';
import {
  assertFailure, contactRow, DECL, get, jobId, jobStatusBody, memberFixture, membersBody, NS, openToken, post, processStatus,
} from './member-fixture.js';
import { getResult, openPath, sfRequest } from '../../support/smartfocus-client.js';

const UID = '<synchroMember><memberUID>EMAIL:a@example.com</memberUID><dynContent><entry><key>FIRSTNAME</key><value>A</value></entry></dynContent><email>a@example.com</email></synchroMember>';

/** Every Member method after connect/open, in path form, path form with `{T}`, and query forms. */
function calls(t: string): Array<['GET' | 'POST', string]> {
  return [
    ['GET', `member/insert/${t}/a@example.com`],
    ['POST', `member/insertMember/${t}`],
    ['POST', `member/updateMember/${t}`],
    ['POST', `member/insertOrUpdateMember/${t}`],
    ['GET', `member/update/${t}/a@example.com/FIRSTNAME/B`],
    ['GET', `member/getMemberJobStatus/${t}/1`],
    ['GET', `member/getMemberByEmail/${t}/a@example.com`],
    ['GET', `member/getMemberByCellphone/${t}/07911123456`],
    ['GET', `member/getMemberById/${t}/1`],
    ['GET', `getListMembersByPage/${t}/1`],
    ['GET', `member/getListMembersByPage/${t}/1`],
    ['POST', `member/getMembers/${t}`],
    ['GET', `member/descMemberTable/${t}`],
    ['GET', `member/unjoinByEmail/${t}/a@example.com`],
    ['GET', `member/unjoinByCellphone/${t}/07911123456`],
    ['GET', `member/unjoinByMemberId/${t}/1`],
    ['POST', `member/unjoinMember/${t}`],
    ['GET', `member/rejoinByEmail/${t}/a@example.com`],
    ['GET', `member/rejoinByCellphone/${t}/07911123456`],
    ['GET', `member/rejoinByMemberId/${t}/1`],
    ['GET', `member/insert?token=${t}&email=a@example.com`],
    ['GET', `member/update?token=${t}&email=a@example.com&field=FIRSTNAME&value=B`],
    ['GET', `member/getMemberJobStatus?token=${t}&synchroId=1`],
    ['GET', `member/getMemberById?token=${t}&id=1`],
    ['GET', `getListMembersByPage?token=${t}&page=1`],
    ['GET', `member/descMemberTable?token=${t}`],
    ['GET', `member/unjoinByMemberId?token=${t}&id=1`],
    ['GET', `member/rejoinByMemberId?token=${t}&id=1`],
    ['GET', `member/getMemberByCellphone?token=${t}&cellphone=07911123456`],
  ];
}

describeEachDatabase('SmartFocus Member REST: tokens, isolation, other faces', (kind) => {
  // Every method is tried with unknown tokens: more failures than the default limit allows one address.
  const f = memberFixture(kind, { authThrottle: { windowMs: 60_000, maxPerIp: 1000, maxPerCredential: 1000 } });

  test('closed, expired and unknown tokens are refused on every method; nothing is written', async () => {
    const closed = await openToken(f.server, f.account);
    assert.match((await get(f.server, `connect/close/${closed}`)).body, /connection closed/);
    const expired = await openToken(f.server, f.account);
    await f.server.core.db.updateTable('apiTokens').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where('tokenHash', '=', digestKey(expired)).execute();
    const cases: Array<[string, string]> = [
      [closed, 'No available connection for the specified token.'],
      [expired, 'Your token has expired.'],
      ['Unknown0Token0000000000000000000000000000000000', 'No available connection for the specified token.'],
    ];
    for (const [token, text] of cases) {
      for (const [method, path] of calls(token)) {
        const res = method === 'GET' ? await get(f.server, path) : await post(f.server, path, UID);
        assertFailure(res, 'CHECK_TOKEN_FAILED', text);
      }
    }
    // A batch token is not a member token.
    const sf = f.account.credentials.smartfocus;
    const batchToken = getResult((await sfRequest(f.server.baseUrl, 'GET', openPath('/apibatchmember/services/rest', sf.login, sf.password, sf.key))).body);
    assertFailure(await get(f.server, `member/descMemberTable/${batchToken}`), 'CHECK_TOKEN_FAILED', 'No available connection for the specified token.');
    assertFailure(await get(f.server, 'member/descMemberTable?token='), 'CHECK_TOKEN_FAILED', 'You must fill in the token parameter');
    const jobs = await f.server.core.db.selectFrom('memberJobs').select('id').where('accountId', '=', f.account.id).execute();
    assert.equal(jobs.length, 0);
  });

  test("another account's members and jobs are invisible", async () => {
    const other = await f.server.createAccount('Other');
    const theirs = await openToken(f.server, other);
    const job = jobId(await get(f.server, `member/insert/${f.token}/mine@example.com`));
    const id = Number((await contactRow(f, 'mine@example.com')).id);
    assert.equal((await get(f.server, `member/getMemberById/${theirs}/${id}`)).body, membersBody([]));
    assert.equal((await get(f.server, `member/getMemberByEmail/${theirs}/mine@example.com`)).body, membersBody([]));
    assert.equal(
      (await get(f.server, `member/getMemberJobStatus/${theirs}/${job}`)).body,
      `${DECL}<response responseStatus="success" ${NS}><processStatus><status>Job_Done_Or_Does_Not_Exist</status></processStatus></response>`,
    );
    assert.match((await get(f.server, `getListMembersByPage/${theirs}/1`)).body, /<nbTotalItems>0<\/nbTotalItems>/);
    const tryUnjoin = jobId(await get(f.server, `member/unjoinByMemberId/${theirs}/${id}`));
    assert.equal((await get(f.server, `member/getMemberJobStatus/${theirs}/${tryUnjoin}`)).body, processStatus('Error', null));
    const upd = jobId(await post(f.server, `member/updateMember/${theirs}`, `<synchroMember><memberUID>MEMBER_ID:${id}</memberUID><dynContent><entry><key>FIRSTNAME</key><value>Hacked</value></entry></dynContent></synchroMember>`));
    assert.equal((await get(f.server, `member/getMemberJobStatus/${theirs}/${upd}`)).body, processStatus('Error', null));
    // Their insert of the same address is a separate member in their own account.
    const mine = await contactRow(f, 'mine@example.com');
    assert.equal(mine.unsubscribedAt, null);
    assert.equal(mine.firstName, '');
    const own = jobId(await get(f.server, `member/insert/${theirs}/mine@example.com`));
    assert.equal((await get(f.server, `member/getMemberJobStatus/${theirs}/${own}`)).body, processStatus('Processed', 'mine@example.com'));
  });

  test('a member created through SmartFocus is a FranchiseMailer contact, and the other way round', async () => {
    const api = phpApiClient(f.server.baseUrl, f.account.credentials.franchisemailer);
    const xml = '<synchroMember><dynContent><entry><key>FIRSTNAME</key><value>Sam</value></entry><entry><key>EMVCELLPHONE</key><value>07911 222333</value></entry></dynContent><email>sam@example.com</email></synchroMember>';
    jobId(await post(f.server, `member/insertMember/${f.token}`, xml));
    const listed = await api('GET', '/contacts?limit=500');
    assert.equal(listed.status, 200, listed.text);
    const contacts = (listed.json as { data: { contacts: Array<Record<string, string>> } }).data.contacts;
    const sam = contacts.find((c) => c.email === 'sam@example.com');
    assert.ok(sam, listed.text);
    assert.equal(sam.first_name, 'Sam');
    assert.equal(sam.mobile, '+447911222333');

    const office = await defaultOfficeId({ db: f.server.core.db, accountId: f.account.id });
    const group = await api('POST', '/contactgroups', { name: 'SF test', offices: String(office) });
    assert.equal(group.status, 201, group.text);
    const groupId = (group.json as { data: { contact_groups: Array<{ id: string }> } }).data.contact_groups[0]!.id;
    const created = await api('POST', '/contacts', { email: 'fm.made@example.com', first_name: 'Fran', office: String(office), groups: groupId });
    assert.equal(created.status, 201, created.text);
    const res = await get(f.server, `member/getMemberByEmail/${f.token}/fm.made@example.com`);
    assert.match(res.body, /<entry><key>EMAIL<\/key><value xsi:type="xs:string">fm\.made@example\.com<\/value><\/entry>/);
    assert.match(res.body, /<entry><key>FIRSTNAME<\/key><value xsi:type="xs:string">Fran<\/value><\/entry>/);
    // And SmartFocus refuses to insert the address again (one member per address in the account).
    const dup = jobId(await get(f.server, `member/insert/${f.token}/fm.made@example.com`));
    assert.equal(await jobStatusBody(f, dup), processStatus('Error', 'fm.made@example.com'));
  });
});
