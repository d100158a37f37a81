import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { TransApi } from './client.js';

/*
 * Every number a SendExpert client sends (user_id, mail_id, timestamps, the unsubscribe form id)
 * given a value no column or date holds, a negative, a fraction, an exponent or text: the service's
 * `{"error":CODE,"result":""}` envelope, never a 500 or an accepted mail.
 */
const BAD: unknown[] = ['99999999999999999999', '9007199254740993', '9007199254740991', -1, '1.5', 1.5, '1e309', 'abc', 1e20];

describeEachDatabase('SendExpert number bounds', (kind) => {
  let server: TestServer;
  let api: TransApi;
  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    api = new TransApi(server.baseUrl, String(account.credentials.sendexpert.userId), account.credentials.sendexpert.key);
    await markSenderVerified({ db: server.core.db, accountId: account.id }, 'news@shop.example');
  });
  after(() => server.close());

  const mail = (over: Record<string, unknown>) => ({ to_email: 'reader@example.com', from_email: 'news@shop.example', from_name: 'Shop', subject: 'Hi', body_html: '<p>Hi</p>', body_text: 'Hi', ...over });

  test('out-of-range numbers are an error code in the service envelope on every action that reads one', async () => {
    const cases: [string, (v: unknown) => Record<string, unknown>][] = [
      ['getStatusMail', (v) => ({ mail_id: v })],
      ['getStatByDate', (v) => ({ time_start: v, time_end: '1507622644' })],
      ['getStatByDate', (v) => ({ time_start: '1507622644', time_end: v })],
      ['sendMail', (v) => mail({ timestamp_send: v })],
      ['sendMail', (v) => mail({ unsubscribe_form: v })],
    ];
    const failures: string[] = [];
    for (const [action, data] of cases) {
      for (const value of BAD) {
        const res = await api.call(action, data(value));
        if (res.status !== 200 || !/^\{"error":"[A-Z_]+","result":""\}$/.test(res.text)) failures.push(`${action} ${JSON.stringify(data(value))}: ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    // An impossible user id is a credential failure like any other: one answer for all of them (ERROR_SIGN).
    for (const userId of ['99999999999999999999', '9007199254740993', '-1', '1.5', '1e309', 'abc']) {
      const res = await new TransApi(server.baseUrl, userId, 'key').call('checkAPI');
      if (res.status !== 200 || res.body.error !== 'ERROR_SIGN') failures.push(`user_id ${userId}: ${res.status} ${res.text.slice(0, 160)}`);
    }
    assert.deepEqual(failures, []);
  });
});
