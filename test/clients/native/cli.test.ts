import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { runCli, type CliResult } from '../../support/processes.js';
import { createHeraldClient, unwrap, type HeraldClient } from '../../../src/clients/native/index.js';

/* `herald --url … --api-key … remote …` as a separate process against a real server. */

const NO_REMOTE_ENV = { HERALD_URL: '', HERALD_API_KEY: '' };

function json<T>(res: CliResult): T {
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout) as T;
}

// The client's own integration suites run every operation on both databases; this one tests the CLI.
describeOnDatabase('sqlite', 'herald remote (CLI over the native client)', (kind) => {
  let server: TestServer;
  let apiKey: string;
  let client: HeraldClient;
  let officeId: number;
  const remote = (...args: string[]) => runCli(['--url', server.baseUrl, '--api-key', apiKey, 'remote', ...args], NO_REMOTE_ENV);

  before(async () => {
    server = await startTestServer(kind);
    apiKey = (await server.createAccount('Remote Ltd')).credentials.native.apiKey;
    client = createHeraldClient({ baseUrl: server.baseUrl, apiKey });
    officeId = unwrap(await client.POST('/api/v1/offices', { body: { name: 'Brighton' } })).id;
  });
  after(() => server.close());

  it('account show and offices list', async () => {
    assert.equal(json<{ name: string }>(await remote('account', 'show', '--json')).name, 'Remote Ltd');
    const shown = await remote('account', 'show');
    assert.match(shown.stdout, /^name Remote Ltd$/m);
    const offices = await remote('offices', 'list');
    assert.equal(offices.code, 0, offices.stderr);
    assert.match(offices.stdout, new RegExp(`^${officeId}\tBrighton$`, 'm'));
  });

  it('contacts create, list, get and delete', async () => {
    const created = json<{ id: number; email: string; mobile: string; officeId: number }>(
      await remote('contacts', 'create', '--office', String(officeId), '--email', 'ann@example.com', '--mobile', '07123 456789', '--first-name', 'Ann', '--json'),
    );
    assert.equal(created.officeId, officeId);
    assert.equal(created.mobile, '+447123456789', 'normalised by the server with the account country');
    assert.equal(unwrap(await client.GET('/api/v1/contacts/{id}', { params: { path: { id: created.id } } })).email, 'ann@example.com');

    const list = json<{ items: { id: number }[]; total: number }>(await remote('contacts', 'list', '--search', 'ann@', '--json'));
    assert.deepEqual(list.items.map((c) => c.id), [created.id]);
    const text = await remote('contacts', 'list', '--office', String(officeId));
    assert.match(text.stdout, new RegExp(`^${created.id}\t${officeId}\tann@example.com\t\\+447123456789\tAnn\tPermitted$`, 'm'));
    assert.equal(json<{ id: number }>(await remote('contacts', 'get', String(created.id), '--json')).id, created.id);

    const deleted = await remote('contacts', 'delete', String(created.id));
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /deleted/);
    const gone = await remote('contacts', 'get', String(created.id));
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^not_found \(404\): /m);
  });

  it('validation errors name the fields', async () => {
    const res = await remote('contacts', 'create', '--office', String(officeId), '--email', 'not-an-email');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /validation_failed \(400\).*email/);
  });

  it('messages send-sms queues one SMS', async () => {
    const sent = json<{ id: number; segments: number; cost: number }>(await remote('messages', 'send-sms', '--to', '+77010000001', '--text', 'Hello from the CLI', '--json'));
    assert.ok(Number.isInteger(sent.id));
    assert.equal(sent.segments, 1);
    const human = await remote('messages', 'send-sms', '--to', '+77010000002', '--text', 'Again');
    assert.match(human.stdout, /^sms \d+ queued: 1 segment\(s\), cost 0$/m);
  });

  it('sms campaigns create, add-recipients, send, get and list', async () => {
    const campaign = json<{ id: number; status: string }>(await remote('sms', 'campaigns', 'create', '--text', 'Spring sale', '--name', 'Spring', '--json'));
    assert.equal(campaign.status, 'NEW');
    const added = await remote('sms', 'campaigns', 'add-recipients', String(campaign.id), '+77010000011', '+77010000012', '12');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^2 added, 1 rejected$/m);
    assert.match(added.stdout, /^12\tbad_format$/m);
    assert.deepEqual(json(await remote('sms', 'campaigns', 'send', String(campaign.id), '--json')), { status: 'AUTO_READY_FOR_SEND' });
    const shown = json<{ status: string; counters: { totalMessages: number } }>(await remote('sms', 'campaigns', 'get', String(campaign.id), '--json'));
    assert.equal(shown.status, 'AUTO_READY_FOR_SEND');
    assert.equal(shown.counters.totalMessages, 2);
    const listed = await remote('sms', 'campaigns', 'list', '--status', 'auto_ready_for_send');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${campaign.id}\tAUTO_READY_FOR_SEND\tmass\t2\tSpring$`, 'm'));
    const again = await remote('sms', 'campaigns', 'send', String(campaign.id));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /conflict \(409\)/);
  });

  it('takes the server and key from HERALD_URL / HERALD_API_KEY; refuses a bad key or none', async () => {
    const fromEnv = await runCli(['remote', 'account', 'show', '--json'], { HERALD_URL: server.baseUrl, HERALD_API_KEY: apiKey });
    assert.equal(json<{ name: string }>(fromEnv).name, 'Remote Ltd');
    const badKey = await runCli(['--url', server.baseUrl, '--api-key', 'hk_wrong', 'remote', 'account', 'show'], NO_REMOTE_ENV);
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /\(401\)/);
    const noKey = await runCli(['--url', server.baseUrl, 'remote', 'account', 'show'], NO_REMOTE_ENV);
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /--api-key <key> or HERALD_API_KEY/);
  });
});
