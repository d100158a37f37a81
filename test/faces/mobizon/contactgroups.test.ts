import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { setBilling } from '../../../src/core/billing/billing.js';
import { BY_TEST } from '../../support/billing.js';
import { nodeCall, type WireResponse } from './client.js';
import { Api, ok } from '../native/client.js';

const OPERATOR_KEY = 'operator-key-for-tests-0123456789';

const body = (res: WireResponse) => res.body as { code: number; data: unknown; message: string };

/** contactgroup/* and price/listPublic: undocumented, but mobizon-node calls them. */
describeEachDatabase('Mobizon contactgroup and price/listPublic as mobizon-node calls them', (kind) => {
  let server: TestServer;
  let key: string;
  let otherKey: string;
  let nativeKey: string;

  before(async () => {
    server = await startTestServer(kind, { operatorKey: OPERATOR_KEY });
    const account = await server.createAccount();
    key = account.credentials.mobizon.apiKey;
    nativeKey = account.credentials.native.apiKey;
    otherKey = (await server.createAccount('other')).credentials.mobizon.apiKey;
    await setBilling({ db: server.core.db, accountId: account.id }, { currency: 'KZT', balance: 5 }, BY_TEST);
    await server.core.db.insertInto('smsPrices').values([{ country: 'KZ', operator: '', priceMicros: 15_000 }, { country: 'RU', operator: 'MTS', priceMicros: 40_000 }]).execute();
  });
  after(() => server.close());

  it('creates, lists, refuses a duplicate name with data.name[0], and deletes groups; other accounts see none', async () => {
    const created = body(await nodeCall(server.baseUrl, key, 'contactgroup', 'create', { data: { name: 'VIP clients' } }));
    assert.equal(created.code, 0);
    assert.match(String(created.data), /^\d+$/);
    const dup = body(await nodeCall(server.baseUrl, key, 'contactgroup', 'create', { data: { name: 'vip clients' } }));
    assert.equal(dup.code, 1);
    assert.match((dup.data as { name: string[] }).name[0]!, /already exists/);
    body(await nodeCall(server.baseUrl, key, 'contactgroup', 'create', { data: { name: 'Newsletter' } }));
    const list = body(await nodeCall(server.baseUrl, key, 'contactgroup', 'list', { criteria: { name: 'vip' }, pagination: { pageSize: 25, currentPage: 0 }, sort: { name: 'ASC' } }));
    assert.deepEqual(list.data, { items: [{ id: created.data, name: 'VIP clients', cardsCnt: '0' }], totalItemCount: '1' });
    assert.equal((body(await nodeCall(server.baseUrl, otherKey, 'contactgroup', 'list', {})).data as { totalItemCount: string }).totalItemCount, '0');
    assert.equal(body(await nodeCall(server.baseUrl, otherKey, 'contactgroup', 'delete', { id: created.data })).code, 2);
    assert.deepEqual(body(await nodeCall(server.baseUrl, key, 'contactgroup', 'delete', { id: created.data })), { code: 0, data: true, message: '' });
    assert.equal((body(await nodeCall(server.baseUrl, key, 'contactgroup', 'list', {})).data as { totalItemCount: string }).totalItemCount, '1');
  });

  it('lists the price list in the account currency; bad values are code 12', async () => {
    const all = body(await nodeCall(server.baseUrl, key, 'price', 'listPublic', { countryA2: 'kz', currency: 'KZT', language: 'ru' }));
    assert.deepEqual(all, { code: 0, data: { priceGroups: [], prices: [{ countryA2: 'KZ', operatorName: '', price: '0.0150', currency: 'KZT' }] }, message: '' });
    assert.equal(body(await nodeCall(server.baseUrl, key, 'price', 'listPublic', { countryA2: 'KAZ' })).code, 12);
    assert.equal(body(await nodeCall(server.baseUrl, key, 'price', 'listPublic', { currency: 'USD' })).code, 12);
    assert.equal(body(await nodeCall(server.baseUrl, key, 'price', 'listPublic', { language: 'xx' })).code, 12);
  });

  it('answers in the currency asked for once the operator sets a rate from the account currency; code 12 without one', async () => {
    const list = async (currency: string) => body(await nodeCall(server.baseUrl, key, 'price', 'listPublic', { currency }));
    const noRate = await list('USD');
    assert.equal(noRate.code, 12);
    assert.match(noRate.message, /no exchange rate to USD/);
    // Rates are operator data: an account key cannot set them.
    assert.equal((await new Api(server, nativeKey).put('/operator/sms/exchange-rates', { rows: [{ from: 'KZT', to: 'USD', rate: '1' }] })).status, 401);

    const operator = new Api(server, OPERATOR_KEY);
    ok(await operator.put('/operator/sms/exchange-rates', { rows: [{ from: 'KZT', to: 'USD', rate: '0.0021' }, { from: 'kzt', to: 'rub', rate: '0.19' }] }));
    // mobizon-node's listPublicPrice example asks for USD; 0.015 KZT is 0.0000315 USD.
    assert.deepEqual(body(await nodeCall(server.baseUrl, key, 'price', 'listPublic', { countryA2: 'KZ', currency: 'USD', language: 'ru' })), {
      code: 0, data: { priceGroups: [], prices: [{ countryA2: 'KZ', operatorName: '', price: '0.0000', currency: 'USD' }] }, message: '',
    });
    assert.deepEqual((await list('rub')).data, {
      priceGroups: [],
      prices: [
        { countryA2: 'KZ', operatorName: '', price: '0.0029', currency: 'RUB' },
        { countryA2: 'RU', operatorName: 'MTS', price: '0.0076', currency: 'RUB' },
      ],
    });
    assert.equal(((await list('USD')).data as { prices: { price: string }[] }).prices[1]?.price, '0.0001', '0.04 KZT = 0.000084 USD, half up');
    assert.equal((await list('EUR')).code, 12, 'a currency without a rate');
    assert.equal((await list('KZT')).code, 0, 'the account currency needs no rate');

    assert.equal((await operator.delete('/operator/sms/exchange-rates/KZT/USD')).status, 204);
    assert.equal((await list('USD')).code, 12);
  });
});
