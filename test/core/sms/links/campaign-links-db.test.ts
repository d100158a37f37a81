import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../support/databases.js';
import { twoAccounts, type TwoAccounts } from '../../fixture.js';
import { prepareCampaignLinks, recordRecipientCodes } from '../../../../src/core/sms/links/campaign-links.js';
import { createLink } from '../../../../src/core/sms/links/links.js';
import { followShortLink } from '../../../../src/core/sms/links/follow.js';
import { shortLinkUrl } from '../../../../src/core/sms/links/codes.js';

const URL_BASE = 'https://sms.example.com';

describeEachDatabase('campaign short links in the store', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  async function campaign(accountId: number): Promise<number> {
    const row = await t.ctx.db
      .insertInto('smsCampaigns')
      .values({ accountId, type: 2, text: '', status: 'NEW', source: 'native', createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('shortens each distinct URL once, leaves placeholders and other accounts\' links alone', async () => {
    const id = await campaign(t.a.accountId);
    const theirs = await createLink(t.b, { fullLink: 'https://b.test/' });
    const theirUrl = shortLinkUrl(URL_BASE, theirs.code);
    const text = `A https://a.test/x, again https://a.test/x! {name}: https://a.test/?u={name} and ${theirUrl}`;
    const prepared = await prepareCampaignLinks(t.ctx.db, { accountId: t.a.accountId, campaignId: id, text, publicUrl: `${URL_BASE}/`, shorten: true });
    assert.equal(prepared.links.length, 1);
    const [link] = prepared.links;
    assert.equal(prepared.text, `A ${link?.shortLink}, again ${link?.shortLink}! {name}: https://a.test/?u={name} and ${theirUrl}`);
    const rows = await t.ctx.db.selectFrom('shortLinks').selectAll().where('campaignId', '=', id).execute();
    assert.deepEqual(rows.map((r) => [r.accountId, r.fullLink]), [[t.a.accountId, 'https://a.test/x']]);
    // Without shortening nothing is created; B's link is still not A's.
    const plain = await prepareCampaignLinks(t.ctx.db, { accountId: t.a.accountId, campaignId: id, text: `${theirUrl} https://c.test/`, publicUrl: URL_BASE, shorten: false });
    assert.deepEqual(plain, { text: `${theirUrl} https://c.test/`, links: [] });
  });

  it('records recipient codes once (a taken code is skipped) and a click counts on the code\'s row', async () => {
    const link = await createLink(t.a, { fullLink: 'https://a.test/r' });
    await recordRecipientCodes(t.ctx.db, [
      { linkId: link.id, messageId: 1, code: 'Rcode001' },
      { linkId: link.id, messageId: 2, code: 'Rcode002' },
    ]);
    await recordRecipientCodes(t.ctx.db, [{ linkId: link.id, messageId: 3, code: 'Rcode001' }]);
    const rows = await t.ctx.db.selectFrom('shortLinkRecipients').select(['messageId', 'code']).where('linkId', '=', link.id).orderBy('messageId').execute();
    assert.deepEqual(rows, [{ messageId: 1, code: 'Rcode001' }, { messageId: 2, code: 'Rcode002' }]);
    assert.deepEqual(await followShortLink(t.ctx.db, 'Rcode002'), { state: 'active', url: 'https://a.test/r' });
    assert.deepEqual(await followShortLink(t.ctx.db, 'Rcode002', { record: false }), { state: 'active', url: 'https://a.test/r' });
    const hit = await t.ctx.db.selectFrom('shortLinkHits').selectAll().where('linkId', '=', link.id).execute();
    assert.deepEqual(hit.map((h) => [h.messageId, h.redirected]), [[2, 1]]);
    const counted = await t.ctx.db.selectFrom('shortLinkRecipients').select(['code', 'clickCnt']).where('linkId', '=', link.id).orderBy('code').execute();
    assert.deepEqual(counted, [{ code: 'Rcode001', clickCnt: 0 }, { code: 'Rcode002', clickCnt: 1 }]);
    assert.equal(await followShortLink(t.ctx.db, 'Rnothing'), null);
    assert.equal(await followShortLink(t.ctx.db, '../etc'), null);
  });
});
