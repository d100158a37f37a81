import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';
import { phpCall, type WireResponse } from './client.js';

type Simulator = Awaited<ReturnType<typeof startSmscSimulator>>;
type Info = Record<string, unknown> & { commonStatus: string; counters: Record<string, string> };

function dataOf<T>(res: WireResponse): T {
  assert.equal(res.status, 200, res.text);
  const body = res.body as { code: number; data: T };
  assert.equal(body.code, 0, res.text);
  return body.data;
}

/** Campaign sending when the SMSC pushes back or goes away, and per-recipient short links. */
describeEachDatabase('Mobizon campaigns against a difficult SMSC', (kind) => {
  let smsc: Simulator;
  let server: TestServer;
  let apiKey: string;
  const call = (method: string, params: Record<string, unknown> = {}) => phpCall(server.baseUrl, apiKey, 'campaign', method, params as never);
  const info = async (id: string): Promise<Info> => dataOf<Info>(await call('getInfo', { id }));
  const numbers = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);

  before(async () => {
    smsc = await startSmscSimulator({ systemId: 'herald', password: 'secret', receiptDelayMs: 10, record: true, seed: 3 });
    server = await startTestServer(kind, {
      sms: { routes: [{ name: 'sim', host: '127.0.0.1', port: smsc.port, systemId: 'herald', password: 'secret', systemType: '', window: 50, bind: 'transceiver', prefixes: [] }] },
    });
    apiKey = (await server.createAccount()).credentials.mobizon.apiKey;
  });
  after(async () => {
    await server.close();
    await smsc.close();
  });

  async function campaignOf(text: string, recipients: string[]): Promise<string> {
    const id = dataOf<string>(await call('create', { data: { text } }));
    for (let i = 0; i < recipients.length; i += 500) dataOf(await call('addRecipients', { id, recipients: recipients.slice(i, i + 500) }));
    assert.equal(dataOf<number>(await call('send', { id })), 2);
    return id;
  }

  it('an SMSC throttling every 4th submit slows the campaign down and loses nothing', { timeout: 90_000 }, async () => {
    smsc.setThrottleEvery(4);
    const throttledBefore = smsc.stats.throttled;
    const to = numbers('7705', 400);
    const id = await campaignOf('Throttled campaign', to);
    await waitUntil(async () => (await info(id)).commonStatus === 'DONE', 80_000, 'DONE');
    smsc.setThrottleEvery(0);
    assert.ok(smsc.stats.throttled - throttledBefore > 50, `throttled ${smsc.stats.throttled - throttledBefore} times`);
    const got = smsc.received.filter((p) => p.body.toString('latin1') === 'Throttled campaign').map((p) => p.destination.replace(/^\+/, ''));
    assert.equal(new Set(got).size, 400, 'every recipient got it');
    assert.equal(got.length, 400, 'and only once');
    assert.equal((await info(id)).counters.totalDelivrdMsgNum, '400');
  });

  it('a dropped SMPP connection mid-campaign reconnects and the campaign completes', { timeout: 90_000 }, async () => {
    const bindsBefore = smsc.stats.binds;
    const to = numbers('7706', 600);
    const id = await campaignOf('Dropped campaign', to);
    await waitUntil(() => smsc.received.filter((p) => p.body.toString('latin1') === 'Dropped campaign').length >= 100, 30_000, 'sending under way');
    smsc.dropConnections();
    await waitUntil(async () => (await info(id)).commonStatus === 'DONE', 80_000, 'DONE');
    assert.ok(smsc.stats.binds > bindsBefore, 'bound again');
    const got = new Set(smsc.received.filter((p) => p.body.toString('latin1') === 'Dropped campaign').map((p) => p.destination.replace(/^\+/, '')));
    assert.equal(got.size, 600, 'every recipient got it');
    const done = await info(id);
    assert.equal(done.counters.totalMsgNum, '600');
    assert.equal(Number(done.counters.totalDelivrdMsgNum) + Number(done.counters.totalUnknownMsgNum) + Number(done.counters.totalAcceptdMsgNum), 600);
  });

  it('shortened links are personal per recipient, and clicks show in campaign/getLinks', { timeout: 60_000 }, async () => {
    const id = dataOf<string>(await call('create', { data: { type: 2, text: 'Sale: https://shop.example.com/sale?utm=sms', shortenLinks: 1, trackShortLinkRecipients: 1 } }));
    const campaign = dataOf<{ text: string }>(await call('get', { id }));
    const linkMatch = new RegExp(`${server.baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/s/(\\w+)`).exec(campaign.text);
    assert.ok(linkMatch, `campaign text has a short link: ${campaign.text}`);
    const added = dataOf<{ messageId: string }[]>(await call('addRecipients', { id, recipients: ['77070000001', '77070000002'] }));
    const texts = await server.core.db.selectFrom('messageContents').select(['messageId', 'text']).where('messageId', 'in', added.map((a) => Number(a.messageId))).execute();
    assert.equal(texts.length, 2);
    const personal = texts.map((t) => /\/s\/(\w+)/.exec(t.text ?? '')?.[1]);
    assert.ok(personal[0] && personal[1] && personal[0] !== personal[1] && personal[0] !== linkMatch[1], JSON.stringify(texts));
    assert.equal(texts[0]!.text!.length, campaign.text.length, 'personal links keep the length the text was priced with');
    const res = await fetch(`${server.baseUrl}/s/${personal[0]}`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://shop.example.com/sale?utm=sms');
    const links = dataOf<{ shortLink: string; fullLink: string; clickCnt: string; redirectCnt: string }[]>(await call('getLinks', { campaignId: id }));
    assert.equal(links.length, 1);
    assert.equal(links[0]!.fullLink, 'https://shop.example.com/sale?utm=sms');
    assert.equal(String(links[0]!.clickCnt), '1');
    assert.equal(String(links[0]!.redirectCnt), '1');
  });
});
