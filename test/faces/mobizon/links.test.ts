import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { nodeCall, phpCall, type WireResponse } from './client.js';
import { personaliseLinks, prepareCampaignLinks, recordRecipientCodes } from '../../../src/core/sms/links/campaign-links.js';

interface LinkObject {
  id: string;
  status: string;
  moderatorStatus: string;
  clickCnt: string;
  redirectCnt: string;
  createTs: string;
  expirationDate: string | null;
  code: string;
  fullLink: string;
  shortLink: string;
  comment: string | null;
}

function dataOf<T>(res: WireResponse): T {
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.code, 0, res.text);
  return res.body.data as T;
}

function codeOf(res: WireResponse): number {
  assert.equal(res.status, 200, res.text);
  return res.body.code;
}

describeEachDatabase('Mobizon link module and the /s/ redirect', (kind) => {
  let server: TestServer;
  let keyA: string;
  let keyB: string;
  let accountA: number;

  before(async () => {
    server = await startTestServer(kind);
    const a = await server.createAccount('Links A');
    const b = await server.createAccount('Links B');
    keyA = a.credentials.mobizon.apiKey;
    keyB = b.credentials.mobizon.apiKey;
    accountA = a.id;
  });
  after(() => server.close());

  const click = (shortLink: string, method = 'GET') => fetch(shortLink, { method, redirect: 'manual' });
  const get = async (key: string, params: Record<string, string>) => dataOf<LinkObject>(await phpCall(server.baseUrl, key, 'link', 'get', params));

  it('creates a link as mobizon-node sends it; a click redirects and is counted', async () => {
    const link = dataOf<LinkObject>(
      await nodeCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://mobizon.com.br/promo?a=1', status: 1, expirationDate: '', comment: 'Created short link.' } }),
    );
    assert.match(link.id, /^\d+$/);
    assert.match(link.code, /^[a-z0-9][A-Za-z0-9]{7}$/);
    assert.equal(link.shortLink, `${server.baseUrl}/s/${link.code}`);
    assert.deepEqual({ ...link, id: '', code: '', shortLink: '', createTs: '' }, {
      id: '', status: '1', moderatorStatus: '1', clickCnt: '0', redirectCnt: '0', createTs: '', expirationDate: null, code: '', fullLink: 'https://mobizon.com.br/promo?a=1', shortLink: '', comment: 'Created short link.', moderatorComment: null,
    });
    assert.match(link.createTs, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const res = await click(link.shortLink);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://mobizon.com.br/promo?a=1');
    // A HEAD (link preview) answers the same and counts nothing.
    assert.equal((await click(link.shortLink, 'HEAD')).status, 302);
    await click(link.shortLink);

    const refs: Record<string, string>[] = [{ id: link.id }, { code: link.code }, { shortLink: link.shortLink }];
    for (const by of refs) {
      const got = await get(keyA, by);
      assert.equal(got.id, link.id);
      assert.equal(got.clickCnt, '2');
      assert.equal(got.redirectCnt, '2');
    }
  });

  it('answers the documented codes for missing and bad parameters', async () => {
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'create', {})), 11);
    const bad = await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'javascript:alert(1)', expirationDate: '2026-02-30' } });
    assert.equal(codeOf(bad), 1);
    assert.deepEqual(Object.keys(bad.body.data as object).sort(), ['expirationDate', 'fullLink']);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://x.test', status: '5' } })), 1);
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'get', {})), 12);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyA, 'link', 'get', { code: 'nosuch00' })), 2);
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'update', {})), 11);
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'delete', {})), 11);
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'getStats', {})), 11);
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'getStats', { ids: ['1', '2', '3', '4', '5', '6'], type: 'daily' })), 12);
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'getStats', { ids: ['1'], type: 'weekly' })), 12);
    // A bare host is a link too (the docs' own example); it gets http://.
    assert.equal(dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'www.mobizon.com' } })).fullLink, 'http://www.mobizon.com');
  });

  it('inactive and expired links answer a page, count the click but not a redirect; unknown codes are 404', async () => {
    const inactive = dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://example.com/off', status: '0' } }));
    const expired = dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://example.com/old', expirationDate: '2020-10-05' } }));
    const off = await click(inactive.shortLink);
    assert.equal(off.status, 404);
    assert.match(off.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await off.text(), /switched off/);
    const gone = await click(expired.shortLink);
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.get('location'), null);
    for (const link of [inactive, expired]) {
      const got = await get(keyA, { id: link.id });
      assert.deepEqual([got.clickCnt, got.redirectCnt], ['1', '0']);
    }
    assert.equal((await click(`${server.baseUrl}/s/zzzzzzzz`)).status, 404);
    assert.equal((await click(`${server.baseUrl}/s/Zzzzzzzz`)).status, 404);

    // Switching it on again (update answers the short link) makes it redirect.
    const updated = await phpCall(server.baseUrl, keyA, 'link', 'update', { id: inactive.id, data: { status: '1', comment: 'back on' } });
    assert.equal(dataOf<string>(updated), inactive.shortLink);
    assert.equal((await click(inactive.shortLink)).status, 302);
    const got = await get(keyA, { id: inactive.id });
    assert.deepEqual([got.status, got.comment, got.clickCnt, got.redirectCnt], ['1', 'back on', '2', '1']);
    // An empty expiration date removes it.
    dataOf(await phpCall(server.baseUrl, keyA, 'link', 'update', { id: expired.id, data: { expirationDate: '' } }));
    assert.equal((await click(expired.shortLink)).status, 302);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyA, 'link', 'update', { id: expired.id, data: { expirationDate: 'tomorrow' } })), 1);
  });

  it('lists with criteria, pagination and sort; totalItemCount is a string', async () => {
    for (let i = 0; i < 3; i++) dataOf(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: `https://list.test/${i}`, comment: `Black Friday ${i}` } }));
    const all = dataOf<{ items: LinkObject[]; totalItemCount: string }>(await nodeCall(server.baseUrl, keyA, 'link', 'list', { criteria: { query: 'black friday' }, pagination: { currentPage: '0', pageSize: '2' }, sort: { code: 'ASC' } }));
    assert.equal(all.totalItemCount, '3');
    assert.equal(all.items.length, 2);
    assert.ok((all.items[0]?.code ?? '') < (all.items[1]?.code ?? ''));
    const second = dataOf<{ items: LinkObject[] }>(await nodeCall(server.baseUrl, keyA, 'link', 'list', { criteria: { query: 'black friday' }, pagination: { currentPage: '1', pageSize: '2' }, sort: { code: 'ASC' } }));
    assert.equal(second.items.length, 1);
    // The mobizon-node test's request: active, approved links, by clicks.
    const active = dataOf<{ items: LinkObject[]; totalItemCount: string }>(await nodeCall(server.baseUrl, keyA, 'link', 'list', { criteria: { status: '1', moderatorStatus: '1' }, pagination: { currentPage: '0', pageSize: '50' }, sort: { clickCnt: 'DESC' } }));
    assert.ok(active.items.every((l) => l.status === '1'));
    assert.equal(active.items[0]?.clickCnt, '2');
    const inactive = dataOf<{ totalItemCount: string }>(await nodeCall(server.baseUrl, keyA, 'link', 'list', { criteria: { status: '0' } }));
    assert.equal(inactive.totalItemCount, '0');
    assert.equal(codeOf(await nodeCall(server.baseUrl, keyA, 'link', 'list', { sort: { nope: 'ASC' } })), 12);
  });

  it('getStats counts clicks and redirects per period for up to 5 links, in the order asked', async () => {
    const on = dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://stats.test/on' } }));
    const off = dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://stats.test/off', status: '0' } }));
    for (let i = 0; i < 3; i++) await click(on.shortLink);
    await click(off.shortLink);
    const stats = dataOf<{ items: Record<string, string>[]; totals: Record<string, string> }>(await nodeCall(server.baseUrl, keyA, 'link', 'getStats', { ids: [off.id, on.id], type: 'minute' }));
    assert.deepEqual(stats.totals, { totalClicks0: '1', totalRedirects0: '0', totalClicks1: '3', totalRedirects1: '3' });
    assert.ok(stats.items.length >= 180 && stats.items.length <= 182, String(stats.items.length));
    const sum = (key: string) => stats.items.reduce((n, item) => n + Number(item[key]), 0);
    assert.deepEqual([sum('clicks0'), sum('redirects0'), sum('clicks1'), sum('redirects1')], [1, 0, 3, 3]);
    assert.match(stats.items[0]?.param ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // A window in the past has nothing; monthly params are months.
    const past = dataOf<{ items: Record<string, string>[]; totals: Record<string, string> }>(
      await phpCall(server.baseUrl, keyA, 'link', 'getStats', { ids: [on.id], type: 'monthly', criteria: { dateFrom: '2021-01-01 13:30:00', dateTo: '2021-03-01 00:00:00' } }),
    );
    assert.deepEqual(past.items.map((i) => i.param), ['2021-01', '2021-02', '2021-03']);
    assert.deepEqual(past.totals, { totalClicks0: '0', totalRedirects0: '0' });
  });

  it('keeps accounts apart: B cannot get, update, delete, count or list A\'s links', async () => {
    const mine = dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://a.test/private', comment: 'only A' } }));
    await click(mine.shortLink);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyB, 'link', 'get', { id: mine.id })), 2);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyB, 'link', 'get', { code: mine.code })), 2);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyB, 'link', 'get', { shortLink: mine.shortLink })), 2);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyB, 'link', 'update', { id: mine.id, data: { status: '0' } })), 2);
    const del = dataOf<{ processed: string[]; notProcessed: string[] }>(await nodeCall(server.baseUrl, keyB, 'link', 'delete', { ids: [mine.id] }));
    assert.deepEqual(del, { processed: [], notProcessed: [mine.id] });
    const listB = dataOf<{ items: LinkObject[]; totalItemCount: string }>(await nodeCall(server.baseUrl, keyB, 'link', 'list', { criteria: { query: mine.code } }));
    assert.equal(listB.totalItemCount, '0');
    const statsB = dataOf<{ totals: Record<string, string> }>(await nodeCall(server.baseUrl, keyB, 'link', 'getStats', { ids: [mine.id], type: 'hourly' }));
    assert.deepEqual(statsB.totals, { totalClicks0: '0', totalRedirects0: '0' });
    assert.equal((await get(keyA, { id: mine.id })).status, '1');

    // A deletes it (and an id that is not a link): the link stops working.
    const delA = dataOf<{ processed: string[]; notProcessed: string[] }>(await phpCall(server.baseUrl, keyA, 'link', 'delete', { ids: [mine.id, '999999'] }));
    assert.deepEqual(delA, { processed: [mine.id], notProcessed: ['999999'] });
    assert.equal((await click(mine.shortLink)).status, 404);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyA, 'link', 'get', { id: mine.id })), 2);
  });

  it('campaign links: shortened text, per-recipient codes counted on the recipient, GetLinks for the owner only', async () => {
    const db = server.core.db;
    const existing = dataOf<LinkObject>(await phpCall(server.baseUrl, keyA, 'link', 'create', { data: { fullLink: 'https://shop.test/', comment: 'shop' } }));
    const campaign = await db
      .insertInto('smsCampaigns')
      .values({ accountId: accountA, type: 2, text: '', status: 'NEW', source: 'mobizon', createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const prepared = await prepareCampaignLinks(db, {
      accountId: accountA,
      campaignId: campaign.id,
      text: `Sale at ${existing.shortLink} (see https://news.test/a?b=1). Hi {name}: https://t.test/{name}`,
      publicUrl: server.baseUrl,
      shorten: true,
    });
    assert.equal(prepared.links.length, 2);
    const created = prepared.links.find((l) => l.code !== existing.code);
    assert.ok(created);
    assert.equal(prepared.text, `Sale at ${existing.shortLink} (see ${created.shortLink}). Hi {name}: https://t.test/{name}`);
    await db.updateTable('smsCampaigns').set({ text: prepared.text }).where('id', '=', campaign.id).execute();

    const personal = personaliseLinks(prepared.text, prepared.links, server.baseUrl);
    assert.equal(personal.text.length, prepared.text.length);
    await recordRecipientCodes(db, personal.codes.map((c) => ({ ...c, messageId: 4242 })));
    const recipientUrl = personal.text.match(new RegExp(`${server.baseUrl}/s/([A-Z][A-Za-z0-9]{7})`))?.[0] ?? '';
    const res = await click(recipientUrl);
    assert.equal(res.status, 302);
    const linkId = personal.codes.find((c) => recipientUrl.endsWith(c.code))?.linkId;
    const row = await db.selectFrom('shortLinkRecipients').selectAll().where('linkId', '=', linkId ?? 0).executeTakeFirstOrThrow();
    assert.equal(row.clickCnt, 1);
    const hit = await db.selectFrom('shortLinkHits').selectAll().where('linkId', '=', linkId ?? 0).where('messageId', '=', 4242).executeTakeFirstOrThrow();
    assert.equal(hit.redirected, 1);
    // The recipient code finds its link in list criteria[query].
    const found = dataOf<{ items: LinkObject[] }>(await nodeCall(server.baseUrl, keyA, 'link', 'list', { criteria: { query: row.code } }));
    assert.deepEqual(found.items.map((l) => l.id), [String(linkId)]);

    for (const [module, key] of [['campaign', keyA], ['link', keyA]] as const) {
      const links = dataOf<Record<string, string | null>[]>(await phpCall(server.baseUrl, key, module, 'getLinks', { campaignId: String(campaign.id) }));
      assert.deepEqual(links.map((l) => l.id).sort(), [existing.id, String(created.id)].sort());
      const shop = links.find((l) => l.id === existing.id);
      assert.deepEqual(Object.keys(shop ?? {}), ['id', 'code', 'fullLink', 'shortLink', 'clickCnt', 'redirectCnt', 'comment']);
      assert.equal(shop?.comment, 'shop');
    }
    const clicked = (await phpCall(server.baseUrl, keyA, 'campaign', 'getLinks', { campaignId: String(campaign.id) })).body.data as Record<string, string>[];
    assert.equal(clicked.find((l) => l.id === String(linkId))?.clickCnt, '1');
    assert.equal(codeOf(await phpCall(server.baseUrl, keyB, 'campaign', 'getLinks', { campaignId: String(campaign.id) })), 2);
    assert.equal(codeOf(await phpCall(server.baseUrl, keyA, 'link', 'getLinks', {})), 11);
  });
});
