// Stored email templates of an account.
//
// - kind 'liquid': Herald's own templates (liquidjs), used by the native send with templateId.
// - kind 'emv': a SmartFocus "notification" in the vendor's [EMV …] grammar, addressed by the
//   Notification face through its random + encrypt pair. The pair is generated here, never chosen
//   by the customer: random is the public identifier (unique across all accounts, because the
//   Notification face has no other credential to find the account by), encrypt is the secret.
//   Both stay readable through the native API, as they are in the vendor's UI: customers copy them
//   into their client configuration whenever they need them.
import { timingSafeEqual } from 'node:crypto';
import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import type { TemplateRow } from '../../store/schema.js';
import { nowIso } from '../clock.js';
import { IssueList, NotFoundError, ValidationError } from '../errors.js';
import { isValidEmail } from '../audience/email-address.js';
import { isUniqueViolation } from '../../store/constraint-errors.js';
import { randomAlphanumeric, randomHex } from '../secrets/generation.js';
import { validateLiquid } from './liquid.js';

export type TemplateKind = 'liquid' | 'emv';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['liquid', 'emv'];

export interface Template {
  id: number;
  kind: TemplateKind;
  name: string;
  subject: string;
  from: string;
  fromName: string;
  html: string | null;
  text: string | null;
  trackClicks: boolean;
  /** emv only: the notification's public identifier (16 upper-case hex characters). */
  random: string | null;
  /** emv only: the notification's secret. */
  encrypt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateInput {
  kind?: string;
  name?: string;
  subject?: string;
  from?: string;
  fromName?: string;
  html?: string | null;
  text?: string | null;
  trackClicks?: boolean;
}

export const TEMPLATE_NAME_MAX = 200;

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    kind: row.kind as TemplateKind,
    name: row.name,
    subject: row.subject,
    from: row.sender,
    fromName: row.senderName,
    html: row.html,
    text: row.text,
    trackClicks: row.trackClicks === 1,
    random: row.random,
    encrypt: row.encrypt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The vendor's randoms look like `F02F0D6E0C6B1A2E`: upper-case hexadecimal, 16 characters. */
export function generateRandom(): string {
  return randomHex(8).toUpperCase();
}

/** The secret half: long enough that guessing it is hopeless (190 bits). */
export function generateEncrypt(): string {
  return randomAlphanumeric(32);
}

/**
 * Checks a template as it would be after the change. Liquid syntax errors are reported per field
 * with the line and column in the message, so an editor can point at the mistake.
 */
function checkTemplate(t: Omit<Template, 'id' | 'random' | 'encrypt' | 'createdAt' | 'updatedAt'>): void {
  const issues = new IssueList();
  if (t.name === '') issues.add('name', 'required', 'name is required');
  else if (t.name.length > TEMPLATE_NAME_MAX) issues.add('name', 'too_long', `name must be at most ${TEMPLATE_NAME_MAX} characters`);
  if (t.from !== '' && !isValidEmail(t.from)) issues.add('from', 'invalid', `from: "${t.from}" is not a valid email address`);
  if (/[\r\n]/.test(t.fromName)) issues.add('fromName', 'invalid', 'fromName must be one line');
  if (/[\r\n]/.test(t.subject)) issues.add('subject', 'invalid', 'subject must be one line');
  if (!(t.html ?? '').trim() && !(t.text ?? '').trim()) issues.add('html', 'required', 'html or text is required');
  if (t.kind === 'emv') {
    // A notification is sent with nothing but the recipient and its dyn values: the template
    // itself must say who sends it and with which subject.
    if (t.from === '') issues.add('from', 'required', 'from is required for emv templates');
    if (t.subject.trim() === '') issues.add('subject', 'required', 'subject is required for emv templates');
  } else {
    for (const field of ['subject', 'html', 'text'] as const) {
      const source = t[field];
      if (source === null || source === '') continue;
      const error = validateLiquid(source);
      if (error) issues.add(field, 'invalid', `${field}: ${error.message}`);
    }
  }
  issues.throwIfAny();
}

function kindOf(raw: string | undefined): TemplateKind {
  if (raw === undefined || raw === '') throw ValidationError.single('kind', 'required', 'kind is required (liquid or emv)');
  if (!(TEMPLATE_KINDS as readonly string[]).includes(raw)) throw ValidationError.single('kind', 'invalid', `kind must be liquid or emv, not "${raw}"`);
  return raw as TemplateKind;
}

export async function listTemplates(scope: AccountScope): Promise<Template[]> {
  const rows = await scope.db.selectFrom('templates').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toTemplate);
}

