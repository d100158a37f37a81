import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { twoAccounts, type TwoAccounts } from '../fixture.js';
import { ValidationError, NotFoundError } from '../../../src/core/errors.js';
import {
  createTemplate,
  deleteTemplate,
  findNotification,
  generateEncrypt,
  generateRandom,
  getTemplate,
  listTemplates,
  updateTemplate,
  type Template,
} from '../../../src/core/templates/templates.js';
import { emailsFromTemplates, renderEmvTemplate, renderLiquidTemplate } from '../../../src/core/templates/render-email.js';
import { syncAction, isSyncMode, synchroniseContact } from '../../../src/core/audience/contacts/synchronise.js';
import { findContactsByEmail } from '../../../src/core/audience/contacts/contacts.js';

const emv = (over: Partial<Template> = {}): Template => ({
  id: 1,
  kind: 'emv',
  name: 'n',
  subject: 'Hi [EMV DYN]firstname[EMV /DYN]',
  from: 'a@shop.example',
  fromName: 'Shop',
  html: '[EMV TEXTPART]Hello [EMV DYN]FIRSTNAME[EMV /DYN] [EMV URL]https://x.example/a?b=1[EMV /URL]\n[EMV HTMLPART]<p>Hello [EMV DYN]FIRSTNAME[EMV /DYN]</p>[EMV CONTENT]1[EMV /CONTENT]<a href="[EMV URL]https://x.example/a?b=1&amp;c=2[EMV /URL]">go</a>',
  text: null,
  trackClicks: true,
  random: 'R',
  encrypt: 'E',
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('rendering templates', () => {
  it('renders an emv template: dyn escaped in HTML, content blocks as given, [EMV URL] as the plain URL', () => {
    const out = renderEmvTemplate(emv(), { dyn: { firstName: 'Ann <3' }, content: { '1': '<b>block</b> &pound;5' } });
    assert.equal(out.subject, 'Hi Ann <3');
    assert.equal(out.html, '<p>Hello Ann &lt;3</p><b>block</b> &pound;5<a href="https://x.example/a?b=1&amp;c=2">go</a>');
    assert.equal(out.text, 'Hello Ann <3 https://x.example/a?b=1');
  });

  it('keeps the subject on one line and prefers a separate text field', () => {
    const out = renderEmvTemplate(emv({ text: 'Plain [EMV DYN]firstname[EMV /DYN]' }), { dyn: { firstname: 'A\r\nB' }, content: {} });
    assert.equal(out.subject, 'Hi A B');
    assert.equal(out.text, 'Plain A\r\nB');
  });

  it('renders a liquid template (HTML escaped, text and subject not)', async () => {
    const t = emv({ kind: 'liquid', subject: 'Order {{ order.id }} for {{ name }}', html: '<p>{{ name }}</p>', text: 'Hi {{ name }}' });
    const out = await renderLiquidTemplate(t, { name: 'Tom & Jerry', order: { id: 7 } });
    assert.deepEqual(out, { subject: 'Order 7 for Tom & Jerry', html: '<p>Tom &amp; Jerry</p>', text: 'Hi Tom & Jerry' });
  });
});

describe('synchrotype', () => {
  it('maps each mode and lookup result to an action', () => {
    const table: [Parameters<typeof syncAction>[0], boolean, string][] = [
      ['NOTHING', false, 'none'],
      ['NOTHING', true, 'none'],
      ['INSERT', false, 'insert'],
      ['INSERT', true, 'none'],
      ['UPDATE', false, 'none'],
      ['UPDATE', true, 'update'],
      ['INSERT_UPDATE', false, 'insert'],
      ['INSERT_UPDATE', true, 'update'],
    ];
    for (const [mode, found, action] of table) assert.equal(syncAction(mode, found), action, `${mode} ${found}`);
  });
  it('is case-sensitive', () => {
    assert.equal(isSyncMode('INSERT_UPDATE'), true);
    assert.equal(isSyncMode('insert_update'), false);
    assert.equal(isSyncMode(''), false);
  });
});

describe('generated identifiers', () => {
  it('makes vendor-like randoms and long encrypts', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = generateRandom();
      assert.match(r, /^[0-9A-F]{16}$/);
      seen.add(r);
      assert.match(generateEncrypt(), /^[A-Za-z0-9]{32}$/);
    }
    assert.equal(seen.size, 50);
  });
});

