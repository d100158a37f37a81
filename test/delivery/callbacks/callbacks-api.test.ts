import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, expectError, ok } from '../../faces/native/client.js';
import { createWebhook } from '../../../src/core/callbacks/webhooks.js';
import { postCallback } from '../../../src/delivery/callbacks/post.js';
import { startReceiver, type Receiver } from './receiver.js';

interface CallbackDto {
  id: number;
  url: string;
  flavour: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  errorThreshold: number | null;
}
interface Created {
  callback: CallbackDto;
  secret: string | null;
}

describeEachDatabase('callbacks API', (kind) => {
  // Two servers over separate databases: one as an operator who allows private targets (tests
  // need loopback receivers), one with the default that refuses them.
  let open: TestServer;
  let strict: TestServer;
  let receiver: Receiver;

  before(async () => {
    open = await startTestServer(kind, { callbacks: { pollMs: 60_000 } });
    strict = await startTestServer(kind);
    receiver = await startReceiver();
  });
  after(async () => {
    await open.close();
    await strict.close();
    await receiver.close();
  });

  const apiOf = async (server: TestServer) => new Api(server, (await server.createAccount()).credentials.native.apiKey);

  it('creates, lists, reads, updates and deletes callbacks', async () => {
    const api = await apiOf(open);
    const created = ok<Created>(await api.post('/callbacks', { url: receiver.url, events: ['spam', 'sent', 'open'] }), 201);
    assert.deepEqual({ ...created.callback, id: 0, createdAt: '' }, {
      id: 0,
      url: receiver.url,
      flavour: 'native',
      events: ['sent', 'open', 'spam'],
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
      errorThreshold: null,
      createdAt: '',
    });
    const id = created.callback.id;
    assert.deepEqual(ok<{ items: CallbackDto[] }>(await api.get('/callbacks')).items.map((c) => c.id), [id]);
    assert.equal(ok<CallbackDto>(await api.get(`/callbacks/${id}`)).url, receiver.url);
    assert.ok(!JSON.stringify(ok(await api.get(`/callbacks/${id}`))).includes('whsec_'), 'the secret is never read back');
    const updated = ok<CallbackDto>(await api.patch(`/callbacks/${id}`, { events: ['smtp-warning', 'error'], errorThreshold: 15 }));
    assert.deepEqual([updated.events, updated.errorThreshold, updated.url], [['error', 'smtp-warning'], 15, receiver.url]);
    const disabled = ok<CallbackDto>(await api.patch(`/callbacks/${id}`, { enabled: false }));
    assert.equal(disabled.enabled, false);
    assert.equal(ok<CallbackDto>(await api.patch(`/callbacks/${id}`, { enabled: true })).enabled, true);
    assert.deepEqual(ok<{ items: unknown[]; total: number }>(await api.get(`/callbacks/${id}/deliveries?status=failed&limit=10`)), { items: [], total: 0 });
    assert.equal((await api.delete(`/callbacks/${id}`)).status, 204);
    expectError(await api.get(`/callbacks/${id}`), 404, 'not_found');
  });

  it('validates input', async () => {
    const api = await apiOf(open);
    expectError(await api.post('/callbacks', { url: 'ftp://example.com/x', events: ['sent'] }), 400, 'validation_failed', ['url']);
    expectError(await api.post('/callbacks', { url: 'not a url', events: ['sent'] }), 400, 'validation_failed', ['url']);
    expectError(await api.post('/callbacks', { url: receiver.url, events: ['bounced'] }), 400, 'validation_failed');
    expectError(await api.post('/callbacks', { url: receiver.url, events: [] }), 400, 'validation_failed');
    expectError(await api.post('/callbacks', { url: receiver.url, events: ['smtp-warning'] }), 400, 'validation_failed', ['errorThreshold']);
    expectError(await api.post('/callbacks', { url: receiver.url, events: ['smtp-warning'], errorThreshold: 0 }), 400, 'validation_failed');
    expectError(await api.post('/callbacks', { url: receiver.url, events: ['sent'], flavour: 'zapier' }), 400, 'validation_failed');
    expectError(await api.post('/callbacks', { url: receiver.url, events: ['sent'], secret: 'mine' }), 400, 'validation_failed');
    const created = ok<Created>(await api.post('/callbacks', { url: receiver.url, events: ['sent'] }), 201);
    expectError(await api.patch(`/callbacks/${created.callback.id}`, { events: ['smtp-warning'] }), 400, 'validation_failed', ['errorThreshold']);
    expectError(await api.patch(`/callbacks/${created.callback.id}`, { flavour: 'sendexpert' }), 400, 'validation_failed');
  });

  it('rotates the secret of native callbacks only', async () => {
    const api = await apiOf(open);
    const created = ok<Created>(await api.post('/callbacks', { url: receiver.url, events: ['sent'] }), 201);
    const rotated = ok<Created>(await api.post(`/callbacks/${created.callback.id}/rotate-secret`, {}));
    assert.match(rotated.secret ?? '', /^whsec_/);
    assert.notEqual(rotated.secret, created.secret);
    assert.equal(rotated.callback.id, created.callback.id);
    const sendexpert = ok<Created>(await api.post('/callbacks', { url: receiver.url, events: ['sent'], flavour: 'sendexpert' }), 201);
    assert.equal(sendexpert.secret, null);
    expectError(await api.post(`/callbacks/${sendexpert.callback.id}/rotate-secret`, {}), 400, 'validation_failed');
  });

  it('keeps accounts apart: another account sees 404 for every operation', async () => {
    const a = await apiOf(open);
    const b = await apiOf(open);
    const created = ok<Created>(await a.post('/callbacks', { url: receiver.url, events: ['sent'] }), 201);
    const id = created.callback.id;
    assert.deepEqual(ok<{ items: unknown[] }>(await b.get('/callbacks')).items, []);
    expectError(await b.get(`/callbacks/${id}`), 404, 'not_found');
    expectError(await b.patch(`/callbacks/${id}`, { url: 'http://127.0.0.1:1/b' }), 404, 'not_found');
    expectError(await b.post(`/callbacks/${id}/rotate-secret`, {}), 404, 'not_found');
    expectError(await b.get(`/callbacks/${id}/deliveries`), 404, 'not_found');
    expectError(await b.delete(`/callbacks/${id}`), 404, 'not_found');
    // A's callback is untouched.
    assert.equal(ok<CallbackDto>(await a.get(`/callbacks/${id}`)).url, receiver.url);
  });

  it('refuses loopback and private targets unless the operator allows them', async () => {
    const api = await apiOf(strict);
    for (const url of [receiver.url, 'http://localhost:8080/x', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/x']) {
      const body = expectError(await api.post('/callbacks', { url, events: ['sent'] }), 400, 'validation_failed', ['url']);
      assert.match(body.error.message, /loopback|private|link-local/, url);
      assert.equal(body.error.details[0]?.code, 'not_allowed');
    }
    // A callback saved where private targets were allowed cannot be moved to another one here.
    const account = await strict.createAccount();
    const { webhook } = await createWebhook({ db: strict.core.db, accountId: account.id, secrets: strict.core.secrets }, { url: receiver.url, events: ['sent'] }, { allowPrivate: true });
    const strictApi = new Api(strict, account.credentials.native.apiKey);
    expectError(await strictApi.patch(`/callbacks/${webhook.id}`, { url: 'http://127.0.0.2/x' }), 400, 'validation_failed', ['url']);
  });

  it('checks the target again when posting', async () => {
    const before = receiver.posts.length;
    const refused = await postCallback(receiver.url, { headers: { 'content-type': 'application/json' }, body: '{}' }, { allowPrivate: false, timeoutMs: 2000 });
    assert.deepEqual(refused.ok, false);
    assert.match(refused.ok ? '' : refused.error, /loopback/);
    assert.equal(receiver.posts.length, before, 'nothing reached the receiver');
    const allowed = await postCallback(receiver.url, { headers: { 'content-type': 'application/json' }, body: '{}' }, { allowPrivate: true, timeoutMs: 2000 });
    assert.deepEqual(allowed, { ok: true, statusCode: 200 });
  });
});
