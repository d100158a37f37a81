import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Member, SmartFocusError, SmartFocusNotConnectedError } from '../../../src/clients/smartfocus/index.js';
import { bodyText, cannedTransport, content, failed, only, result } from './fixtures.js';

const BASE = 'https://127.0.0.1:8443';
const P = `${BASE}/apimember/services/rest`;
const GET_HEADERS = { Accept: '*/*' };
const POST_HEADERS = { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'application/xml' };

async function connected(rules: Array<[string, string, number?]> = []) {
  const transport = cannedTransport([['/connect/open/', result('xs:string', 'TOKEN123')], ...rules]);
  const member = new Member({ baseUrl: `${BASE}/`, transport });
  await member.openConnection('login', 'pw', 'KEY');
  return { member, transport };
}

describe('SmartFocus Member client: requests byte for byte (docs/protocols/smartfocus.md §Transport, §Member, §Session, §Paths)', () => {
  test('openConnection: password PHP-urlencoded, login and key raw, GET with Accept */* only; the token is kept', async () => {
    const transport = cannedTransport([['/connect/open/', result('xs:string', 'TOKEN123')]]);
    const member = new Member({ baseUrl: BASE, transport });
    const opened = await member.openConnection('my_login', 'p@ss w/rd+&%', 'CdX7Crl-AB_c');
    assert.deepEqual(only(transport), { method: 'GET', url: `${P}/connect/open/my_login/p%40ss+w%2Frd%2B%26%25/CdX7Crl-AB_c`, headers: GET_HEADERS });
    assert.equal(opened.token, 'TOKEN123');
    assert.equal(member.token, 'TOKEN123');
    assert.match(opened.raw, /<result xsi:type="xs:string"/);
  });

  test('closeConnection: connect/close/{token}; the token is forgotten', async () => {
    const { member, transport } = await connected([['/connect/close/', result('xs:string', 'connection closed')]]);
    const closed = await member.closeConnection();
    assert.equal(only(transport).url, `${P}/connect/close/TOKEN123`);
    assert.equal(closed.result, 'connection closed');
    assert.equal(member.token, null);
    await assert.rejects(member.insertMemberByEmailAddress('a@b.c'), SmartFocusNotConnectedError);
  });

  test('every GET method: the path of the library, values raw where URL-safe', async () => {
    const cases: Array<[(m: Member) => Promise<unknown>, string]> = [
      [(m) => m.insertMemberByEmailAddress('john.smith+tag@example.com'), 'member/insert/TOKEN123/john.smith+tag@example.com'],
      [(m) => m.updateMemberByEmailAddress('john@example.com', 'FIRSTNAME', 'John'), 'member/update/TOKEN123/john@example.com/FIRSTNAME/John'],
      [(m) => m.getMemberJobStatus(1234), 'member/getMemberJobStatus/TOKEN123/1234'],
      [(m) => m.getMemberByEmail('john@example.com'), 'member/getMemberByEmail/TOKEN123/john@example.com'],
      [(m) => m.getMemberByCellphone('447911123456'), 'member/getMemberByCellphone/TOKEN123/447911123456'],
      [(m) => m.getMemberById(42), 'member/getMemberById/TOKEN123/42'],
      [(m) => m.getMembersByPage(2), 'getListMembersByPage/TOKEN123/2'],
      [(m) => m.getMemberTableColumnNames(), 'member/descMemberTable/TOKEN123'],
      [(m) => m.unsubscribeMemberByEmail('john@example.com'), 'member/unjoinByEmail/TOKEN123/john@example.com'],
      [(m) => m.unsubscribeMemberByCellphone('447911123456'), 'member/unjoinByCellphone/TOKEN123/447911123456'],
      [(m) => m.unsubscribeMemberById(42), 'member/unjoinByMemberId/TOKEN123/42'],
      [(m) => m.resubscribeMemberByEmail('john@example.com'), 'member/rejoinByEmail/TOKEN123/john@example.com'],
      [(m) => m.resubscribeMemberByCellphone('447911123456'), 'member/rejoinByCellphone/TOKEN123/447911123456'],
      [(m) => m.resubscribeMemberById(42), 'member/rejoinByMemberId/TOKEN123/42'],
    ];
    const { member, transport } = await connected([
      ['getMemberJobStatus', content('<processStatus><email>john@example.com</email><status>Processed</status></processStatus>')],
      ['getMemberBy', content('<members/>')],
      ['getListMembersByPage', content('<result xsi:type="apiPagination"><currentPage>2</currentPage><nbItemsPerPage>10</nbItemsPerPage><nbPages>2</nbPages><nbTotalItems>11</nbTotalItems><nextPage>false</nextPage></result>')],
      ['descMemberTable', content('<memberTable><fields/></memberTable>')],
    ]);
    for (const [call, path] of cases) {
      await call(member);
      assert.deepEqual(only(transport), { method: 'GET', url: `${P}/${path}`, headers: GET_HEADERS }, path);
    }
  });

  test('a value with a space is percent-encoded where the PHP library throws "Invalid URL generated"', async () => {
    const { member, transport } = await connected();
    await member.updateMemberByEmailAddress('john@example.com', 'LASTNAME', 'John Smith/Jr #1 100%');
    assert.equal(only(transport).url, `${P}/member/update/TOKEN123/john@example.com/LASTNAME/John%20Smith%2FJr%20%231%20100%25`);
  });

  test('every POST method: text/xml; charset=utf-8, Accept application/xml, the caller XML verbatim', async () => {
    const pretty = '<?xml version="1.0" encoding="utf-8"?>\n<synchroMember>\n  <memberUID>EMAIL:john@example.com</memberUID>\n</synchroMember>\n';
    const cases: Array<[(m: Member, xml: string) => Promise<unknown>, string]> = [
      [(m, x) => m.insertMember(x), 'member/insertMember/TOKEN123'],
      [(m, x) => m.updateMember(x), 'member/updateMember/TOKEN123'],
      [(m, x) => m.insertOrUpdateMember(x), 'member/insertOrUpdateMember/TOKEN123'],
      [(m, x) => m.getMembersByCriteria(x), 'member/getMembers/TOKEN123'],
      [(m, x) => m.unsubscribeMemberByValue(x), 'member/unjoinMember/TOKEN123'],
    ];
    const { member, transport } = await connected([['getMembers/', content('<members/>')]]);
    for (const [call, path] of cases) {
      await call(member, pretty);
      assert.deepEqual(only(transport), { method: 'POST', url: `${P}/${path}`, headers: POST_HEADERS, body: pretty }, path);
    }
  });

  test('a synchroMember object is built on one line, escaped, in the vendor order', async () => {
    const { member, transport } = await connected();
    await member.insertOrUpdateMember({ memberUID: { EMAIL: 'john@example.com', LASTNAME: 'Smith' }, dynContent: { FIRSTNAME: 'John', COMPANY: 'Smith & Sons <Ltd>', SCORE: 1.5 }, email: 'john@example.com' });
    assert.equal(
      bodyText(only(transport)),
      '<?xml version="1.0" encoding="utf-8"?><synchroMember><memberUID>EMAIL:john@example.com|LASTNAME:Smith</memberUID><dynContent>' +
        '<entry><key>FIRSTNAME</key><value>John</value></entry><entry><key>COMPANY</key><value>Smith &amp; Sons &lt;Ltd&gt;</value></entry><entry><key>SCORE</key><value>1.5</value></entry>' +
        '</dynContent><email>john@example.com</email></synchroMember>',
    );
  });
});

