import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Notification, SmartFocusError, trackedContent } from '../../../src/clients/smartfocus/index.js';
import { bodyText, cannedTransport, DECL, failed, NS, only } from './fixtures.js';

const saved = (email: string) => `${DECL}<response responseStatus="success" email="${email}"><result xsi:type="xs:string" ${NS}>SendRequest has been successfully saved!</result></response>`;

describe('SmartFocus Notification client (docs/protocols/smartfocus.md §Notification)', () => {
  test('send: the captured NMSREST query, at the vendor host by default; typed result', async () => {
    const transport = cannedTransport([['/NMSREST', saved('john+1@example.com')]]);
    const api = new Notification({ transport });
    const res = await api.send('john+1@example.com', 'ENCRYPT', '132456', 'RANDOM', 'firstname:John|lastname:Smith');
    assert.deepEqual(only(transport), {
      method: 'GET',
      url: 'https://api.notificationmessaging.com/NMSREST?random=RANDOM&encrypt=ENCRYPT&email=john%2B1%40example.com&senddate=2008-12-12+00%3A00%3A00&uidkey=&stype=NOTHING&dyn=firstname:John|lastname:Smith',
      headers: { Accept: '*/*' },
    });
    assert.deepEqual([res.email, res.result, res.outcomes], ['john+1@example.com', 'SendRequest has been successfully saved!', []]);
  });

  test('send: dyn as an object; values with spaces, & and + encoded instead of refused', async () => {
    const transport = cannedTransport([['/NMSREST', saved('a@b.c')]]);
    const api = new Notification({ baseUrl: 'http://127.0.0.1:9/', transport });
    await api.send('a@b.c', 'E', null, 'R', { firstname: 'Mary Ann', company: 'A&B+C' }, '2016-05-10 10:00:00', 'email', 'INSERT_UPDATE');
    assert.equal(only(transport).url, 'http://127.0.0.1:9/NMSREST?random=R&encrypt=E&email=a%40b.c&senddate=2016-05-10+10%3A00%3A00&uidkey=email&stype=INSERT_UPDATE&dyn=firstname:Mary%20Ann|company:A%26B%2BC');
    await assert.rejects(api.send('a@b.c', 'E', null, 'R', { 'a|b': 'x' }), RangeError);
  });

  test('buildTransactionalRequestObject + post: the captured NMSXML body', async () => {
    const transport = cannedTransport([['/NMSXML', saved('j@x.com')]]);
    const api = new Notification({ transport });
    const request = api.buildTransactionalRequestObject('j@x.com', 'ENC', 'RND', { firstname: 'John & Co' }, ['click <a href="http://a.com/x">here</a> £5'], true, {
      senddate: '2016-05-10T00:00:00',
      uidkey: 'email',
      synchrotype: 'NOTHING',
    });
    const res = await api.post(request);
    assert.deepEqual(only(transport), {
      method: 'POST',
      url: 'https://api.notificationmessaging.com/NMSXML',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'application/xml' },
      body:
        '<?xml version="1.0"?>\n<MultiSendRequest><sendrequest><email>j@x.com</email><encrypt>ENC</encrypt><random>RND</random>' +
        '<senddate>2016-05-10T00:00:00</senddate><uidkey>email</uidkey><synchrotype>NOTHING</synchrotype>' +
        '<dyn><entry><key>firstname</key><value>John &amp; Co</value></entry></dyn>' +
        '<content><entry><key>0</key><value>click &lt;a href="[EMV URL]http://a.com/x[EMV /URL]"&gt;here&lt;/a&gt; &amp;pound;5</value></entry></content>' +
        '</sendrequest></MultiSendRequest>\n',
    });
    assert.equal(res.result, 'SendRequest has been successfully saved!');
  });

  test('without tracking: content untouched; non-ASCII as character references; empty values self-closed; no dyn/content elements when absent', () => {
    const api = new Notification({ transport: cannedTransport() });
    assert.equal(
      api.buildTransactionalRequestObject('é@x.com', 'E', 'R', null, { intro: '£5 <b>é</b>' }, false, { uidkey: '' }).asXML(),
      '<?xml version="1.0"?>\n<MultiSendRequest><sendrequest><email>&#xE9;@x.com</email><encrypt>E</encrypt><random>R</random><uidkey/><content><entry><key>intro</key><value>&#xA3;5 &lt;b&gt;&#xE9;&lt;/b&gt;</value></entry></content></sendrequest></MultiSendRequest>\n',
    );
    assert.throws(() => api.buildTransactionalRequestObject('a@b.c', 'E', 'R', null, null, false, { 'not a name': 'x' }), RangeError);
  });

  test('trackedContent: quoted and bare http/https/ftp hrefs, case-insensitive', () => {
    assert.equal(trackedContent(`<a HREF='https://x.y/a?b=1'>x</a> <a href=ftp://f.g/h>y</a> <a href="mailto:a@b">z</a>`), `<a href='[EMV URL]https://x.y/a?b=1[EMV /URL]'>x</a> <a href=[EMV URL]ftp://f.g/h[EMV /URL]>y</a> <a href="mailto:a@b">z</a>`);
  });

  test('failures: the documented CREATE_SENDREQUEST_FAILED envelope; several send requests report each outcome', async () => {
    const bad = failed('Bad authentication!!! Random parameter is wrong  F02F', ' F02F', 'CREATE_SENDREQUEST_FAILED');
    const several = `${DECL}<response responseStatus="success" ${NS}><element responseStatus="success" email="a@x.com"><result xsi:type="xs:string">SendRequest has been successfully saved!</result></element><element responseStatus="success" email="b@x.com"><result xsi:type="xs:string">SendRequest has been successfully saved!</result></element></response>`;
    const transport = cannedTransport([['/NMSREST', bad, 500], ['/NMSXML', several]]);
    const api = new Notification({ transport });
    const err = await api.send('a@x.com', 'E', null, 'R', '').catch((e: unknown) => e);
    assert.ok(err instanceof SmartFocusError);
    assert.deepEqual([err.status, err.description, err.fields, err.httpStatus], ['CREATE_SENDREQUEST_FAILED', 'Bad authentication!!! Random parameter is wrong  F02F', ' F02F', 500]);
    const res = await api.post('<MultiSendRequest/>');
    assert.equal(bodyText(only(transport)), '<MultiSendRequest/>');
    assert.deepEqual(res.outcomes.map((o) => [o.email, o.ok]), [['a@x.com', true], ['b@x.com', true]]);
  });
});
