import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { contactRow, get, jobId, jobStatusBody, memberFixture, post, processStatus, s } from './member-fixture.js';

/**
 * SmartFocus stores cellphones as international digits without `+` (EMVCELLPHONE 33612345678):
 * members written that way are accepted, read back that way, and found by any form of the number.
 * Test accounts have the default country GB.
 */
describeEachDatabase('SmartFocus Member REST: cellphones in digits-only international form', (kind) => {
  const f = memberFixture(kind);

  const withCell = (email: string, cell: string): string =>
    `<synchroMember><dynContent><entry><key>EMVCELLPHONE</key><value>${cell}</value></entry></dynContent><email>${email}</email></synchroMember>`;

  async function mobileOf(email: string): Promise<string> {
    return (await contactRow(f, email)).mobile;
  }

  test('insertMember with EMVCELLPHONE 380975833227: Processed, stored +380975833227, read back as digits', async () => {
    const id = jobId(await post(f.server, `member/insertMember/${f.token}`, withCell('olena@example.com', '380975833227')));
    assert.equal(await jobStatusBody(f, id), processStatus('Processed', 'olena@example.com'));
    assert.equal(await mobileOf('olena@example.com'), '+380975833227');
    const body = (await get(f.server, `member/getMemberByEmail/${f.token}/olena@example.com`)).body;
    assert.ok(body.includes(s('EMVCELLPHONE', '380975833227')), body);
  });

  test('lookups by cellphone take +, digits-only and the national form of the default country', async () => {
    jobId(await post(f.server, `member/insertMember/${f.token}`, withCell('uk@example.com', '447911123499')));
    assert.equal(await mobileOf('uk@example.com'), '+447911123499');
    const expected = (await get(f.server, `member/getMemberByEmail/${f.token}/uk@example.com`)).body;
    assert.ok(expected.includes(s('EMVCELLPHONE', '447911123499')), expected);
    for (const cell of ['447911123499', '%2B447911123499', '07911123499', '0044%207911%20123499']) {
      assert.equal((await get(f.server, `member/getMemberByCellphone/${f.token}/${cell}`)).body, expected, cell);
    }
    const uid = `<synchroMember><memberUID>EMVCELLPHONE:447911123499</memberUID></synchroMember>`;
    assert.equal((await post(f.server, `member/getMembers/${f.token}`, uid)).body, expected, 'memberUID');
  });

  test('updateMember and insertOrUpdateMember identify and write by digits-only cellphones', async () => {
    jobId(await post(f.server, `member/insertMember/${f.token}`, withCell('taras@example.com', '+380501234567')));
    const byCell = (uid: string, dyn: string) =>
      `<synchroMember><memberUID>EMVCELLPHONE:${uid}</memberUID><dynContent>${dyn}</dynContent></synchroMember>`;
    const rename = `<entry><key>FIRSTNAME</key><value>Taras</value></entry>`;
    const u = jobId(await post(f.server, `member/updateMember/${f.token}`, byCell('380501234567', rename)));
    assert.equal(await jobStatusBody(f, u), processStatus('Processed', 'taras@example.com'));
    assert.equal((await contactRow(f, 'taras@example.com')).firstName, 'Taras');

    const move = `<entry><key>EMVCELLPHONE</key><value>380671112233</value></entry>`;
    const m = jobId(await post(f.server, `member/updateMember/${f.token}`, byCell('380501234567', move)));
    assert.equal(await jobStatusBody(f, m), processStatus('Processed', 'taras@example.com'));
    assert.equal(await mobileOf('taras@example.com'), '+380671112233');

    const upsert = `<synchroMember><memberUID>EMAIL:ivan@example.com|EMVCELLPHONE:380931234567</memberUID></synchroMember>`;
    const i = jobId(await post(f.server, `member/insertOrUpdateMember/${f.token}`, upsert));
    assert.equal(await jobStatusBody(f, i), processStatus('Processed', 'ivan@example.com'));
    assert.equal(await mobileOf('ivan@example.com'), '+380931234567');
    const again = jobId(await post(f.server, `member/insertOrUpdateMember/${f.token}`, upsert.replace('</memberUID>', '</memberUID><dynContent><entry><key>LASTNAME</key><value>Franko</value></entry></dynContent>')));
    assert.equal(await jobStatusBody(f, again), processStatus('Processed', 'ivan@example.com'));
    assert.equal((await contactRow(f, 'ivan@example.com')).lastName, 'Franko', 'found by its digits-only cellphone, not inserted twice');
  });

  test('unjoinByCellphone and rejoinByCellphone with digits-only numbers', async () => {
    jobId(await post(f.server, `member/insertMember/${f.token}`, withCell('leaver.ua@example.com', '380975833228')));
    const u = jobId(await get(f.server, `member/unjoinByCellphone/${f.token}/380975833228`));
    assert.equal(await jobStatusBody(f, u), processStatus('Processed', 'leaver.ua@example.com'));
    assert.ok((await contactRow(f, 'leaver.ua@example.com')).unsubscribedAt);
    const r = jobId(await get(f.server, `member/rejoinByCellphone?token=${f.token}&cellphone=380975833228`));
    assert.equal(await jobStatusBody(f, r), processStatus('Processed', 'leaver.ua@example.com'));
    assert.equal((await contactRow(f, 'leaver.ua@example.com')).unsubscribedAt, null);
  });

  test('a number that is no valid number in either reading still ends the job in Error and stores nothing', async () => {
    const id = jobId(await post(f.server, `member/insertMember/${f.token}`, withCell('bad.cell@example.com', '99912345')));
    assert.equal(await jobStatusBody(f, id), processStatus('Error', 'bad.cell@example.com'));
    const job = await f.server.core.db.selectFrom('memberJobs').select('error').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(job.error, 'Invalid Mobile Number');
    const count = await f.server.core.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('emailKey', '=', 'bad.cell@example.com').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });
});
