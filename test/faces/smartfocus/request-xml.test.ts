import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type LogLine, type TestServer } from '../../support/server.js';
import { sfRequest, type SfResponse } from '../../support/smartfocus-client.js';
import { vendorDocBody } from '../../support/smartfocus-batch-body.js';
import { markSenderVerified } from '../../../src/core/senders/senders.js';
import { declaresDoctype } from '../../../src/faces/smartfocus/common/request-xml.js';
import { Api, ok } from '../native/client.js';
import { openToken, P } from './member-fixture.js';
import { BatchClient } from './batch-support.js';

describe('declaresDoctype', () => {
  test('finds a DOCTYPE outside CDATA and comments only', () => {
    const cases: [string, boolean][] = [
      ['<a/>', false],
      ['<!DOCTYPE a><a/>', true],
      ['<?xml version="1.0"?>\n<!doctype a [<!ENTITY e "x">]><a>&e;</a>', true],
      ['<a><!DOCTYPE a SYSTEM "file:///etc/passwd"></a>', true],
      ['<a><![CDATA[<!DOCTYPE html><html></html>]]></a>', false],
      ['<!-- <!DOCTYPE a> --><a/>', false],
      ['<a><![CDATA[x]]><!DOCTYPE a></a>', true],
      ['<a><![CDATA[<!DOCTYPE never closed', false],
      ['<a><!-- <!DOCTYPE never closed', false],
      ['<a><!x><!DOCTYPE b></a>', true],
    ];
    for (const [xml, expected] of cases) assert.equal(declaresDoctype(xml), expected, xml);
  });

  test('stays linear on a body of unclosed sections', () => {
    const started = process.hrtime.bigint();
    declaresDoctype('<![CDATA['.repeat(200_000));
    declaresDoctype('<!x'.repeat(300_000));
    assert.ok(process.hrtime.bigint() - started < 1_000_000_000n);
  });
});

/* The value each hostile document tries to smuggle into a field the request would otherwise store. */
const EXTERNAL = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const EXTERNAL_DTD = '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">';
const LAUGHS = `<!DOCTYPE r [<!ENTITY lol "lol">${Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>`;
const HOSTILE: [string, (root: string) => string][] = [
  ['an external entity', (root) => `<?xml version="1.0"?>${EXTERNAL}${root.replace('VALUE', '&xxe;')}`],
  ['an external DTD', (root) => `<?xml version="1.0"?>${EXTERNAL_DTD}${root.replace('VALUE', 'plain')}`],
  ['internal entity expansion (billion laughs)', (root) => `<?xml version="1.0"?>${LAUGHS}${root.replace('VALUE', '&lol8;')}`],
  ['malformed XML', (root) => `<?xml version="1.0"?>${root.replace('VALUE', 'plain').slice(0, -3)}`],
];

const FAILURE = /^<\?xml version="1\.0" encoding="utf-8" standalone="yes"\?><response responseStatus="failed"><description>([^<]+)<\/description><fields>[^<]*<\/fields><status>([A-Z_]+)<\/status><\/response>$/;

describeEachDatabase('SmartFocus XML bodies with a DOCTYPE', (kind) => {
  let server: TestServer;
  const logs: LogLine[] = [];
  let token: string;
  let batch: BatchClient;
  let notification: { random: string; encrypt: string };
  before(async () => {
    server = await startTestServer(kind, { logs, importRunner: false });
    const account = await server.createAccount();
    token = await openToken(server, account);
    batch = await BatchClient.open(server, account);
    await markSenderVerified({ db: server.core.db, accountId: account.id }, 'orders@shop.example');
    const api = new Api(server, account.credentials.native.apiKey);
    notification = ok(await api.post('/templates', { kind: 'emv', name: 'N', subject: 'Hi [EMV DYN]FIRSTNAME[EMV /DYN]', from: 'orders@shop.example', html: '<p>Hi</p>' }), 201);
  });
  after(() => server.close());

  /** Rows any of these requests would add. */
  async function footprint(): Promise<number[]> {
    const db = server.core.db;
    const count = async (table: 'contacts' | 'memberJobs' | 'messages' | 'importJobs') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return [await count('contacts'), await count('memberJobs'), await count('messages'), await count('importJobs')];
  }

  const synchroMember = '<synchroMember><memberUID>EMAIL:doc@example.com</memberUID><dynContent><entry><key>FIRSTNAME</key><value>VALUE</value></entry></dynContent><email>doc@example.com</email></synchroMember>';
  const ROUTES: [string, (xml: string) => Promise<SfResponse>, string][] = [
    ['POST /NMSXML', (xml) => sfRequest(server.baseUrl, 'POST', '/NMSXML', xml, { 'Content-Type': 'text/xml; charset=utf-8' }), `<MultiSendRequest><sendrequest><email>doc@example.com</email><encrypt>ENC</encrypt><random>RND</random><synchrotype>NOTHING</synchrotype><dyn><entry><key>FIRSTNAME</key><value>VALUE</value></entry></dyn></sendrequest></MultiSendRequest>`],
    ...['insertMember', 'updateMember', 'insertOrUpdateMember', 'getMembers', 'unjoinMember'].map((method): [string, (xml: string) => Promise<SfResponse>, string] => [
      `POST member/${method}`,
      (xml) => sfRequest(server.baseUrl, 'POST', `${P}/member/${method}/${token}`, xml, { 'Content-Type': 'text/xml; charset=utf-8' }),
      synchroMember,
    ]),
    ...(['insertUpload', 'mergeUpload'] as const).map((method): [string, (xml: string) => Promise<SfResponse>, string] => [
      `PUT batchmember/${method}`,
      (xml) => batch.put(method, vendorDocBody(method, xml, 'people.csv', Buffer.from('EMAIL\ndoc@example.com\n'))),
      `<${method}><fileName>people.csv</fileName><separator>,</separator><skipFirstLine>VALUE</skipFirstLine><autoMapping>true</autoMapping></${method}>`,
    ]),
  ];

  test('each XML route refuses a DOCTYPE and malformed XML with its failure envelope, changes nothing and logs no error', async () => {
    const before = await footprint();
    const failures: string[] = [];
    for (const [name, send, root] of ROUTES) {
      const body = root.replace('ENC', notification.encrypt).replace('RND', notification.random);
      for (const [what, hostile] of HOSTILE) {
        const res = await send(hostile(body));
        const m = FAILURE.exec(res.body);
        const expected = what === 'malformed XML' ? /not well.formed/ : /DOCTYPE/;
        if (res.status !== 500 || m === null || !expected.test(m[1] ?? '')) failures.push(`${name} with ${what}: ${res.status} ${res.body.slice(0, 300)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await footprint(), before);
    assert.deepEqual(logs.filter((line) => line.level >= 50), []);
  });

  test('an HTML template in a CDATA section may still start with its own DOCTYPE', async () => {
    const xml = `<MultiSendRequest><sendrequest><email>cdata@example.com</email><encrypt>${notification.encrypt}</encrypt><random>${notification.random}</random><synchrotype>NOTHING</synchrotype><content><entry><key>0</key><value><![CDATA[<!DOCTYPE html><p>x</p>]]></value></entry></content></sendrequest></MultiSendRequest>`;
    const res = await sfRequest(server.baseUrl, 'POST', '/NMSXML', xml, { 'Content-Type': 'text/xml; charset=utf-8' });
    assert.equal(res.status, 200, res.body);
  });
});
