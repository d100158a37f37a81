import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { createSendingAccount } from '../../support/mail-stack.js';
import { expectError, ok, type Api } from '../../faces/native/client.js';
import type { TemplateDto } from '../../../src/faces/native/templates.schemas.js';

/**
 * Asks /healthz over and over from a worker thread (its own event loop: the test and the server
 * share this one, which a render blocks) until told to stop; resolves to the slowest answer in ms.
 */
async function slowestHealthCheck(baseUrl: string, during: () => Promise<void>): Promise<number> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    let stop = false, slowest = 0, first = true;
    parentPort.on('message', () => { stop = true; });
    (async () => {
      while (!stop) {
        const t = performance.now();
        await (await fetch(workerData + '/healthz')).text();
        slowest = Math.max(slowest, performance.now() - t);
        if (first) { first = false; slowest = 0; parentPort.postMessage('ready'); }
        await new Promise((r) => setTimeout(r, 5));
      }
      parentPort.postMessage(slowest);
    })();`,
    { eval: true, workerData: baseUrl },
  );
  try {
    await once(worker, 'message');
    await during();
    // Let a check that was queued behind the render finish.
    await new Promise((resolve) => setTimeout(resolve, 100));
    worker.postMessage('stop');
    const [slowest] = (await once(worker, 'message')) as [number];
    return slowest;
  } finally {
    await worker.terminate();
  }
}

describeEachDatabase('native templates API and templated sends', (kind) => {
  let server: TestServer;
  let api: Api;
  let other: Api;

  before(async () => {
    server = await startTestServer(kind);
    api = (await createSendingAccount(server)).api;
    other = (await createSendingAccount(server, null)).api;
  });
  after(async () => {
    await server.close();
  });

  it('creates, lists, reads, updates and deletes templates', async () => {
    const created = ok<TemplateDto>(await api.post('/templates', { kind: 'liquid', name: 'Welcome', subject: 'Hi {{ name }}', from: 'news@shop.example', html: '<p>Hi {{ name }}</p>' }), 201);
    assert.deepEqual(Object.keys(created).sort(), ['createdAt', 'encrypt', 'from', 'fromName', 'html', 'id', 'kind', 'name', 'random', 'subject', 'text', 'trackClicks', 'updatedAt']);
    assert.equal(created.trackClicks, true);
    assert.equal(created.random, null);
    const emv = ok<TemplateDto>(await api.post('/templates', { kind: 'emv', name: 'Notification', subject: 'S', from: 'news@shop.example', html: '<p>[EMV DYN]X[EMV /DYN]</p>' }), 201);
    assert.match(emv.random ?? '', /^[0-9A-F]{16}$/);
    assert.match(emv.encrypt ?? '', /^[A-Za-z0-9]{32}$/);
    // random and encrypt stay readable.
    assert.deepEqual(ok<TemplateDto>(await api.get(`/templates/${emv.id}`)), emv);
    assert.deepEqual(ok<{ items: TemplateDto[] }>(await api.get('/templates')).items.map((t) => t.id), [created.id, emv.id]);
    assert.deepEqual(ok<{ items: TemplateDto[] }>(await other.get('/templates')).items, []);
    expectError(await other.get(`/templates/${created.id}`), 404, 'not_found');

    const patched = ok<TemplateDto>(await api.patch(`/templates/${created.id}`, { text: 'Hi {{ name }}', trackClicks: false }));
    assert.equal(patched.text, 'Hi {{ name }}');
    assert.equal(patched.trackClicks, false);
    assert.equal(patched.html, '<p>Hi {{ name }}</p>');
    const put = ok<TemplateDto>(await api.put(`/templates/${created.id}`, { html: null }));
    assert.equal(put.html, null);
    expectError(await api.patch(`/templates/${created.id}`, { kind: 'emv' }), 400, 'validation_failed', ['kind']);

    assert.equal((await api.delete(`/templates/${emv.id}`)).status, 204);
    expectError(await api.get(`/templates/${emv.id}`), 404, 'not_found');
  });

  it('reports liquid syntax errors as 400 details with line and column', async () => {
    const err = expectError(await api.post('/templates', { kind: 'liquid', name: 'Broken', subject: 'Hi {{ name | nosuchfilter }}', html: '<p>ok</p>\n<p>{% for x in items %}never closed</p>' }), 400, 'validation_failed', ['subject', 'html']);
    const html = err.error.details.find((d) => d.field === 'html');
    assert.match(html?.message ?? '', /line 2, column 4/);
    expectError(await api.post('/templates', { kind: 'mjml', name: 'x', html: 'x' }), 400, 'validation_failed', ['kind']);
    expectError(await api.post('/templates', { kind: 'emv', name: 'x', html: 'x' }), 400, 'validation_failed', ['from', 'subject']);
  });

  it('sends with templateId + variables: the template renders, request fields override its defaults', async () => {
    const tpl = ok<TemplateDto>(
      await api.post('/templates', {
        kind: 'liquid',
        name: 'Order',
        subject: 'Order {{ order.id }} shipped',
        from: 'news@shop.example',
        fromName: 'Shop',
        html: '<p>Dear {{ name }},</p>{% for i in order.items %}<li>{{ i }}</li>{% endfor %}',
        text: 'Dear {{ name }}, {{ order.items | size }} items',
      }),
      201,
    );
    const res = await api.post('/messages/email', { to: 'ann@example.com', templateId: tpl.id, variables: { name: 'Ann & Co', order: { id: 42, items: ['a', 'b'] } } });
    const [id] = ok<{ ids: number[] }>(res, 202).ids;
    const m = ok<{ subject: string; from: string; fromName: string }>(await api.get(`/messages/${id}`));
    assert.deepEqual({ subject: m.subject, from: m.from, fromName: m.fromName }, { subject: 'Order 42 shipped', from: 'news@shop.example', fromName: 'Shop' });
    const content = await server.core.db.selectFrom('messageContents').select(['html', 'text']).where('messageId', '=', id as number).executeTakeFirstOrThrow();
    assert.equal(content.html, '<p>Dear Ann &amp; Co,</p><li>a</li><li>b</li>');
    assert.equal(content.text, 'Dear Ann & Co, 2 items');
    const row = await server.core.db.selectFrom('messages').select('templateId').where('id', '=', id as number).executeTakeFirstOrThrow();
    assert.equal(Number(row.templateId), tpl.id);

    const batch = ok<{ ids: number[] }>(
      await api.post('/messages/email/batch', {
        messages: [
          { to: 'b@example.com', templateId: tpl.id, variables: { name: 'B', order: { id: 1, items: [] } }, subject: 'Your order', fromName: 'Team' },
          { to: 'c@example.com', from: 'news@shop.example', subject: 'Plain', text: 'No template' },
        ],
      }),
      202,
    );
    const first = ok<{ subject: string; fromName: string }>(await api.get(`/messages/${batch.ids[0]}`));
    assert.deepEqual({ subject: first.subject, fromName: first.fromName }, { subject: 'Your order', fromName: 'Team' });

    expectError(await api.post('/messages/email', { to: 'x@example.com', templateId: 999999 }), 400, 'validation_failed', ['templateId']);
    expectError(await api.post('/messages/email', { to: 'x@example.com', templateId: tpl.id, html: '<p>own</p>' }), 400, 'validation_failed', ['html']);
    expectError(await api.post('/messages/email', { to: 'x@example.com', from: 'news@shop.example', subject: 's', text: 't', variables: { a: 1 } }), 400, 'validation_failed', ['variables']);
    // Without a template, from and subject are still required.
    expectError(await api.post('/messages/email', { to: 'x@example.com', text: 't' }), 400, 'validation_failed', ['from', 'subject']);
    expectError(await api.post('/messages/email/batch', { messages: [{ to: 'x@example.com', text: 't' }, { to: 'y@example.com', templateId: 999999 }] }), 400, 'validation_failed', ['messages[1].templateId']);
  });

  it('a runaway liquid template is refused within its render limit while /healthz keeps answering', async () => {
    const tpl = ok<TemplateDto>(
      await api.post('/templates', { kind: 'liquid', name: 'Runaway', subject: 'Hi', from: 'news@shop.example', html: '{% for a in (1..5000) %}{% for b in (1..5000) %}<b>{{ a }}</b>{% endfor %}{% endfor %}' }),
      201,
    );
    let refusedAfter = 0;
    const slowest = await slowestHealthCheck(server.baseUrl, async () => {
      const started = performance.now();
      const body = expectError(await api.post('/messages/email', { to: 'ann@example.com', templateId: tpl.id }), 400, 'validation_failed', ['variables']);
      refusedAfter = performance.now() - started;
      assert.match(body.error.message, /took longer than 200 ms to render/);
    });
    assert.ok(refusedAfter < 1_000, `refused after ${refusedAfter.toFixed(0)} ms`);
    // The render limit is 200 ms; what is left is the machine's load.
    assert.ok(slowest < 500, `/healthz took ${slowest.toFixed(0)} ms`);
  });

  it('a batch of templated sends lets /healthz answer between renders', async () => {
    const tpl = ok<TemplateDto>(await api.post('/templates', { kind: 'liquid', name: 'Long order', subject: 'Order', from: 'news@shop.example', html: '{% for r in rows %}<tr><td>{{ r }}</td><td>{{ r | times: 3 }}</td></tr>{% endfor %}' }), 201);
    // Each render takes a few ms; together they would hold the event loop for a second or more.
    const rows = Array.from({ length: 20 }, (_, i) => i);
    const messages = Array.from({ length: 500 }, (_, i) => ({ to: `r${i}@example.com`, templateId: tpl.id, variables: { rows } }));
    let tookMs = 0;
    const slowest = await slowestHealthCheck(server.baseUrl, async () => {
      const started = performance.now();
      assert.equal(ok<{ ids: number[] }>(await api.post('/messages/email/batch', { messages }), 202).ids.length, 500);
      tookMs = performance.now() - started;
    });
    assert.ok(slowest < Math.max(300, tookMs / 2), `/healthz took ${slowest.toFixed(0)} ms while the batch took ${tookMs.toFixed(0)} ms`);
  });

  it('a render whose output would pass 2 MB is refused, in liquid and emv templates alike', async () => {
    const liquid = ok<TemplateDto>(await api.post('/templates', { kind: 'liquid', name: 'Big', subject: 'Hi', from: 'news@shop.example', html: '{% for i in (1..200) %}<p>{{ block }}</p>{% endfor %}' }), 201);
    const block = 'x'.repeat(20_000);
    const big = expectError(await api.post('/messages/email', { to: 'ann@example.com', templateId: liquid.id, variables: { block } }), 400, 'validation_failed', ['variables']);
    assert.match(big.error.message, /rendered template is larger than 2000000 characters/);
    // The same template with a smaller value is an ordinary 200 kB mail.
    ok(await api.post('/messages/email', { to: 'ann@example.com', templateId: liquid.id, variables: { block: 'x'.repeat(1_000) } }), 202);

    const emv = ok<TemplateDto>(await api.post('/templates', { kind: 'emv', name: 'BigEmv', subject: 'S', from: 'news@shop.example', html: `<p>${'[EMV DYN]BLOCK[EMV /DYN]'.repeat(100)}</p>` }), 201);
    const bigEmv = expectError(await api.post('/messages/email', { to: 'ann@example.com', templateId: emv.id, variables: { BLOCK: 'y'.repeat(30_000) } }), 400, 'validation_failed', ['variables']);
    assert.match(bigEmv.error.message, /rendered template is larger than 2000000 characters/);
    ok(await api.post('/messages/email', { to: 'ann@example.com', templateId: emv.id, variables: { BLOCK: 'y'.repeat(1_000) } }), 202);
  });
});
