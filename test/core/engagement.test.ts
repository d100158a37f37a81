import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { twoAccounts, type TwoAccounts } from './fixture.js';
import { acceptEmails } from '../../src/core/messages/accept.js';
import { getMessage, listMessageEvents } from '../../src/core/messages/read.js';
import { recordClick, recordOpen, recordUnsubscribe } from '../../src/core/messages/engagement.js';
import { applyBounceReport, applyComplaint, bounceStatus, recipientFor, type BounceRecipient } from '../../src/core/messages/reports.js';
import { readDailyStats } from '../../src/core/stats/daily-stats.js';
import { listSuppressions, suppressedAmong } from '../../src/core/suppression/suppressions.js';
import { formFields, parseMultipartFields } from '../../src/web/tracking/form-fields.js';
import { unsubscribeFormPage } from '../../src/web/tracking/pages.js';

describe('bounceStatus: the status a failed DSN recipient means', () => {
  const cases: [string, Pick<BounceRecipient, 'status' | 'diagnostic'>, string][] = [
    ['Postfix user unknown', { status: '5.1.1', diagnostic: '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table' }, 'ERROR_EMAIL_NOT_EXIST'],
    ['Gmail multi-line', { status: '5.1.1', diagnostic: "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address" }, 'ERROR_EMAIL_NOT_EXIST'],
    ['Exim bare 550 with 5.0.0', { status: '5.0.0', diagnostic: '550 Unknown user' }, 'ERROR_EMAIL_NOT_EXIST'],
    ['mailbox full', { status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' }, 'ERROR_EMAIL_IS_FULL'],
    ['policy block', { status: '5.7.1', diagnostic: '554 5.7.1 Message rejected as spam' }, 'ERROR_IS_SPAM'],
    ['status only (no diagnostic)', { status: '5.1.1', diagnostic: null }, 'ERROR_EMAIL_NOT_EXIST'],
    ['non-SMTP diagnostic uses the status', { status: '5.4.4', diagnostic: 'X-Postfix; Host or domain name not found' }, 'ERROR_DOMAIN_NOT_EMAIL'],
    ['expired 4.x.x after retries', { status: '4.4.7', diagnostic: 'X-Postfix; delivery temporarily suspended: connect to mx: Connection timed out' }, 'ERROR_UNAVAILABLE'],
    ['nothing at all', { status: null, diagnostic: null }, 'ERROR_DELIVERY'],
    ['contradictory 2.x.x', { status: '2.0.0', diagnostic: '250 OK' }, 'ERROR_DELIVERY'],
  ];
  for (const [name, recipient, status] of cases) {
    test(name, () => assert.equal(bounceStatus(recipient).status, status));
  }
  test('keeps the diagnostic as the response', () => {
    assert.match(bounceStatus({ status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }).response, /^550 5\.1\.1 User unknown$/);
  });
});

describe('recipientFor', () => {
  const r = (address: string): BounceRecipient => ({ address, action: 'failed', status: '5.1.1', diagnostic: null });
  test('matches the message recipient case-insensitively among several', () => assert.equal(recipientFor([r('a@x.example'), r('B@x.example')], 'b@X.example')?.address, 'B@x.example'));
  test('takes a single block even when forwarding changed its address', () => assert.equal(recipientFor([r('alias@y.example')], 'b@x.example')?.address, 'alias@y.example'));
  test('takes none of several that do not match', () => assert.equal(recipientFor([r('a@x.example'), r('c@x.example')], 'b@x.example'), null));
});

describe('unsubscribe form bodies', () => {
  test('form objects, text and multipart give the same fields', () => {
    assert.deepEqual(formFields({ 'List-Unsubscribe': 'One-Click', nested: { a: '1' } }), { 'List-Unsubscribe': 'One-Click' });
    assert.deepEqual(formFields('List-Unsubscribe=One-Click\r\n'), { 'List-Unsubscribe': 'One-Click' });
    assert.deepEqual(formFields(undefined), {});
    const body = '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nfile\r\n--XyZ--\r\n';
    assert.deepEqual(parseMultipartFields(body, 'multipart/form-data; boundary=XyZ'), { 'List-Unsubscribe': 'One-Click' });
    assert.deepEqual(parseMultipartFields(body, 'multipart/form-data'), {});
  });
  test('the page escapes every text of the form', () => {
    const html = unsubscribeFormPage({ title: '<script>x</script>', question: 'a & b', reasons: ['"quoted"'] }, '/u/abc"def');
    assert.ok(!html.includes('<script>x'));
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
    assert.match(html, /a &amp; b/);
    assert.match(html, /value="&quot;quoted&quot;"/);
    assert.match(html, /action="\/u\/abc&quot;def"/);
  });
});

describeEachDatabase('recording engagement and reports in the core', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(async () => t?.dispose());

  /** A stored message marked SENT (the pipeline is not under test here). */
  async function sentMessage(to: string): Promise<number> {
    const [id] = await acceptEmails(t.a, [{ to, from: 'news@shop.example', subject: 'Hi', text: 'Hello' }], { source: 'system', skipSenderCheck: true });
    await t.ctx.db.updateTable('messages').set({ status: 'SENT', dueAt: null, sentAt: new Date().toISOString() }).where('id', '=', id!).execute();
    return id!;
  }

  async function today(): Promise<Record<string, number>> {
    const day = (await t.ctx.db.selectFrom('messages').select('statDay').orderBy('id', 'desc').executeTakeFirstOrThrow()).statDay;
    return (await readDailyStats(t.a, 'email', [day])).get(day) as unknown as Record<string, number>;
  }

  const visitor = { ip: '192.0.2.1', userAgent: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36' };

  it('concurrent clicks count every click on the message but the message once in MOVE and VIEW', async () => {
    const id = await sentMessage('many@example.com');
    const before = await today();
    await Promise.all(Array.from({ length: 8 }, () => recordClick(t.ctx.db, id, { url: 'https://x.example/', linkIndex: 0 }, visitor)));
    const m = await getMessage(t.a, id);
    assert.equal(m.moves, 8);
    assert.equal(m.views, 1);
    assert.equal(m.lastOs, 'Windows 7');
    const after = await today();
    assert.equal(after.move! - before.move!, 1);
    assert.equal(after.view! - before.view!, 1);
  });

  it('a mail proxy’s open counts but does not overwrite the recipient’s device', async () => {
    const id = await sentMessage('proxied@example.com');
    assert.equal(await recordOpen(t.ctx.db, id, visitor), true);
    assert.equal(await recordOpen(t.ctx.db, id, { ip: '66.249.0.1', userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)' }), true);
    const m = await getMessage(t.a, id);
    assert.deepEqual([m.views, m.lastIp, m.lastOs, m.lastDevice], [2, '192.0.2.1', 'Windows 7', 'Desktop']);
    const opens = (await listMessageEvents(t.a, id)).filter((e) => e.type === 'open');
    assert.deepEqual(opens.map((e) => e.detail.proxy), [0, 1]);
    assert.equal(await recordOpen(t.ctx.db, 999_999_999, visitor), false);
  });

  it('concurrent unsubscribes record one, and a later reason fills in', async () => {
    const id = await sentMessage('leaver@example.com');
    const before = await today();
    const results = await Promise.all(Array.from({ length: 5 }, () => recordUnsubscribe(t.ctx.db, id, { reason: null, method: 'one-click', visitor })));
    assert.deepEqual(results.filter((r) => r === 'recorded').length, 1);
    assert.equal(await recordUnsubscribe(t.ctx.db, id, { reason: ' Too many ', method: 'page', visitor }), 'already');
    const m = await getMessage(t.a, id);
    assert.deepEqual([m.status, m.unsubscribeReason], ['UNSUBSCRIBE', 'Too many']);
    assert.equal((await listMessageEvents(t.a, id)).filter((e) => e.type === 'unsubscribe').length, 1);
    assert.equal((await today()).unsubscribe! - before.unsubscribe!, 1);
    assert.deepEqual([...(await suppressedAmong(t.ctx.db, t.a.accountId, ['LEAVER@example.com']))], ['leaver@example.com']);
    assert.deepEqual(await suppressedAmong(t.ctx.db, t.b.accountId, ['leaver@example.com']), new Set());
    assert.equal(await recordUnsubscribe(t.ctx.db, 999_999_999, { reason: null, method: 'one-click', visitor }), null);
  });

  it('a complaint after an unsubscribe keeps the status but counts and suppresses', async () => {
    const id = await sentMessage('angry@example.com');
    await recordUnsubscribe(t.ctx.db, id, { reason: null, method: 'one-click', visitor });
    const before = await today();
    assert.deepEqual(await applyComplaint(t.ctx.db, id, { feedbackType: 'abuse' }), { result: 'applied', detail: 'SPAM' });
    assert.equal((await getMessage(t.a, id)).status, 'UNSUBSCRIBE');
    assert.equal((await today()).spam! - before.spam!, 1);
    assert.equal((await applyComplaint(t.ctx.db, id, { feedbackType: 'abuse' })).result, 'ignored');
    assert.equal((await applyComplaint(t.ctx.db, await sentMessage('fine@example.com'), { feedbackType: 'not-spam' })).result, 'ignored');
  });

  it('a DSN only bounces a SENT message, and soft failures do not suppress', async () => {
    const full = await sentMessage('full@example.com');
    const before = await today();
    const result = await applyBounceReport(t.ctx.db, full, [{ address: 'full@example.com', action: 'failed', status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' }]);
    assert.deepEqual(result, { result: 'applied', detail: 'ERROR_EMAIL_IS_FULL' });
    const after = await today();
    assert.equal(after.sent! - before.sent!, -1);
    assert.equal(after.errorEmailIsFull! - before.errorEmailIsFull!, 1);
    assert.equal((await suppressedAmong(t.ctx.db, t.a.accountId, ['full@example.com'])).size, 0);
    // Already final: a second failure report is ignored.
    assert.equal((await applyBounceReport(t.ctx.db, full, [{ address: 'full@example.com', action: 'failed', status: '5.1.1', diagnostic: null }])).result, 'ignored');
    assert.equal((await getMessage(t.a, full)).status, 'ERROR_EMAIL_IS_FULL');

    const delivered = await sentMessage('ok@example.com');
    assert.deepEqual(await applyBounceReport(t.ctx.db, delivered, [{ address: 'ok@example.com', action: 'delivered', status: '2.0.0', diagnostic: '250 OK' }]), { result: 'applied', detail: 'delivered' });
    assert.equal((await getMessage(t.a, delivered)).status, 'SENT');
    assert.deepEqual((await listMessageEvents(t.a, delivered)).map((e) => e.type), ['queued', 'delivered']);
    const suppressions = await listSuppressions(t.a, { limit: 100, offset: 0 });
    assert.ok(!suppressions.items.some((s) => s.address === 'ok@example.com'));
  });
});
