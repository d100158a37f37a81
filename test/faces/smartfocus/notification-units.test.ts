import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromNmsrestUrl, splitNmsrestQuery } from '../../../src/faces/smartfocus/notification/nmsrest.js';
import { parseMultiSendRequest } from '../../../src/faces/smartfocus/notification/nmsxml.js';
import { parseSendDate, NotificationFault } from '../../../src/faces/smartfocus/notification/send-request.js';
import { checkRequest } from '../../../src/faces/smartfocus/notification/process.js';
import { outcomesResponse, savedResponse } from '../../../src/faces/smartfocus/notification/responses.js';
import { DynParseError } from '../../../src/core/templates/emv.js';

const DECL = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>';
const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

describe('NMSREST query decoding', () => {
  it('form-decodes every parameter but dyn, which is raw (a plus stays a plus)', () => {
    const req = fromNmsrestUrl('/NMSREST?random=RANDOM&encrypt=ENCRYPT&email=john%2B1%40example.com&senddate=2008-12-12+00%3A00%3A00&uidkey=&stype=NOTHING&dyn=firstname:John|lastname:Smith+Jones|note:a%20b', '/NMSREST');
    assert.equal(req.random, 'RANDOM');
    assert.equal(req.encrypt, 'ENCRYPT');
    assert.equal(req.email, 'john+1@example.com');
    assert.equal(req.senddate, '2008-12-12 00:00:00');
    assert.equal(req.uidkey, '');
    assert.equal(req.stype, 'NOTHING');
    assert.deepEqual(req.dyn, { firstname: 'John', lastname: 'Smith+Jones', note: 'a b' });
  });

  it('lets a raw dyn value contain & and still finds parameters written after dyn', () => {
    assert.equal(splitNmsrestQuery('random=R&dyn=company:A&B|x:1').dyn, 'company:A&B|x:1');
    const { params, dyn } = splitNmsrestQuery('dyn=a:1&random=R&email=x%40y.z');
    assert.equal(dyn, 'a:1');
    assert.equal(params.get('random'), 'R');
    assert.equal(params.get('email'), 'x@y.z');
    assert.equal(splitNmsrestQuery('random=R').dyn, null);
  });

  it('reads the path-info form, keeping empty segments and slashes inside dyn', () => {
    const req = fromNmsrestUrl('/NMSREST/R1/E1/jane+2@example.com/2008-12-12%2000:00:00//INSERT/firstname:Jane|site:http://x.example/a/b', '/NMSREST');
    assert.equal(req.email, 'jane+2@example.com');
    assert.equal(req.senddate, '2008-12-12 00:00:00');
    assert.equal(req.uidkey, '');
    assert.equal(req.stype, 'INSERT');
    assert.deepEqual(req.dyn, { firstname: 'Jane', site: 'http://x.example/a/b' });
  });

  it('keeps a malformed dyn as its parse error for the vendor message', () => {
    const req = fromNmsrestUrl('/NMSREST?random=R&dyn=firstname', '/NMSREST');
    assert.ok(req.dyn instanceof DynParseError);
    assert.equal(req.dyn.message, 'Error while parsing dyn parameter: firstname.');
  });
});

describe('senddate', () => {
  it('reads the GET and XML forms as GMT+1, with or without seconds', () => {
    assert.equal((parseSendDate('2008-12-12 00:00:00') as Date).toISOString(), '2008-12-11T23:00:00.000Z');
    assert.equal((parseSendDate('2016-05-10T00:00:00') as Date).toISOString(), '2016-05-09T23:00:00.000Z');
    assert.equal((parseSendDate('2016-05-10T12:30') as Date).toISOString(), '2016-05-10T11:30:00.000Z');
    assert.equal((parseSendDate('2016-05-10+12:30:00') as Date).toISOString(), '2016-05-10T11:30:00.000Z');
  });
  it('honours an explicit zone', () => {
    assert.equal((parseSendDate('2016-05-10T12:00:00Z') as Date).toISOString(), '2016-05-10T12:00:00.000Z');
    assert.equal((parseSendDate('2016-05-10T12:00:00+02:00') as Date).toISOString(), '2016-05-10T10:00:00.000Z');
  });
  it('treats blank as now and refuses what is no date', () => {
    assert.equal(parseSendDate(''), null);
    assert.equal(parseSendDate('  '), null);
    for (const bad of ['YYYY-MM-DD HH:MM:SS', '2016-02-30 00:00:00', '2016-05-10', '10/05/2016 00:00', '2016-05-10 24:00:00']) assert.equal(parseSendDate(bad), 'invalid', bad);
  });
});