describe('SmartFocus Member client: typed results', () => {
  test('job id, job status, members with typed attributes, pagination, member table', async () => {
    const entries =
      '<entry><key>MEMBER_ID</key><value xsi:type="xs:long">1054</value></entry><entry><key>EMAIL</key><value xsi:type="xs:string">john@example.com</value></entry>' +
      '<entry><key>DATEJOIN</key><value xsi:type="xs:dateTime">2011-02-08T15:34:13+01:00</value></entry><entry><key>DATEUNJOIN</key></entry>';
    const { member } = await connected([
      ['member/insert/', result('xs:long', '987654321')],
      ['getMemberJobStatus', content('<processStatus><status>Job_Done_Or_Does_Not_Exist</status></processStatus>')],
      ['getMemberByEmail', content(`<members><member><attributes>${entries}</attributes></member></members>`)],
      ['getListMembersByPage', content(`<result xsi:type="apiPagination"><currentPage>1</currentPage><list xsi:type="apiMember"><attributes>${entries}</attributes></list><list xsi:type="apiMember"><attributes>${entries}</attributes></list><nbItemsPerPage>10</nbItemsPerPage><nbPages>3</nbPages><nbTotalItems>22</nbTotalItems><nextPage>true</nextPage></result>`)],
      ['descMemberTable', content('<memberTable><fields><entry><key>EMAIL</key><value>STRING</value></entry><entry><key>DATEJOIN</key><value>DATE</value></entry></fields></memberTable>')],
    ]);
    assert.equal((await member.insertMemberByEmailAddress('john@example.com')).jobId, 987654321);
    const status = await member.getMemberJobStatus(5);
    assert.deepEqual([status.email, status.status], [null, 'Job_Done_Or_Does_Not_Exist']);
    const found = await member.getMemberByEmail('john@example.com');
    assert.deepEqual(found.members[0]!.attributes, { MEMBER_ID: 1054, EMAIL: 'john@example.com', DATEJOIN: '2011-02-08T15:34:13+01:00', DATEUNJOIN: null });
    assert.deepEqual(found.members[0]!.entries[2], { key: 'DATEJOIN', type: 'xs:dateTime', value: '2011-02-08T15:34:13+01:00' });
    const page = await member.getMembersByPage(1);
    assert.deepEqual({ ...page, members: page.members.length, raw: undefined }, { currentPage: 1, members: 2, nbItemsPerPage: 10, nbPages: 3, nbTotalItems: 22, nextPage: true, raw: undefined });
    assert.deepEqual((await member.getMemberTableColumnNames()).fields, [{ name: 'EMAIL', type: 'STRING' }, { name: 'DATEJOIN', type: 'DATE' }]);
  });

  test('a failure throws SmartFocusError with status, description and fields; open refused keeps no token', async () => {
    const transport = cannedTransport([['/connect/open/', failed('Your password is not valid !!', 'pw', 'CONNECTION_FAILED'), 500]]);
    const member = new Member({ baseUrl: BASE, transport });
    const err = await member.openConnection('login', 'pw', 'KEY').catch((e: unknown) => e);
    assert.ok(err instanceof SmartFocusError);
    assert.deepEqual([err.status, err.description, err.fields, err.httpStatus, err.message], ['CONNECTION_FAILED', 'Your password is not valid !!', 'pw', 500, 'Your password is not valid !!']);
    assert.equal(member.token, null);
  });

  test('a token passed to the constructor is used as is', async () => {
    const transport = cannedTransport();
    const member = new Member({ baseUrl: BASE, transport, token: 'SAVED' });
    await member.unsubscribeMemberById(7);
    assert.equal(only(transport).url, `${P}/member/unjoinByMemberId/SAVED/7`);
  });
});
