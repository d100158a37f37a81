import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import type { PhpArray } from '../../support/php-api-call.js';
import { phpCall } from './client.js';

/*
 * Every numeric parameter of the Mobizon methods, given a number no database column holds, a
 * negative, a fraction, an overflowing exponent or text: the answer is the face's own validation
 * code (1, 11 or 12 as the documentation lists them, or 2 for an id that names nothing), never an
 * application error (3) from a failed query. Filters over ids (marked `matches`) answer an id that
 * cannot exist the way they answer an id of another account: it matches nothing (code 0).
 */
const BAD = ['99999999999999999999', '9007199254740993', '-1', '1.5', '1e309', 'abc'];
const REFUSED = new Set([1, 2, 11, 12]);
const MATCHES_NOTHING = new Set([0, ...REFUSED]);

/** module, method, where the number goes, and whether an impossible value may simply match nothing. */
const CASES: [string, string, (value: string) => PhpArray, 'matches'?][] = [
  ['message', 'list', (v) => ({ pagination: { currentPage: v } })],
  ['message', 'list', (v) => ({ pagination: { pageSize: v } })],
  ['message', 'list', (v) => ({ criteria: { campaignIds: [v] } })],
  ['message', 'list', (v) => ({ criteria: { groups: [v] } })],
  ['message', 'getSMSStatus', (v) => ({ ids: [v] }), 'matches'],
  ['message', 'sendSMSMessage', (v) => ({ recipient: '447700900123', text: 'Hi', params: { validity: v } })],
  ['message', 'sendSMSMessage', (v) => ({ recipient: '447700900123', text: 'Hi', params: { mclass: v } })],
  ['campaign', 'list', (v) => ({ pagination: { currentPage: v } })],
  ['campaign', 'list', (v) => ({ criteria: { id: v } })],
  ['campaign', 'list', (v) => ({ criteria: { ids: [v] } })],
  ['campaign', 'list', (v) => ({ criteria: { type: v } })],
  ['campaign', 'get', (v) => ({ id: v })],
  ['campaign', 'getInfo', (v) => ({ id: v })],
  ['campaign', 'send', (v) => ({ id: v })],
  ['campaign', 'delete', (v) => ({ id: v })],
  ['campaign', 'getLinks', (v) => ({ campaignId: v })],
  ['campaign', 'addRecipients', (v) => ({ id: v, recipients: ['447700900123'] })],
  ['campaign', 'create', (v) => ({ data: { type: '1', from: '', text: 'Hi', rateLimit: v } })],
  ['campaign', 'create', (v) => ({ data: { type: '1', from: '', text: 'Hi', ratePeriod: v } })],
  ['campaign', 'create', (v) => ({ data: { type: v, from: '', text: 'Hi' } })],
  ['campaign', 'create', (v) => ({ data: { type: '1', from: '', text: 'Hi', validity: v } })],
  ['campaign', 'create', (v) => ({ data: { type: '1', from: '', text: 'Hi', mclass: v } })],
  ['link', 'list', (v) => ({ pagination: { currentPage: v } })],
  ['link', 'list', (v) => ({ criteria: { id: v } }), 'matches'],
  ['link', 'list', (v) => ({ criteria: { ids: [v] } }), 'matches'],
  ['link', 'list', (v) => ({ criteria: { campaignId: v } }), 'matches'],
  ['link', 'get', (v) => ({ id: v })],
  ['link', 'update', (v) => ({ id: v, data: { comment: 'x' } })],
  ['link', 'delete', (v) => ({ ids: [v] }), 'matches'],
  ['link', 'getStats', (v) => ({ ids: [v], type: 'daily' }), 'matches'],
  ['link', 'getLinks', (v) => ({ campaignId: v })],
  ['taskqueue', 'getStatus', (v) => ({ id: v })],
  ['contactgroup', 'delete', (v) => ({ id: v })],
  ['contactgroup', 'list', (v) => ({ pagination: { currentPage: v } })],
  ['alphaname', 'list', (v) => ({ pagination: { currentPage: v } })],
];

describeEachDatabase('Mobizon number bounds', (kind) => {
  let server: TestServer;
  let apiKey: string;
  before(async () => {
    server = await startTestServer(kind);
    apiKey = (await server.createAccount()).credentials.mobizon.apiKey;
  });
  after(() => server.close());

  test('out-of-range numbers are answered with a validation code on every method that takes one', async () => {
    const failures: string[] = [];
    for (const [module, method, build, matches] of CASES) {
      for (const value of BAD) {
        const res = await phpCall(server.baseUrl, apiKey, module, method, build(value));
        if (res.status !== 200 || !(matches ? MATCHES_NOTHING : REFUSED).has(res.body.code)) failures.push(`${module}/${method} ${JSON.stringify(build(value))}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
