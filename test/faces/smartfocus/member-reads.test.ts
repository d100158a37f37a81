import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { createCustomField } from '../../../src/core/audience/custom-fields/custom-fields.js';
import {
  assertFailure, contactRow, d, DECL, get, jobId, memberFixture, membersBody, n, nil, NS, openToken, post, s, sfDate, type MemberFixture,
} from './member-fixture.js';

const TABLE = [
  ['MEMBER_ID', 'NUMBER'], ['EMAIL', 'STRING'], ['EMAIL_FORMAT', 'NUMBER'], ['FIRSTNAME', 'STRING'], ['LASTNAME', 'STRING'],
  ['TITLE', 'STRING'], ['DATEOFBIRTH', 'DATE'], ['DATEJOIN', 'DATE'], ['DATEUNJOIN', 'DATE'], ['SMS_DATE_UNJOIN', 'DATE'],
  ['SOURCE', 'STRING'], ['EMVCELLPHONE', 'STRING'], ['EMVHBQ', 'DATE'], ['HBQ_REASON', 'STRING'], ['COMPANY', 'STRING'],
  ['TOWN', 'STRING'], ['POSTCODE', 'STRING'], ['COUNTRY', 'STRING'],
];

async function fullMember(f: MemberFixture): Promise<string[]> {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<synchroMember>
  <dynContent>
    <entry><key>FIRSTNAME</key><value>Mary</value></entry>
    <entry><key>LASTNAME</key><value>Jones</value></entry>
    <entry><key>TITLE</key><value>Mrs</value></entry>
    <entry><key>DATEOFBIRTH</key><value>1980-07-14</value></entry>
    <entry><key>SOURCE</key><value>Shop</value></entry>
    <entry><key>EMVCELLPHONE</key><value>+44 7911 123456</value></entry>
    <entry><key>COMPANY</key><value>Acme</value></entry>
    <entry><key>TOWN</key><value>Worthing</value></entry>
    <entry><key>POSTCODE</key><value>BN14 8AD</value></entry>
    <entry><key>COUNTRY</key><value>GB</value></entry>
    <entry><key>Member-Level (2)</key><value>Gold</value></entry>
  </dynContent>
  <email>mary@example.com</email>
</synchroMember>`;
  jobId(await post(f.server, `member/insertMember/${f.token}`, xml));
  const row = await contactRow(f, 'mary@example.com');
  return [
    n('MEMBER_ID', Number(row.id)), s('EMAIL', 'mary@example.com'), nil('EMAIL_FORMAT'), s('FIRSTNAME', 'Mary'), s('LASTNAME', 'Jones'),
    s('TITLE', 'Mrs'), d('DATEOFBIRTH', '1980-07-14T00:00:00+00:00'), d('DATEJOIN', sfDate(row.joinedAt)), nil('DATEUNJOIN'),
    nil('SMS_DATE_UNJOIN'), s('SOURCE', 'Shop'), s('EMVCELLPHONE', '447911123456'), nil('EMVHBQ'), nil('HBQ_REASON'), s('COMPANY', 'Acme'),
    s('TOWN', 'Worthing'), s('POSTCODE', 'BN14 8AD'), s('COUNTRY', 'GB'), s('MEMBER_LEVEL__2_', 'Gold'),
  ];
}

describeEachDatabase('SmartFocus Member REST: reads', (kind) => {
  const f = memberFixture(kind);
  let mary: string[];
  before(async () => {
    await createCustomField({ db: f.server.core.db, accountId: f.account.id }, { name: 'Member-Level (2)', description: 'Level' });
    mary = await fullMember(f);
  });

  test('descMemberTable lists standard columns and the custom field with types, exactly', async () => {
    const res = await get(f.server, `member/descMemberTable/${f.token}`);
    const fields = [...TABLE, ['MEMBER_LEVEL__2_', 'STRING']].map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`).join('');
    assert.equal(res.status, 200);
    assert.equal(res.body, `${DECL}<response responseStatus="success" ${NS}><memberTable><fields>${fields}</fields></memberTable></response>`);
    assert.equal((await get(f.server, `member/descMemberTable?token=${f.token}`)).body, res.body, 'query form');
  });

  test('getMemberByEmail / ById (path and query) give every column; NULL columns carry only their key', async () => {
    const expected = membersBody([mary]);
    assert.equal((await get(f.server, `member/getMemberByEmail/${f.token}/mary@example.com`)).body, expected);
    const id = (await contactRow(f, 'mary@example.com')).id;
    assert.equal((await get(f.server, `member/getMemberById/${f.token}/${id}`)).body, expected);
    assert.equal((await get(f.server, `member/getMemberById?token=${f.token}&id=${id}`)).body, expected);
    assert.equal((await get(f.server, `member/getMemberByEmail/${f.token}/nobody@example.com`)).body, membersBody([]));
    assert.equal((await get(f.server, `member/getMemberById/${f.token}/999999`)).body, membersBody([]));
    assertFailure(await get(f.server, `member/getMemberById/${f.token}/abc`), 'GET_MEMBER_FAILED', 'The id parameter must be a positive integer.', 'abc');
  });

  test('getMemberByCellphone accepts any format and compares in E.164', async () => {
    const expected = membersBody([mary]);
    for (const cell of ['+447911123456', '07911123456', '447911123456'.replace(/^/, '+'), '07911%20123%20456', '%2B44%207911%20123456']) {
      assert.equal((await get(f.server, `member/getMemberByCellphone/${f.token}/${cell}`)).body, expected, cell);
    }
    const q = new URLSearchParams({ token: f.token, cellphone: '+44 7911 123456' });
    assert.equal((await get(f.server, `member/getMemberByCellphone?${q}`)).body, expected, 'query form');
    assert.equal((await get(f.server, `member/getMemberByCellphone/${f.token}/07911123457`)).body, membersBody([]));
    assert.equal((await get(f.server, `member/getMemberByCellphone/${f.token}/notaphone`)).body, membersBody([]));
  });

  test('getMembers by memberUID criteria (incl. a custom column); whitespace refused', async () => {
    const xml = (uid: string) => `<?xml version="1.0" encoding="utf-8"?>\n<synchroMember>\n  <memberUID>${uid}</memberUID>\n</synchroMember>\n`;
    assert.equal((await post(f.server, `member/getMembers/${f.token}`, xml('LASTNAME:Jones|MEMBER_LEVEL__2_:Gold'))).body, membersBody([mary]));
    assert.equal((await post(f.server, `member/getMembers/${f.token}`, xml('EMVCELLPHONE:07911123456|DATEOFBIRTH:1980-07-14'))).body, membersBody([mary]));
    assert.equal((await post(f.server, `member/getMembers/${f.token}`, xml('LASTNAME:Smith'))).body, membersBody([]));
    assertFailure(await post(f.server, `member/getMembers/${f.token}`, xml('LASTNAME:Jones |TOWN:Worthing')), 'GET_MEMBER_FAILED', 'The memberUID must not contain spaces, tabs or line breaks.');
  });

  test('getListMembersByPage: 10 per page, both path spellings and the query form, apiPagination exactly', async () => {
    const other = await f.server.createAccount('Paging');
    const token = await openToken(f.server, other);
    for (let i = 1; i <= 23; i++) jobId(await get(f.server, `member/insert/${token}/p${String(i).padStart(2, '0')}@example.com`));
    const rows = await f.server.core.db.selectFrom('contacts').selectAll().where('accountId', '=', other.id).orderBy('id').execute();
    const attrs = (r: (typeof rows)[number]) =>
      `<list xsi:type="apiMember"><attributes>${[
        n('MEMBER_ID', Number(r.id)), s('EMAIL', r.email!), nil('EMAIL_FORMAT'), nil('FIRSTNAME'), nil('LASTNAME'), nil('TITLE'), nil('DATEOFBIRTH'),
        d('DATEJOIN', sfDate(r.joinedAt)), nil('DATEUNJOIN'), nil('SMS_DATE_UNJOIN'), s('SOURCE', 'API'), nil('EMVCELLPHONE'), nil('EMVHBQ'),
        nil('HBQ_REASON'), nil('COMPANY'), nil('TOWN'), nil('POSTCODE'), nil('COUNTRY'),
      ].join('')}</attributes></list>`;
    const page = (no: number, next: boolean) =>
      `${DECL}<response responseStatus="success" ${NS}><result xsi:type="apiPagination"><currentPage>${no}</currentPage>` +
      `${rows.slice((no - 1) * 10, no * 10).map(attrs).join('')}<nbItemsPerPage>10</nbItemsPerPage><nbPages>3</nbPages>` +
      `<nbTotalItems>23</nbTotalItems><nextPage>${next}</nextPage></result></response>`;
    assert.equal((await get(f.server, `getListMembersByPage/${token}/1`)).body, page(1, true));
    assert.equal((await get(f.server, `member/getListMembersByPage/${token}/2`)).body, page(2, true));
    assert.equal((await get(f.server, `getListMembersByPage?token=${token}&page=3`)).body, page(3, false));
    assert.equal((await get(f.server, `member/getListMembersByPage?token=${token}&page=3`)).body, page(3, false));
    assert.equal((await get(f.server, `getListMembersByPage/${token}/4`)).body, page(4, false), 'past the end: empty list');
    assertFailure(await get(f.server, `getListMembersByPage/${token}/0`), 'GET_LIST_MEMBERS_FAILED', 'The page parameter must be a positive integer.', '0');
  });
});