describeEachDatabase('templates in the store', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(async () => {
    await t.dispose();
  });

  it('creates, reads, updates and deletes templates within one account', async () => {
    const liquid = await createTemplate(t.a, { kind: 'liquid', name: ' Welcome ', subject: 'Hi {{ name }}', html: '<p>{{ name }}</p>' });
    assert.equal(liquid.name, 'Welcome');
    assert.equal(liquid.random, null);
    assert.equal(liquid.trackClicks, true);
    const notification = await createTemplate(t.a, { kind: 'emv', name: 'N', subject: 'S', from: 'a@shop.example', html: '<p>x</p>', trackClicks: false });
    assert.match(notification.random ?? '', /^[0-9A-F]{16}$/);
    assert.equal(notification.encrypt?.length, 32);
    assert.deepEqual((await listTemplates(t.a)).map((x) => x.id), [liquid.id, notification.id]);
    assert.deepEqual(await listTemplates(t.b), []);
    await assert.rejects(getTemplate(t.b, liquid.id), NotFoundError);

    const updated = await updateTemplate(t.a, notification.id, { subject: 'New [EMV DYN]x[EMV /DYN]' });
    assert.equal(updated.subject, 'New [EMV DYN]x[EMV /DYN]');
    assert.equal(updated.random, notification.random);
    assert.equal(updated.encrypt, notification.encrypt);
    await assert.rejects(updateTemplate(t.a, notification.id, { kind: 'liquid' }), ValidationError);
    await assert.rejects(updateTemplate(t.b, notification.id, { name: 'x' }), NotFoundError);

    await deleteTemplate(t.a, liquid.id);
    await assert.rejects(getTemplate(t.a, liquid.id), NotFoundError);
    await assert.rejects(deleteTemplate(t.a, liquid.id), NotFoundError);
  });

  it('refuses invalid templates, naming the field and the liquid error position', async () => {
    const err = await createTemplate(t.a, { kind: 'liquid', name: 'Bad', html: '<p>\n{% if x %}never closed</p>' }).catch((e: unknown) => e);
    assert.ok(err instanceof ValidationError);
    assert.equal(err.issues[0]?.field, 'html');
    assert.match(err.issues[0]?.message ?? '', /line 2, column 1/);
    for (const [input, field] of [
      [{ kind: 'other', name: 'x', html: 'x' }, 'kind'],
      [{ name: 'x', html: 'x' }, 'kind'],
      [{ kind: 'liquid', name: '', html: 'x' }, 'name'],
      [{ kind: 'liquid', name: 'x' }, 'html'],
      [{ kind: 'liquid', name: 'x', html: 'x', from: 'nope' }, 'from'],
      [{ kind: 'emv', name: 'x', html: 'x', subject: 'S' }, 'from'],
      [{ kind: 'emv', name: 'x', html: 'x', from: 'a@b.example' }, 'subject'],
      [{ kind: 'liquid', name: 'x', html: 'x', subject: 'a\nb' }, 'subject'],
    ] as const) {
      const e = await createTemplate(t.a, input).catch((x: unknown) => x);
      assert.ok(e instanceof ValidationError, JSON.stringify(input));
      assert.ok(e.issues.some((i) => i.field === field), `${JSON.stringify(input)}: ${JSON.stringify(e.issues)}`);
    }
  });

  it('finds a notification by random across accounts and checks its encrypt', async () => {
    const n = await createTemplate(t.b, { kind: 'emv', name: 'B', subject: 'S', from: 'b@shop.example', html: '<p>x</p>' });
    const found = await findNotification(t.ctx.db, n.random!, n.encrypt!);
    assert.ok(typeof found === 'object');
    assert.equal(found.scope.accountId, t.b.accountId);
    assert.equal(found.template.id, n.id);
    assert.equal(await findNotification(t.ctx.db, n.random!, `${n.encrypt!}x`), 'wrong_encrypt');
    assert.equal(await findNotification(t.ctx.db, n.random!, ''), 'wrong_encrypt');
    assert.equal(await findNotification(t.ctx.db, 'FFFFFFFFFFFFFFFF', n.encrypt!), 'unknown_random');
  });

  it('builds emails from templates: request fields win, html/text come from the template only', async () => {
    const tpl = await createTemplate(t.a, { kind: 'liquid', name: 'L', subject: 'Hi {{ name }}', from: 'shop@shop.example', fromName: 'Shop', html: '<p>{{ name }}</p>', trackClicks: false });
    const [a, b] = await emailsFromTemplates(t.a, [
      { templateId: tpl.id, variables: { name: 'Ann' }, email: { to: 'ann@example.com' } },
      { templateId: tpl.id, variables: { name: 'Bob' }, email: { to: 'bob@example.com', subject: 'Custom', from: 'other@shop.example', trackClicks: true } },
    ]);
    assert.deepEqual(a, { to: 'ann@example.com', from: 'shop@shop.example', fromName: 'Shop', subject: 'Hi Ann', html: '<p>Ann</p>', text: null, trackClicks: false, templateId: tpl.id });
    assert.equal(b?.subject, 'Custom');
    assert.equal(b?.from, 'other@shop.example');
    assert.equal(b?.trackClicks, true);
    const missing = await emailsFromTemplates(t.a, [{ templateId: 999999, variables: {}, email: { to: 'x@example.com' } }], (i) => `messages[${i}].`).catch((e: unknown) => e);
    assert.ok(missing instanceof ValidationError);
    assert.equal(missing.issues[0]?.field, 'messages[0].templateId');
    const both = await emailsFromTemplates(t.a, [{ templateId: tpl.id, variables: {}, email: { to: 'x@example.com', html: '<p>own</p>' } }]).catch((e: unknown) => e);
    assert.ok(both instanceof ValidationError);
    assert.equal(both.issues[0]?.code, 'not_allowed');
    // Another account's template does not exist for this one.
    const other = await emailsFromTemplates(t.b, [{ templateId: tpl.id, variables: {}, email: { to: 'x@example.com' } }]).catch((e: unknown) => e);
    assert.ok(other instanceof ValidationError);
  });

  it('synchronises a recipient as a member job: insert, update, and errors kept on the job', async () => {
    const scope = t.a;
    const key = { field: 'email', value: 'sync@example.com' } as const;
    const job1 = await synchroniseContact(scope, { mode: 'INSERT_UPDATE', key, values: { email: 'sync@example.com', firstName: 'S' }, source: 'API' }, 'sync@example.com');
    assert.ok(job1);
    let [c] = await findContactsByEmail(scope, 'sync@example.com');
    assert.equal(c?.firstName, 'S');
    assert.equal(c?.source, 'API');
    await synchroniseContact(scope, { mode: 'UPDATE', key, values: { email: 'sync@example.com', lastName: 'T' }, source: 'API' }, 'sync@example.com');
    [c] = await findContactsByEmail(scope, 'sync@example.com');
    assert.equal(c?.lastName, 'T');
    assert.equal(await synchroniseContact(scope, { mode: 'NOTHING', key, values: {}, source: 'API' }, null), null);
    // An invalid value fails the job, not the caller.
    const bad = await synchroniseContact(scope, { mode: 'UPDATE', key, values: { dateOfBirth: 'not a date' }, source: 'API' }, 'sync@example.com');
    const row = await scope.db.selectFrom('memberJobs').select(['status', 'error']).where('id', '=', bad!).executeTakeFirstOrThrow();
    assert.equal(row.status, 'Error');
    assert.ok(row.error);
  });
});
