import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { REJOIN_DAILY_LIMIT } from '../../../src/core/audience/contacts/subscription.js';
import { assertFailure, contactRow, d, get, jobId, jobStatusBody, memberFixture, openToken, post, processStatus, sfDate } from './member-fixture.js';

describeEachDatabase('SmartFocus Member REST: unjoin and rejoin', (kind) => {
  const f = memberFixture(kind);

  async function member(email: string, mobile?: string): Promise<number> {
    if (mobile === undefined) jobId(await get(f.server, `member/insert/${f.token}/${email}`));
    else jobId(await post(f.server, `member/insertMember/${f.token}`, `<synchroMember><dynContent><entry><key>EMVCELLPHONE</key><value>${mobile}</value></entry></dynContent><email>${email}</email></synchroMember>`));
    return Number((await contactRow(f, email)).id);
  }

  test('unjoinByEmail then rejoinByEmail: DATEUNJOIN appears and goes, with sources and times kept', async () => {
    await member('leaver@example.com');
    const unjoin = jobId(await get(f.server, `member/unjoinByEmail/${f.token}/leaver@example.com`));
    assert.equal(await jobStatusBody(f, unjoin), processStatus('Processed', 'leaver@example.com'));
    const left = await contactRow(f, 'leaver@example.com');
    assert.ok(left.unsubscribedAt);
    assert.equal(left.unsubscribeSource, 'API');
    const body = (await get(f.server, `member/getMemberByEmail/${f.token}/leaver@example.com`)).body;
    assert.ok(body.includes(d('DATEUNJOIN', sfDate(left.unsubscribedAt))), body);
    // A second unjoin does not move the date.
    jobId(await get(f.server, `member/unjoinByEmail/${f.token}/leaver@example.com`));
    assert.equal((await contactRow(f, 'leaver@example.com')).unsubscribedAt, left.unsubscribedAt);

    const rejoin = jobId(await get(f.server, `member/rejoinByEmail/${f.token}/leaver@example.com`));
    assert.equal(await jobStatusBody(f, rejoin), processStatus('Processed', 'leaver@example.com'));
    const back = await contactRow(f, 'leaver@example.com');
    assert.equal(back.unsubscribedAt, null);
    assert.ok(back.resubscribedAt);
    assert.equal(back.resubscribeSource, 'API');
    assert.ok((await get(f.server, `member/getMemberByEmail/${f.token}/leaver@example.com`)).body.includes('<entry><key>DATEUNJOIN</key></entry>'));
  });

  test('by cellphone (any format), by member id (path and query) and unjoinMember (memberUID)', async () => {
    await member('cell@example.com', '+447911000111');
    jobId(await get(f.server, `member/unjoinByCellphone/${f.token}/07911000111`));
    assert.ok((await contactRow(f, 'cell@example.com')).unsubscribedAt);
    jobId(await get(f.server, `member/rejoinByCellphone/${f.token}/+447911000111`));
    assert.equal((await contactRow(f, 'cell@example.com')).unsubscribedAt, null);

    const id = await member('byid@example.com');
    const u = jobId(await get(f.server, `member/unjoinByMemberId/${f.token}/${id}`));
    assert.equal(await jobStatusBody(f, u), processStatus('Processed', 'byid@example.com'));
    assert.ok((await contactRow(f, 'byid@example.com')).unsubscribedAt);
    jobId(await get(f.server, `member/rejoinByMemberId?token=${f.token}&id=${id}`));
    assert.equal((await contactRow(f, 'byid@example.com')).unsubscribedAt, null);
    jobId(await get(f.server, `member/unjoinByMemberId?token=${f.token}&id=${id}`));
    assert.ok((await contactRow(f, 'byid@example.com')).unsubscribedAt);
    jobId(await get(f.server, `member/rejoinByMemberId/${f.token}/${id}`));

    const xml = `<?xml version="1.0" encoding="utf-8"?>\n<synchroMember>\n  <memberUID>EMAIL:byid@example.com|MEMBER_ID:${id}</memberUID>\n</synchroMember>`;
    jobId(await post(f.server, `member/unjoinMember/${f.token}`, xml));
    assert.ok((await contactRow(f, 'byid@example.com')).unsubscribedAt);
    assertFailure(await post(f.server, `member/unjoinMember/${f.token}`, xml.replace('|', '| ')), 'UNJOIN_MEMBER_FAILED', 'The memberUID must not contain spaces, tabs or line breaks.');
  });

  test('unknown members: the job ends in Error; bad ids are refused', async () => {
    const e = jobId(await get(f.server, `member/unjoinByEmail/${f.token}/ghost@example.com`));
    assert.equal(await jobStatusBody(f, e), processStatus('Error', 'ghost@example.com'));
    const c = jobId(await get(f.server, `member/rejoinByCellphone/${f.token}/07911999888`));
    assert.equal(await jobStatusBody(f, c), processStatus('Error', null));
    assertFailure(await get(f.server, `member/unjoinByMemberId/${f.token}/x1`), 'UNJOIN_MEMBER_FAILED', 'The id parameter must be a positive integer.', 'x1');
    assertFailure(await get(f.server, `member/rejoinByMemberId/${f.token}/0`), 'REJOIN_MEMBER_FAILED', 'The id parameter must be a positive integer.', '0');
  });

  test(`at most ${REJOIN_DAILY_LIMIT} rejoins per account per day, with the vendor's text`, async () => {
    const acct = await f.server.createAccount('Rejoiners');
    const token = await openToken(f.server, acct);
    jobId(await get(f.server, `member/insert/${token}/again@example.com`));
    // 49 rejoins already made today (inserted directly), then the 50th through the API succeeds.
    const now = new Date().toISOString();
    await f.server.core.db
      .insertInto('memberJobs')
      .values(Array.from({ length: REJOIN_DAILY_LIMIT - 1 }, (_, i) => ({ accountId: acct.id, action: i % 2 ? 'rejoinByEmail' : 'rejoinByMemberId', contactId: null, email: null, status: 'Processed', error: null, createdAt: now })))
      .execute();
    // Failed rejoins and yesterday's do not count.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await f.server.core.db
      .insertInto('memberJobs')
      .values([
        { accountId: acct.id, action: 'rejoinByEmail', contactId: null, email: null, status: 'Error', error: 'x', createdAt: now },
        { accountId: acct.id, action: 'rejoinByEmail', contactId: null, email: null, status: 'Processed', error: null, createdAt: yesterday },
      ])
      .execute();
    jobId(await get(f.server, `member/unjoinByEmail/${token}/again@example.com`));
    jobId(await get(f.server, `member/rejoinByEmail/${token}/again@example.com`));
    jobId(await get(f.server, `member/unjoinByEmail/${token}/again@example.com`));
    const refused = await get(f.server, `member/rejoinByEmail/${token}/again@example.com`);
    assertFailure(refused, 'REJOIN_MEMBER_FAILED', 'You have reached the maximum number of rejoins per day.', 'rejoinByEmail');
    assertFailure(await get(f.server, `member/rejoinByMemberId?token=${token}&id=1`), 'REJOIN_MEMBER_FAILED', 'You have reached the maximum number of rejoins per day.');
    const still = await f.server.core.db.selectFrom('contacts').select('unsubscribedAt').where('accountId', '=', acct.id).executeTakeFirstOrThrow();
    assert.ok(still.unsubscribedAt, 'the refused rejoin changed nothing');
    // The limit is per account.
    await member('other-account@example.com');
    jobId(await get(f.server, `member/rejoinByEmail/${f.token}/other-account@example.com`));
  });
});
