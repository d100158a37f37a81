import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, type ApiErrorBody } from './client.js';

interface ShortLinkDto {
  id: number;
  campaignId: number | null;
  code: string;
  shortLink: string;
  fullLink: string;
  active: boolean;
  expirationDate: string | null;
  comment: string;
  clicks: number;
  redirects: number;
  createdAt: string;
  updatedAt: string;
}

describeEachDatabase('native API: SMS short links', (kind) => {
  let server: TestServer;
  let a: Api;
  let b: Api;

  before(async () => {
    server = await startTestServer(kind);
    a = new Api(server, (await server.createAccount('Native links A')).credentials.native.apiKey);
    b = new Api(server, (await server.createAccount('Native links B')).credentials.native.apiKey);
  });
  after(() => server.close());

  const click = (url: string) => fetch(url, { redirect: 'manual' });

  it('creates, clicks, reads, updates, lists and deletes a link', async () => {
    const created = await a.post('/sms/links', { fullLink: 'https://example.com/x', comment: 'spring', expirationDate: '2099-12-31' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const link = created.body as ShortLinkDto;
    assert.equal(link.shortLink, `${server.baseUrl}/s/${link.code}`);
    assert.deepEqual([link.active, link.expirationDate, link.comment, link.clicks, link.redirects, link.campaignId], [true, '2099-12-31', 'spring', 0, 0, null]);

    const res = await click(link.shortLink);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://example.com/x');

    const got = (await a.get(`/sms/links/${link.id}`)).body as ShortLinkDto;
    assert.deepEqual([got.clicks, got.redirects], [1, 1]);

    const patched = await a.patch(`/sms/links/${link.id}`, { active: false, expirationDate: null });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([(patched.body as ShortLinkDto).active, (patched.body as ShortLinkDto).expirationDate], [false, null]);
    assert.equal((await click(link.shortLink)).status, 404);

    const page = (await a.get('/sms/links?status=inactive&search=spring&limit=10')).body as { items: ShortLinkDto[]; total: number; limit: number; offset: number };
    assert.equal(page.total, 1);
    assert.deepEqual([page.items[0]?.id, page.items[0]?.clicks, page.items[0]?.redirects], [link.id, 2, 1]);

    const stats = (await a.get(`/sms/links/${link.id}/stats?type=hourly`)).body as { items: { period: string; clicks: number; redirects: number }[]; totals: { clicks: number; redirects: number } };
    assert.deepEqual(stats.totals, { clicks: 2, redirects: 1 });
    assert.ok(stats.items.length >= 168 && stats.items.length <= 170);

    assert.equal((await a.delete(`/sms/links/${link.id}`)).status, 204);
    assert.equal((await a.get(`/sms/links/${link.id}`)).status, 404);
    assert.equal((await click(link.shortLink)).status, 404);
  });

  it('refuses unsafe targets and bad fields with 400', async () => {
    for (const body of [{ fullLink: 'javascript:alert(1)' }, { fullLink: 'https://x.test', expirationDate: '2026-02-30' }, { fullLink: 'https://x.test', status: 1 }, { comment: 'no link' }]) {
      const res = await a.post('/sms/links', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((res.body as ApiErrorBody).error.code, 'validation_failed');
    }
    assert.equal((await a.get('/sms/links/1/stats?type=weekly')).status, 400);
  });

  it('keeps accounts apart', async () => {
    const link = (await a.post('/sms/links', { fullLink: 'https://a.test/' })).body as ShortLinkDto;
    assert.equal((await b.get(`/sms/links/${link.id}`)).status, 404);
    assert.equal((await b.patch(`/sms/links/${link.id}`, { comment: 'mine now' })).status, 404);
    assert.equal((await b.delete(`/sms/links/${link.id}`)).status, 404);
    assert.equal((await b.get(`/sms/links/${link.id}/stats`)).status, 404);
    assert.equal(((await b.get('/sms/links')).body as { total: number }).total, 0);
    assert.equal((await a.get(`/sms/links/${link.id}`)).status, 200);
  });
});