/** @throws NotFoundError */
export async function getTemplate(scope: AccountScope, id: number): Promise<Template> {
  const row = Number.isSafeInteger(id)
    ? await scope.db.selectFrom('templates').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('Template', id);
  return toTemplate(row);
}

/** @throws ValidationError */
export async function createTemplate(scope: AccountScope, input: TemplateInput): Promise<Template> {
  const kind = kindOf(input.kind);
  const values = {
    kind,
    name: (input.name ?? '').trim(),
    subject: input.subject ?? '',
    from: (input.from ?? '').trim(),
    fromName: input.fromName ?? '',
    html: input.html ?? null,
    text: input.text ?? null,
    trackClicks: input.trackClicks ?? true,
  };
  checkTemplate(values);
  const now = nowIso();
  // 64 random bits make a clash of randoms practically impossible; the unique index still has
  // the last word, and a clash simply draws again.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await scope.db
        .insertInto('templates')
        .values({
          accountId: scope.accountId,
          kind,
          name: values.name,
          subject: values.subject,
          sender: values.from,
          senderName: values.fromName,
          html: values.html,
          text: values.text,
          trackClicks: values.trackClicks ? 1 : 0,
          random: kind === 'emv' ? generateRandom() : null,
          encrypt: kind === 'emv' ? generateEncrypt() : null,
          createdAt: now,
          updatedAt: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTemplate(row);
    } catch (err) {
      if (kind !== 'emv' || attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

/** Changes only the fields given; the kind (and so random/encrypt) never changes. @throws NotFoundError, ValidationError */
export async function updateTemplate(scope: AccountScope, id: number, patch: TemplateInput): Promise<Template> {
  const current = await getTemplate(scope, id);
  if (patch.kind !== undefined && patch.kind !== current.kind) throw ValidationError.single('kind', 'not_allowed', 'the kind of a template cannot change');
  const next = {
    kind: current.kind,
    name: patch.name !== undefined ? patch.name.trim() : current.name,
    subject: patch.subject ?? current.subject,
    from: patch.from !== undefined ? patch.from.trim() : current.from,
    fromName: patch.fromName ?? current.fromName,
    html: patch.html !== undefined ? patch.html : current.html,
    text: patch.text !== undefined ? patch.text : current.text,
    trackClicks: patch.trackClicks ?? current.trackClicks,
  };
  checkTemplate(next);
  const row = await scope.db
    .updateTable('templates')
    .set({
      name: next.name,
      subject: next.subject,
      sender: next.from,
      senderName: next.fromName,
      html: next.html,
      text: next.text,
      trackClicks: next.trackClicks ? 1 : 0,
      updatedAt: nowIso(),
    })
    .where('accountId', '=', scope.accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Template', id);
  return toTemplate(row);
}

/** Messages already sent keep their content; they only lose the link to the template. @throws NotFoundError */
export async function deleteTemplate(scope: AccountScope, id: number): Promise<void> {
  const result = Number.isSafeInteger(id)
    ? await scope.db.deleteFrom('templates').where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!result || result.numDeletedRows === 0n) throw new NotFoundError('Template', id);
}

/** An emv template and the account it belongs to. */
export interface Notification {
  scope: AccountScope;
  template: Template;
}

/** Why a random/encrypt pair does not name a notification; each face words these its own way. */
export type NotificationLookupFailure = 'unknown_random' | 'wrong_encrypt';

/**
 * Finds the notification a random/encrypt pair names, across every account (the pair is the only
 * credential the Notification face receives). The encrypt comparison takes constant time.
 */
export async function findNotification(db: Db, random: string, encrypt: string): Promise<Notification | NotificationLookupFailure> {
  const row = await db.selectFrom('templates').selectAll().where('random', '=', random).where('kind', '=', 'emv').executeTakeFirst();
  if (!row || row.encrypt === null) return 'unknown_random';
  const expected = Buffer.from(row.encrypt, 'utf8');
  const given = Buffer.from(encrypt, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'wrong_encrypt';
  return { scope: { db, accountId: row.accountId }, template: toTemplate(row) };
}