describe('MultiSendRequest parsing', () => {
  it('reads the body the PHP client sends (one line, escaped HTML, &amp;pound;)', () => {
    const body =
      '<?xml version="1.0"?>\n<MultiSendRequest><sendrequest><email>j@x.com</email><encrypt>ENC</encrypt><random>RND</random><senddate>2016-05-10T00:00:00</senddate><uidkey>email</uidkey><synchrotype>NOTHING</synchrotype><stuff>x</stuff><dyn><entry><key>firstname</key><value>John &amp; Co</value></entry></dyn><content><entry><key>0</key><value>click &lt;a href="[EMV URL]http://a.com/x[EMV /URL]"&gt;here&lt;/a&gt; &amp;pound;5 &#163;</value></entry></content></sendrequest></MultiSendRequest>\n';
    const parsed = parseMultiSendRequest(body);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.requests, [
      {
        random: 'RND',
        encrypt: 'ENC',
        email: 'j@x.com',
        senddate: '2016-05-10T00:00:00',
        uidkey: 'email',
        stype: 'NOTHING',
        dyn: { firstname: 'John & Co' },
        content: { '0': 'click <a href="[EMV URL]http://a.com/x[EMV /URL]">here</a> &pound;5 £' },
      },
    ]);
  });

  it('accepts any element order, CDATA, pretty-printing and several send requests', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<MultiSendRequest>
  <sendrequest>
    <dyn><entry><key>FIRSTNAME</key><value><![CDATA[Ann & <b>co</b>]]></value></entry></dyn>
    <content><entry><key>intro</key><value><![CDATA[<p>Hi &amp; bye</p>]]></value></entry></content>
    <email>ann@example.com</email>
    <encrypt>E1</encrypt>
    <random>R1</random>
    <senddate>2030-01-01T00:00:00</senddate>
    <synchrotype>INSERT_UPDATE</synchrotype>
    <uidkey>email</uidkey>
  </sendrequest>
  <sendrequest><email>bob@example.com</email><encrypt>E2</encrypt><random>R2</random></sendrequest>
</MultiSendRequest>`;
    const parsed = parseMultiSendRequest(body);
    assert.ok(parsed.ok);
    assert.equal(parsed.requests.length, 2);
    assert.deepEqual(parsed.requests[0]?.dyn, { FIRSTNAME: 'Ann & <b>co</b>' });
    assert.deepEqual(parsed.requests[0]?.content, { intro: '<p>Hi &amp; bye</p>' });
    assert.equal(parsed.requests[0]?.stype, 'INSERT_UPDATE');
    assert.equal(parsed.requests[1]?.email, 'bob@example.com');
    assert.equal(parsed.requests[1]?.senddate, '');
    assert.deepEqual(parsed.requests[1]?.dyn, {});
  });

  it('refuses what is not a MultiSendRequest', () => {
    for (const body of ['', '<MultiSendRequest><sendrequest>', '<other/>', '<MultiSendRequest/>']) {
      const parsed = parseMultiSendRequest(body);
      assert.equal(parsed.ok, false, body);
    }
  });
});

describe('send request checks', () => {
  const base = { random: 'R', encrypt: 'E', email: 'a@b.example', senddate: '', uidkey: '', stype: '', dyn: {}, content: {} };
  const faultOf = (patch: Partial<typeof base> & { dyn?: unknown }): NotificationFault => {
    try {
      checkRequest({ ...base, ...patch } as Parameters<typeof checkRequest>[0]);
    } catch (err) {
      if (err instanceof NotificationFault) return err;
      throw err;
    }
    assert.fail('expected a fault');
  };

  it('words each problem as the vendor does', () => {
    assert.equal(faultOf({ random: '' }).description, 'You must fill in the random parameter');
    assert.equal(faultOf({ encrypt: '' }).description, 'You must fill in the encrypt parameter');
    assert.equal(faultOf({ email: '' }).description, 'You must fill in the email parameter');
    assert.equal(faultOf({ email: 'nope' }).description, 'The email address nope is malformed!!');
    assert.equal(faultOf({ stype: 'UPDATE' }).description, 'You must fill in the uidkey parameter');
    assert.match(faultOf({ stype: 'insert' }).description, /^The synchronization type insert is not valid/);
    assert.match(faultOf({ senddate: 'tomorrow' }).description, /^The senddate tomorrow is malformed!!/);
  });

  it('defaults stype to NOTHING and senddate to now', () => {
    const checked = checkRequest(base);
    assert.equal(checked.mode, 'NOTHING');
    assert.equal(checked.sendAt, null);
  });
});

describe('responses', () => {
  it('answers one send request as NMSREST does', () => {
    assert.equal(savedResponse('a&b@x.com'), `${DECL}<response responseStatus="success" email="a&amp;b@x.com"><result xsi:type="xs:string" ${NS}>SendRequest has been successfully saved!</result></response>`);
    const failed = outcomesResponse([{ ok: false, email: 'x', fault: new NotificationFault('Wrong encrypt parameter!', 'E') }]);
    assert.equal(failed.status, 500);
    assert.equal(failed.body, `${DECL}<response responseStatus="failed"><description>Wrong encrypt parameter!</description><fields>E</fields><status>CREATE_SENDREQUEST_FAILED</status></response>`);
  });

  it('lists several outcomes as per-recipient elements', () => {
    const ok = outcomesResponse([{ ok: true, email: 'a@x.com' }, { ok: true, email: 'b@x.com' }]);
    assert.equal(ok.status, 200);
    assert.equal(ok.body, `${DECL}<response responseStatus="success" ${NS}><element responseStatus="success" email="a@x.com"><result xsi:type="xs:string">SendRequest has been successfully saved!</result></element><element responseStatus="success" email="b@x.com"><result xsi:type="xs:string">SendRequest has been successfully saved!</result></element></response>`);
    const mixed = outcomesResponse([{ ok: true, email: 'a@x.com' }, { ok: false, email: 'b@x.com', fault: new NotificationFault('Wrong encrypt parameter!', 'E') }]);
    assert.equal(mixed.status, 500);
    assert.match(mixed.body, /^<\?xml[^>]*\?><response responseStatus="failed" [^>]*><description>1 of 2 send requests failed<\/description><element responseStatus="success" email="a@x.com">.*<element responseStatus="failed" email="b@x.com"><description>Wrong encrypt parameter!<\/description><fields>E<\/fields><status>CREATE_SENDREQUEST_FAILED<\/status><\/element><status>CREATE_SENDREQUEST_FAILED<\/status><\/response>$/);
  });
});
