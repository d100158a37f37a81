import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describeEachDatabase } from '../../support/databases.js';
import { startMailStack, type MailStack } from '../../support/mail-stack.js';
import type { TestServer } from '../../support/server.js';
import type { SmtpPeer } from '../../support/smtp-peer.js';
import { sfRequest } from '../../support/smartfocus-client.js';
import { ok, type Api } from '../native/client.js';
import { waitUntil } from '../../support/wait.js';
import type { TemplateDto } from '../../../src/faces/native/templates.schemas.js';

describeEachDatabase('SmartFocus notifications delivered through a real SMTP peer', (kind) => {
  let stack: MailStack;
  let peer: SmtpPeer;
  let server: TestServer;
  let api: Api;
  let tpl: TemplateDto;

  before(async () => {
    stack = await startMailStack(kind, { sender: 'orders@shop.example' });
    ({ peer, server, api } = stack);
    tpl = ok<TemplateDto>(
      await api.post('/templates', {
        kind: 'emv',
        name: 'Shipped',
        subject: 'Your order, [EMV DYN]FIRSTNAME[EMV /DYN]',
        from: 'orders@shop.example',
        fromName: 'Shop',
        html:
          '[EMV TEXTPART]Hello [EMV DYN]FIRSTNAME[EMV /DYN], track it at [EMV URL]https://shop.example/track?o=7[EMV /URL]\n' +
          '[EMV HTMLPART]<html><body><p>Hello [EMV DYN]FIRSTNAME[EMV /DYN],</p>[EMV CONTENT]0[EMV /CONTENT]' +
          '<p><a href="[EMV URL]https://shop.example/track?o=7&amp;s=1[EMV /URL]">Track</a></p></body></html>',
      }),
      201,
    );
  });
  after(() => stack?.close());

  async function receivedFor(address: string): Promise<ParsedMail> {
    await waitUntil(() => peer.received.some((m) => m.rcptTo.includes(address)), 20_000, `mail to ${address}`);
    const raw = peer.received.find((m) => m.rcptTo.includes(address))!.raw;
    return simpleParser(raw);
  }

  it('NMSXML: the received mail shows the dyn values, the content block and tracked links', async () => {
    const body = `<?xml version="1.0"?>\n<MultiSendRequest><sendrequest><email>reader@example.com</email><encrypt>${tpl.encrypt}</encrypt><random>${tpl.random}</random><senddate>2016-05-10T00:00:00</senddate><uidkey>email</uidkey><synchrotype>NOTHING</synchrotype><dyn><entry><key>firstname</key><value>John &amp; Co</value></entry></dyn><content><entry><key>0</key><value>click &lt;a href="[EMV URL]http://a.com/x[EMV /URL]"&gt;here&lt;/a&gt; &amp;pound;5</value></entry></content></sendrequest></MultiSendRequest>\n`;
    const res = await sfRequest(server.baseUrl, 'POST', '/NMSXML', body, { 'Content-Type': 'text/xml; charset=utf-8' });
    assert.equal(res.status, 200, res.body);
    const mail = await receivedFor('reader@example.com');
    assert.equal(mail.subject, 'Your order, John & Co');
    assert.equal(mail.from?.value[0]?.address, 'orders@shop.example');
    const html = String(mail.html);
    assert.match(html, /<p>Hello John &amp; Co,<\/p>click <a href="[^"]+">here<\/a> &pound;5/);
    assert.doesNotMatch(html, /\[EMV/);
    // Both links, the content block's and the template's, go through the click redirect.
    const tracked = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(tracked.length, 2);
    for (const href of tracked) assert.ok(href.startsWith(`${server.baseUrl}/t/c/`), href);
    assert.doesNotMatch(html, /a\.com\/x|shop\.example\/track/);
    const targets: string[] = [];
    for (const href of tracked) {
      const hop = await fetch(href, { redirect: 'manual' });
      assert.equal(hop.status, 302);
      targets.push(hop.headers.get('location') ?? '');
    }
    assert.deepEqual(targets, ['http://a.com/x', 'https://shop.example/track?o=7&s=1']);
    // The text part is the template's own, with the dyn value and its link tracked.
    const text = mail.text ?? '';
    assert.match(text, /^Hello John & Co, track it at http:\/\/127\.0\.0\.1:\d+\/t\/c\//);
    assert.doesNotMatch(text, /\[EMV/);
  });

  it('NMSREST: the PHP client GET reaches the recipient, and a member is written with INSERT_UPDATE', async () => {
    const res = await sfRequest(
      server.baseUrl,
      'GET',
      `/NMSREST?random=${tpl.random}&encrypt=${tpl.encrypt}&email=john%2B1%40example.com&senddate=2008-12-12+00%3A00%3A00&uidkey=email&stype=INSERT_UPDATE&dyn=firstname:John|lastname:Smith`,
    );
    assert.equal(res.status, 200, res.body);
    const mail = await receivedFor('john+1@example.com');
    assert.equal(mail.subject, 'Your order, John');
    assert.match(String(mail.html), /<p>Hello John,<\/p>/);
    const contacts = ok<{ items: { firstName: string; lastName: string }[] }>(await api.get('/contacts/by-email/john+1@example.com')).items;
    assert.deepEqual(contacts.map((c) => [c.firstName, c.lastName]), [['John', 'Smith']]);
    await waitUntil(async () => ok<{ items: { to: string; status: string }[] }>(await api.get('/messages?limit=10&offset=0')).items.find((m) => m.to === 'john+1@example.com')?.status === 'SENT', 20_000, 'SENT status');
  });
});
