import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describeEachDatabase, createDatabase, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/processes.js';
import { acceptEmails } from '../../src/core/messages/accept.js';
import { SendRefusedError } from '../../src/core/messages/refusal.js';
import { listDkimKeys } from '../../src/core/senders/dkim-keys.js';

describeEachDatabase('herald dkim and herald senders', (kind) => {
  let database: TestDatabase;
  let accountId: number;

  before(async () => {
    database = await createDatabase(kind);
    const created = await runCli(['accounts', 'create', '--name', 'Shop', '--json'], database.env);
    assert.equal(created.code, 0, created.stderr);
    accountId = (JSON.parse(created.stdout) as { id: number }).id;
  });
  after(() => database.dispose());

  test('dkim create prints the DNS record to publish; dkim list shows it', async () => {
    const res = await runCli(['dkim', 'create', '--account', String(accountId), '--domain', 'Example.com'], database.env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^\s+name\s+herald\._domainkey\.example\.com$/m);
    assert.match(res.stdout, /^\s+type\s+TXT$/m);
    const value = /^\s+value\s+(v=DKIM1; k=rsa; p=([A-Za-z0-9+/=]+))$/m.exec(res.stdout);
    assert.ok(value, res.stdout);
    // The printed key is a 2048-bit RSA key, the public half of the stored one.
    const key = createPublicKey({ key: Buffer.from(value[2]!, 'base64'), format: 'der', type: 'spki' });
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    const stored = await listDkimKeys({ db: database.store.db, accountId });
    assert.deepEqual(stored.map((d) => [d.domain, d.selector, d.dnsRecord.value]), [['example.com', 'herald', value[1]]]);
    assert.match(res.stdout, /herald\._domainkey\.example\.com\. IN TXT "v=DKIM1; k=rsa; p=/);

    const custom = await runCli(['dkim', 'create', '--account', String(accountId), '--domain', 'mail.example.com', '--selector', 's1', '--json'], database.env);
    assert.equal(custom.code, 0, custom.stderr);
    assert.equal((JSON.parse(custom.stdout) as { dnsRecord: { name: string } }).dnsRecord.name, 's1._domainkey.mail.example.com');

    const list = await runCli(['dkim', 'list', '--account', String(accountId)], database.env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /\texample\.com\therald\._domainkey\.example\.com\tTXT\tv=DKIM1; k=rsa; p=/);
    assert.match(list.stdout, /\tmail\.example\.com\ts1\._domainkey\.mail\.example\.com\t/);
  });

  test('dkim create refuses a duplicate domain, a bad domain and an unknown account', async () => {
    const duplicate = await runCli(['dkim', 'create', '--account', String(accountId), '--domain', 'example.com'], database.env);
    assert.notEqual(duplicate.code, 0);
    assert.match(duplicate.stderr, /already exists/);
    const bad = await runCli(['dkim', 'create', '--account', String(accountId), '--domain', 'not a domain'], database.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /domain must be a domain name/);
    const unknown = await runCli(['dkim', 'create', '--account', '999999', '--domain', 'other.example'], database.env);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /not found/i);
  });

  test('senders verify makes an address usable as a from address', async () => {
    const scope = { db: database.store.db, accountId };
    const mail = { to: 'reader@example.org', from: 'news@example.com', subject: 'Hello', text: 'Hi' };
    await assert.rejects(acceptEmails(scope, [mail], { source: 'native' }), (err) => err instanceof SendRefusedError && err.reason === 'sender_not_verified');

    const res = await runCli(['senders', 'verify', '--account', String(accountId), 'news@example.com'], database.env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /news@example\.com verified/);
    const ids = await acceptEmails(scope, [mail], { source: 'native' });
    assert.equal(ids.length, 1);

    const list = await runCli(['senders', 'list', '--account', String(accountId), '--json'], database.env);
    assert.equal(list.code, 0, list.stderr);
    const senders = JSON.parse(list.stdout) as { email: string; verified: boolean }[];
    assert.deepEqual(senders.map((s) => [s.email, s.verified]), [['news@example.com', true]]);
  });

  test('senders add queues the verification email from the system address', async () => {
    // Without a domain to send from (the public URL is an IP address) it says what to configure.
    const unconfigured = await runCli(['senders', 'add', '--account', String(accountId), 'promo@example.com'], database.env);
    assert.notEqual(unconfigured.code, 0);
    assert.match(unconfigured.stderr, /HERALD_SYSTEM_FROM/);

    const env = { ...database.env, HERALD_SYSTEM_FROM: 'robot@herald.example', HERALD_PUBLIC_URL: 'https://herald.example' };
    const res = await runCli(['senders', 'add', '--account', String(accountId), 'promo@example.com'], env);
    assert.equal(res.code, 0, res.stderr);
    const id = Number(/message (\d+)/.exec(res.stdout)?.[1]);
    assert.ok(id > 0, res.stdout);
    const message = await database.store.db.selectFrom('messages').select(['accountId', 'sender', 'recipient', 'source', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...message, accountId: Number(message.accountId) }, { accountId, sender: 'robot@herald.example', recipient: 'promo@example.com', source: 'system', status: 'WAIT' });
    const content = await database.store.db.selectFrom('messageContents').select('text').where('messageId', '=', id).executeTakeFirstOrThrow();
    assert.match(content.text ?? '', /^https:\/\/herald\.example\/senders\/verify\?token=[A-Za-z0-9_-]+$/m);

    const list = await runCli(['senders', 'list', '--account', String(accountId)], database.env);
    assert.match(list.stdout, /\tpromo@example\.com\tnot verified/);
  });
});

test('HERALD_SYSTEM_FROM must be an email address', async () => {
  const database = await createDatabase('sqlite');
  try {
    const res = await runCli(['migrate'], { ...database.env, HERALD_SYSTEM_FROM: 'not an address' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /configuration error: HERALD_SYSTEM_FROM/);
  } finally {
    await database.dispose();
  }
});
