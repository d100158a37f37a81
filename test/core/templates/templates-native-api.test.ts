import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { createSendingAccount } from '../../support/mail-stack.js';
import { expectError, ok, type Api } from '../../faces/native/client.js';
import type { TemplateDto } from '../../../src/faces/native/templates.schemas.js';

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
});
