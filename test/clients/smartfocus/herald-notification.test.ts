/** The Notification client against a running Herald (/NMSREST, /NMSXML), both databases. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, ok } from '../../faces/native/client.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { Notification, SmartFocusError } from '../../../src/clients/smartfocus/index.js';

interface MessageDto {
  id: number;
  to: string;
  subject: string;
  scheduledAt: string | null;
}

describeEachDatabase('SmartFocus Notification client against Herald', (kind) => {
  let server: TestServer;
  let api: Api;
  let tpl: { id: number; random: string; encrypt: string };
  let notification: Notification;

  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    api = new Api(server, account.credentials.native.apiKey);
    await markSenderVerified({ db: server.core.db, accountId: account.id }, 'orders@shop.example');
    tpl = ok(
      await api.post('/templates', {
        kind: 'emv',
        name: 'Order confirmation',
        subject: 'Hello [EMV DYN]FIRSTNAME[EMV /DYN]',
        from: 'orders@shop.example',
        fromName: 'Shop',
        html: '<p>Dear [EMV DYN]FIRSTNAME[EMV /DYN] [EMV DYN]lastname[EMV /DYN],</p>[EMV CONTENT]0[EMV /CONTENT]',
      }),
      201,
    );
    notification = new Notification({ baseUrl: server.baseUrl });
  });
  after(async () => {
    await server?.close();
  });

  async function lastMessage(): Promise<MessageDto> {
    const list = ok<{ items: MessageDto[] }>(await api.get('/messages?limit=1&offset=0'));
    assert.ok(list.items[0]);
    return list.items[0];
  }
  const htmlOf = async (id: number) => (await server.core.db.selectFrom('messageContents').select('html').where('messageId', '=', id).executeTakeFirstOrThrow()).html;

  test('send (NMSREST): queued and rendered; a dyn value with a space arrives whole', async () => {
    const res = await notification.send('john+1@example.com', tpl.encrypt, tpl.id, tpl.random, 'firstname:John|lastname:Smith');
    assert.deepEqual([res.email, res.result], ['john+1@example.com', 'SendRequest has been successfully saved!']);
    assert.deepEqual([(await lastMessage()).to, (await lastMessage()).subject], ['john+1@example.com', 'Hello John']);

    await notification.send('mary@example.com', tpl.encrypt, null, tpl.random, { firstname: 'Mary Ann', lastname: "O'Neil & Co" }, '2099-01-02 10:00:00', 'email', 'NOTHING');
    const m = await lastMessage();
    assert.equal(m.subject, 'Hello Mary Ann');
    assert.equal(m.scheduledAt, '2099-01-02T09:00:00.000Z');
    assert.match(String(await htmlOf(m.id)), /Dear Mary Ann O&#39;Neil &amp; Co,|Dear Mary Ann O'Neil &amp; Co,/);
  });

  test('buildTransactionalRequestObject + post (NMSXML): tracked content, additional params', async () => {
    const request = notification.buildTransactionalRequestObject('jane@example.com', tpl.encrypt, tpl.random, { firstname: 'Jane', lastname: 'Doe' }, ['<p>click <a href="https://shop.example/x">here</a> £5</p>'], true, {
      senddate: '2008-12-12T00:00:00',
      uidkey: 'email',
      synchrotype: 'NOTHING',
    });
    const res = await notification.post(request);
    assert.equal(res.result, 'SendRequest has been successfully saved!');
    const m = await lastMessage();
    assert.deepEqual([m.to, m.subject], ['jane@example.com', 'Hello Jane']);
    const html = String(await htmlOf(m.id));
    assert.match(html, /<p>Dear Jane Doe,<\/p>/);
    assert.match(html, /href="https:\/\/shop\.example\/x"/);
    assert.match(html, /&pound;5/);
  });

  test('several send requests in one document: one outcome each', async () => {
    const one = (email: string) => notification.buildTransactionalRequestObject(email, tpl.encrypt, tpl.random, { firstname: 'X' }).asXML();
    const body = one('a@example.com').replace('</MultiSendRequest>\n', '') + one('b@example.com').replace(/^[\s\S]*<MultiSendRequest>/, '');
    const res = await notification.post(body);
    assert.deepEqual(res.outcomes.map((o) => [o.email, o.ok, o.result]), [
      ['a@example.com', true, 'SendRequest has been successfully saved!'],
      ['b@example.com', true, 'SendRequest has been successfully saved!'],
    ]);
  });

  test('a wrong encrypt value: SmartFocusError CREATE_SENDREQUEST_FAILED', async () => {
    for (const call of [
      () => notification.send('a@example.com', 'not-the-secret', null, tpl.random, 'firstname:A'),
      () => notification.post(notification.buildTransactionalRequestObject('a@example.com', 'not-the-secret', tpl.random)),
    ]) {
      const err = await call().catch((e: unknown) => e);
      assert.ok(err instanceof SmartFocusError);
      assert.deepEqual([err.status, err.description, err.fields, err.httpStatus], ['CREATE_SENDREQUEST_FAILED', `Bad authentication!!! Random parameter is wrong  ${tpl.random}`, ` ${tpl.random}`, 500]);
    }
  });
});
