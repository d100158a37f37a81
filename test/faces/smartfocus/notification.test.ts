import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { sfRequest, type SfResponse } from '../../support/smartfocus-client.js';
import { Api, ok } from '../native/client.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';

const DECL = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>';
const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const saved = (email: string) => `${DECL}<response responseStatus="success" email="${email}"><result xsi:type="xs:string" ${NS}>SendRequest has been successfully saved!</result></response>`;
const failed = (description: string, fields: string) => `${DECL}<response responseStatus="failed"><description>${description}</description><fields>${fields}</fields><status>CREATE_SENDREQUEST_FAILED</status></response>`;

interface TemplateDto {
  id: number;
  random: string;
  encrypt: string;
}
interface MessageDto {
  id: number;
  to: string;
  subject: string;
  source: string;
  status: string;
  scheduledAt: string | null;
}
interface ContactDto {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  mobile: string;
  source: string;
  customFields: Record<string, string>;
}

describeEachDatabase('SmartFocus Notification face (/NMSREST, /NMSXML)', (kind) => {
  let server: TestServer;
  let api: Api;
  let tpl: TemplateDto;

  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    api = new Api(server, account.credentials.native.apiKey);
    await markSenderVerified({ db: server.core.db, accountId: account.id }, 'orders@shop.example');
    tpl = ok<TemplateDto>(
      await api.post('/templates', {
        kind: 'emv',
        name: 'Order confirmation',
        subject: 'Hello [EMV DYN]FIRSTNAME[EMV /DYN]',
        from: 'orders@shop.example',
        fromName: 'Shop',
        html: '<p>Dear [EMV DYN]FIRSTNAME[EMV /DYN] [EMV DYN]lastname[EMV /DYN],</p>[EMV CONTENT]0[EMV /CONTENT]<p><a href="[EMV URL]https://shop.example/offer?a=1&amp;b=2[EMV /URL]">Offer</a></p>',
      }),
      201,
    );
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string): Promise<SfResponse> => sfRequest(server.baseUrl, 'GET', path);
  const postXml = (xml: string): Promise<SfResponse> => sfRequest(server.baseUrl, 'POST', '/NMSXML', xml, { 'Content-Type': 'text/xml; charset=utf-8' });
  const query = (over: Record<string, string> = {}, dyn = 'firstname:John|lastname:Smith'): string => {
    const p = { random: tpl.random, encrypt: tpl.encrypt, email: 'john%2B1%40example.com', senddate: '2008-12-12+00%3A00%3A00', uidkey: '', stype: 'NOTHING', ...over };
    return `/NMSREST?random=${p.random}&encrypt=${p.encrypt}&email=${p.email}&senddate=${p.senddate}&uidkey=${p.uidkey}&stype=${p.stype}&dyn=${dyn}`;
  };

  async function lastMessage(): Promise<MessageDto> {
    const list = ok<{ items: MessageDto[] }>(await api.get('/messages?limit=1&offset=0'));
    assert.ok(list.items[0]);
    return list.items[0];
  }
  async function contentOf(id: number): Promise<{ html: string | null; text: string | null }> {
    return server.core.db.selectFrom('messageContents').select(['html', 'text']).where('messageId', '=', id).executeTakeFirstOrThrow();
  }
  const byEmail = (res: Awaited<ReturnType<Api['get']>>): ContactDto[] => ok<{ items: ContactDto[] }>(res).items;
  async function messageCount(): Promise<number> {
    return ok<{ total: number }>(await api.get('/messages?limit=1&offset=0')).total;
  }

  it('accepts the exact GET the PHP client sends and queues the rendered message', async () => {
    const res = await get(`/NMSREST?random=${tpl.random}&encrypt=${tpl.encrypt}&email=john%2B1%40example.com&senddate=2008-12-12+00%3A00%3A00&uidkey=&stype=NOTHING&dyn=firstname:John|lastname:Smith`);
    assert.equal(res.status, 200, res.body);
    assert.match(res.contentType, /xml/);
    assert.equal(res.body, saved('john+1@example.com'));
    const m = await lastMessage();
    assert.equal(m.to, 'john+1@example.com');
    assert.equal(m.subject, 'Hello John');
    assert.equal(m.source, 'smartfocus');
    // 2008 is the past: send now.
    assert.equal(m.scheduledAt, null);
    const content = await contentOf(m.id);
    assert.equal(content.html, '<p>Dear John Smith,</p><p><a href="https://shop.example/offer?a=1&amp;b=2">Offer</a></p>');
    const row = await server.core.db.selectFrom('messages').select(['externalRef', 'templateId', 'sender', 'senderName']).where('id', '=', m.id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...row, templateId: Number(row.templateId) }, { externalRef: tpl.random, templateId: tpl.id, sender: 'orders@shop.example', senderName: 'Shop' });
  });

  it('accepts the path-info form, an email with a literal plus included', async () => {
    const res = await get(`/NMSREST/${tpl.random}/${tpl.encrypt}/jane+2@example.com/2008-12-12%2000:00:00//NOTHING/FIRSTNAME:Jane|LASTNAME:Doe`);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.body, saved('jane+2@example.com'));
    const m = await lastMessage();
    assert.equal(m.to, 'jane+2@example.com');
    assert.equal(m.subject, 'Hello Jane');
  });

  it('schedules a send date in the future (GMT+1)', async () => {
    const res = await get(query({ email: 'later%40example.com', senddate: '2099-01-02+10%3A00%3A00' }));
    assert.equal(res.status, 200, res.body);
    const m = await lastMessage();
    assert.equal(m.to, 'later@example.com');
    assert.equal(m.scheduledAt, '2099-01-02T09:00:00.000Z');
    assert.equal(m.status, 'WAIT');
  });

  it('answers each refusal with the vendor text, CREATE_SENDREQUEST_FAILED and HTTP 500, sending nothing', async () => {
    const before = await messageCount();
    const cases: [string, string, string][] = [
      [query({ random: '' }), 'You must fill in the random parameter', 'random'],
      [query({ encrypt: '' }), 'You must fill in the encrypt parameter', 'encrypt'],
      [query({ email: '' }), 'You must fill in the email parameter', 'email'],
      [query({ stype: 'INSERT_UPDATE' }), 'You must fill in the uidkey parameter', 'uidkey'],
      [query({ email: 'john.example.com' }), 'The email address john.example.com is malformed!!', 'john.example.com'],
      [query({}, 'firstname:John|lastname'), 'Error while parsing dyn parameter: firstname:John|lastname.', 'firstname:John|lastname'],
      [query({ random: 'F02F0D6E0C6B1A2E' }), 'Bad authentication!!! Random parameter is wrong  F02F0D6E0C6B1A2E', ' F02F0D6E0C6B1A2E'],
      // One answer for a wrong random and a wrong encrypt, so it does not tell which randoms exist.
      [query({ encrypt: 'not-the-secret' }), `Bad authentication!!! Random parameter is wrong  ${tpl.random}`, ` ${tpl.random}`],
      [query({ stype: 'insert', uidkey: 'email' }), 'The synchronization type insert is not valid (NOTHING, INSERT, UPDATE or INSERT_UPDATE)!!', 'insert'],
      [query({ stype: 'INSERT', uidkey: 'NOSUCHCOLUMN' }), 'The uidkey NOSUCHCOLUMN is not a column of the member table!!', 'NOSUCHCOLUMN'],
      [query({ senddate: '12%2F12%2F2008' }), 'The senddate 12/12/2008 is malformed!! Expected YYYY-MM-DD HH:MM:SS.', '12/12/2008'],
    ];
    for (const [path, description, fields] of cases) {
      const res = await get(path);
      assert.equal(res.status, 500, path);
      assert.equal(res.body, failed(description, fields), path);
    }
    assert.equal(await messageCount(), before);
  });

  it('refuses a notification that renders to nothing and one whose sender is not verified', async () => {
    const empty = ok<TemplateDto>(await api.post('/templates', { kind: 'emv', name: 'Only dyn', subject: 'S', from: 'orders@shop.example', html: '[EMV DYN]BODY[EMV /DYN]' }), 201);
    let res = await get(`/NMSREST?random=${empty.random}&encrypt=${empty.encrypt}&email=a%40example.com&senddate=&uidkey=&stype=NOTHING&dyn=`);
    assert.equal(res.status, 500);
    assert.equal(res.body, failed('Unable to retrieve the notification', empty.random));
    // With the field given it renders and goes.
    res = await get(`/NMSREST?random=${empty.random}&encrypt=${empty.encrypt}&email=a%40example.com&senddate=&uidkey=&stype=NOTHING&dyn=body:Hi`);
    assert.equal(res.status, 200, res.body);

    const unverified = ok<TemplateDto>(await api.post('/templates', { kind: 'emv', name: 'Other sender', subject: 'S', from: 'someone@elsewhere.example', html: '<p>x</p>' }), 201);
    res = await get(`/NMSREST?random=${unverified.random}&encrypt=${unverified.encrypt}&email=a%40example.com&senddate=&uidkey=&stype=NOTHING&dyn=`);
    assert.equal(res.status, 500);
    assert.equal(res.body, failed('Sender someone@elsewhere.example is not a verified sender of this account', 'sender_not_verified'));
  });

  it('refuses a notification whose push fields would render it past 2 MB, in the vendor format', async () => {
    const before = await messageCount();
    const big = ok<TemplateDto>(await api.post('/templates', { kind: 'emv', name: 'Repeats', subject: 'S', from: 'orders@shop.example', html: `<p>${'[EMV DYN]BODY[EMV /DYN]'.repeat(100)}</p>` }), 201);
    const send = (value: string) =>
      postXml(`<MultiSendRequest><sendrequest><email>big@example.com</email><encrypt>${big.encrypt}</encrypt><random>${big.random}</random><dyn><entry><key>BODY</key><value>${value}</value></entry></dyn></sendrequest></MultiSendRequest>`);
    const res = await send('y'.repeat(25_000));
    assert.equal(res.status, 500);
    assert.equal(res.body, failed('The notification could not be rendered: the rendered template is larger than 2000000 characters', 'dyn'));
    assert.equal(await messageCount(), before);
    assert.equal((await send('y'.repeat(1_000))).status, 200);
  });

  it('INSERT_UPDATE writes the recipient to the member table, then updates it', async () => {
    const field = ok<{ id: number }>(await api.post('/custom-fields', { name: 'Member Level', description: 'Loyalty tier' }), 201);
    let res = await get(query({ email: 'ann%40example.com', uidkey: 'email', stype: 'INSERT_UPDATE' }, 'FIRSTNAME:Ann|lastname:Lee|MEMBER_LEVEL:gold|NOT_A_COLUMN:x|MEMBER_ID:99'));
    assert.equal(res.status, 200, res.body);
    let [contact] = byEmail(await api.get('/contacts/by-email/ann@example.com'));
    assert.ok(contact);
    assert.equal(contact.firstName, 'Ann');
    assert.equal(contact.lastName, 'Lee');
    assert.equal(contact.source, 'API');
    assert.equal(contact.customFields[String(field.id)], 'gold');

    res = await get(query({ email: 'ann%40example.com', uidkey: 'email', stype: 'INSERT_UPDATE' }, 'firstname:Anne'));
    assert.equal(res.status, 200, res.body);
    const all = byEmail(await api.get('/contacts/by-email/ann@example.com'));
    assert.equal(all.length, 1);
    [contact] = all;
    assert.equal(contact?.firstName, 'Anne');
    assert.equal(contact?.lastName, 'Lee');
    assert.equal(contact?.customFields[String(field.id)], 'gold');

    // INSERT leaves an existing member alone; UPDATE creates nobody; NOTHING writes nothing.
    await get(query({ email: 'ann%40example.com', uidkey: 'email', stype: 'INSERT' }, 'firstname:Changed'));
    assert.equal(byEmail(await api.get('/contacts/by-email/ann@example.com'))[0]?.firstName, 'Anne');
    await get(query({ email: 'nobody%40example.com', uidkey: 'email', stype: 'UPDATE' }, 'firstname:Nobody'));
    await get(query({ email: 'nothing%40example.com', uidkey: 'email', stype: 'NOTHING' }, 'firstname:Nothing'));
    assert.deepEqual(byEmail(await api.get('/contacts/by-email/nobody@example.com')), []);
    assert.deepEqual(byEmail(await api.get('/contacts/by-email/nothing@example.com')), []);
  });

  it('INSERT_UPDATE keyed on EMVCELLPHONE takes the SmartFocus digits-only form and finds the member by it again', async () => {
    let res = await get(query({ email: 'olena%40example.com', uidkey: 'EMVCELLPHONE', stype: 'INSERT_UPDATE' }, 'EMVCELLPHONE:380975833227|firstname:Olena'));
    assert.equal(res.status, 200, res.body);
    const created = byEmail(await api.get('/contacts/by-email/olena@example.com'));
    assert.deepEqual(created.map((c) => [c.firstName, c.mobile]), [['Olena', '+380975833227']]);
    res = await get(query({ email: 'olena%40example.com', uidkey: 'EMVCELLPHONE', stype: 'UPDATE' }, 'EMVCELLPHONE:380975833227|lastname:Kosach'));
    assert.equal(res.status, 200, res.body);
    const updated = byEmail(await api.get('/contacts/by-email/olena@example.com'));
    assert.deepEqual(updated.map((c) => [c.id, c.lastName]), [[created[0]!.id, 'Kosach']]);
  });

  it('accepts the exact NMSXML body the PHP client sends', async () => {
    const body = `<?xml version="1.0"?>\n<MultiSendRequest><sendrequest><email>j@x.com</email><encrypt>${tpl.encrypt}</encrypt><random>${tpl.random}</random><senddate>2016-05-10T00:00:00</senddate><uidkey>email</uidkey><synchrotype>NOTHING</synchrotype><dyn><entry><key>firstname</key><value>John &amp; Co</value></entry></dyn><content><entry><key>0</key><value>click &lt;a href="[EMV URL]http://a.com/x[EMV /URL]"&gt;here&lt;/a&gt; &amp;pound;5</value></entry></content></sendrequest></MultiSendRequest>\n`;
    const res = await postXml(body);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.body, saved('j@x.com'));
    const m = await lastMessage();
    assert.equal(m.to, 'j@x.com');
    assert.equal(m.subject, 'Hello John & Co');
    const content = await contentOf(m.id);
    assert.equal(content.html, '<p>Dear John &amp; Co ,</p>click <a href="http://a.com/x">here</a> &pound;5<p><a href="https://shop.example/offer?a=1&amp;b=2">Offer</a></p>');
  });

  it('answers a document of several send requests per recipient, queuing the good ones', async () => {
    const before = await messageCount();
    const one = (email: string, encrypt: string) => `<sendrequest><dyn><entry><key>FIRSTNAME</key><value><![CDATA[A & B]]></value></entry></dyn><email>${email}</email><encrypt>${encrypt}</encrypt><random>${tpl.random}</random></sendrequest>`;
    const res = await postXml(`<?xml version="1.0"?>\n<MultiSendRequest>\n  ${one('m1@example.com', tpl.encrypt)}\n  ${one('m2@example.com', 'wrong')}\n</MultiSendRequest>`);
    assert.equal(res.status, 500);
    assert.equal(
      res.body,
      `${DECL}<response responseStatus="failed" ${NS}><description>1 of 2 send requests failed</description>` +
        `<element responseStatus="success" email="m1@example.com"><result xsi:type="xs:string">SendRequest has been successfully saved!</result></element>` +
        `<element responseStatus="failed" email="m2@example.com"><description>Bad authentication!!! Random parameter is wrong  ${tpl.random}</description><fields> ${tpl.random}</fields><status>CREATE_SENDREQUEST_FAILED</status></element>` +
        `<status>CREATE_SENDREQUEST_FAILED</status></response>`,
    );
    assert.equal(await messageCount(), before + 1);
    assert.equal((await lastMessage()).subject, 'Hello A & B');

    const bad = await postXml('<MultiSendRequest><sendrequest>');
    assert.equal(bad.status, 500);
    assert.equal(bad.body, failed('The request body is not well-formed XML.', 'MultiSendRequest'));
  });

  it('leaves the other SmartFocus faces alone', async () => {
    const res = await get('/apimember/services/rest/connect/close/nosuchtoken');
    assert.equal(res.status, 500);
    assert.match(res.body, /<response responseStatus="failed">/);
    const wrongMethod = await sfRequest(server.baseUrl, 'POST', '/NMSREST', '<x/>', { 'Content-Type': 'text/xml; charset=utf-8' });
    assert.equal(wrongMethod.status, 404);
  });
});
