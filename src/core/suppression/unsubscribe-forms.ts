// Unsubscribe forms: what the hosted unsubscribe page asks (a title, a question and the reasons
// offered as choices). A message names its form by id when it is sent; messages without one, or
// whose form was deleted since, get the default form.
import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import type { Selectable } from 'kysely';
import type { UnsubscribeFormTable } from '../../store/schema.js';
import { nowIso } from '../clock.js';
import { IssueList, NotFoundError } from '../errors.js';

export interface UnsubscribeForm {
  id: number;
  name: string;
  title: string;
  question: string;
  reasons: string[];
  createdAt: string;
}

export interface UnsubscribeFormInput {
  name?: string;
  title?: string;
  question?: string;
  reasons?: string[];
}

export const FORM_LIMITS = { name: 100, title: 200, question: 500, reason: 200, reasons: 20 } as const;

/** The page shown when a message has no form of its own. */
export const DEFAULT_UNSUBSCRIBE_FORM: Omit<UnsubscribeForm, 'id' | 'createdAt'> = {
  name: 'Default',
  title: 'Unsubscribe',
  question: 'Why do you want to stop receiving these emails?',
  reasons: ['I no longer want to receive these emails', 'I receive too many emails', 'The emails are not relevant to me', 'I never signed up for these emails'],
};

type UnsubscribeFormRow = Selectable<UnsubscribeFormTable>;

function toForm(row: UnsubscribeFormRow): UnsubscribeForm {
  return { id: row.id, name: row.name, title: row.title, question: row.question, reasons: JSON.parse(row.reasons) as string[], createdAt: row.createdAt };
}

type CheckedInput = { name?: string; title?: string; question?: string; reasons?: string[] };

/** @throws ValidationError listing every problem of the input. */
function checkInput(input: UnsubscribeFormInput, mode: 'create' | 'update'): CheckedInput {
  const issues = new IssueList();
  const out: CheckedInput = {};
  for (const field of ['name', 'title'] as const) {
    const value = input[field]?.trim();
    if (value === '' || (mode === 'create' && value === undefined)) issues.add(field, 'required', `${field} is required`);
    else if (value !== undefined && value.length > FORM_LIMITS[field]) issues.add(field, 'too_long', `${field} must be ${FORM_LIMITS[field]} characters or less`);
    else if (value !== undefined) out[field] = value;
  }
  if (input.question !== undefined) {
    const question = input.question.trim();
    if (question.length > FORM_LIMITS.question) issues.add('question', 'too_long', `question must be ${FORM_LIMITS.question} characters or less`);
    else out.question = question;
  }
  if (input.reasons !== undefined) {
    const reasons = input.reasons.map((r) => r.trim());
    if (reasons.length > FORM_LIMITS.reasons) issues.add('reasons', 'invalid', `at most ${FORM_LIMITS.reasons} reasons`);
    reasons.forEach((r, i) => {
      if (r === '') issues.add(`reasons.${i}`, 'required', 'a reason must not be blank');
      else if (r.length > FORM_LIMITS.reason) issues.add(`reasons.${i}`, 'too_long', `a reason must be ${FORM_LIMITS.reason} characters or less`);
    });
    if (new Set(reasons).size !== reasons.length) issues.add('reasons', 'invalid', 'reasons must be distinct');
    out.reasons = reasons;
  }
  issues.throwIfAny();
  return out;
}

export async function listUnsubscribeForms(scope: AccountScope): Promise<UnsubscribeForm[]> {
  const rows = await scope.db.selectFrom('unsubscribeForms').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toForm);
}

/** @throws NotFoundError */
export async function getUnsubscribeForm(scope: AccountScope, id: number): Promise<UnsubscribeForm> {
  const row = await scope.db.selectFrom('unsubscribeForms').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Unsubscribe form', id);
  return toForm(row);
}

/** name and title are required; question and reasons default to empty. */
export async function createUnsubscribeForm(scope: AccountScope, input: UnsubscribeFormInput): Promise<UnsubscribeForm> {
  const values = checkInput(input, 'create');
  const row = await scope.db
    .insertInto('unsubscribeForms')
    .values({
      accountId: scope.accountId,
      name: values.name!,
      title: values.title!,
      question: values.question ?? '',
      reasons: JSON.stringify(values.reasons ?? []),
      createdAt: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toForm(row);
}

/** Changes only the fields given. @throws NotFoundError, ValidationError */
export async function updateUnsubscribeForm(scope: AccountScope, id: number, input: UnsubscribeFormInput): Promise<UnsubscribeForm> {
  const values = checkInput(input, 'update');
  await getUnsubscribeForm(scope, id);
  const { reasons, ...texts } = values;
  const set = { ...texts, ...(reasons !== undefined ? { reasons: JSON.stringify(reasons) } : {}) };
  if (Object.keys(set).length > 0) await scope.db.updateTable('unsubscribeForms').set(set).where('accountId', '=', scope.accountId).where('id', '=', id).execute();
  return getUnsubscribeForm(scope, id);
}

/** Messages already sent with the form keep working: their page falls back to the default form. */
export async function deleteUnsubscribeForm(scope: AccountScope, id: number): Promise<void> {
  const result = await scope.db.deleteFrom('unsubscribeForms').where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('Unsubscribe form', id);
}

export interface UnsubscribePage {
  form: Omit<UnsubscribeForm, 'id' | 'createdAt'>;
  /** The message's status; UNSUBSCRIBE once the recipient left. */
  alreadyUnsubscribed: boolean;
}

/**
 * What the unsubscribe page of a message shows: the message's form (only one of its own account),
 * or the default. Null when the message does not exist.
 */
export async function unsubscribePageFor(db: Db, messageId: number): Promise<UnsubscribePage | null> {
  const message = await db.selectFrom('messages').select(['accountId', 'unsubscribeFormId']).where('id', '=', messageId).executeTakeFirst();
  if (!message) return null;
  const done = await db.selectFrom('messageEvents').select('id').where('messageId', '=', messageId).where('type', '=', 'unsubscribe').limit(1).executeTakeFirst();
  const row =
    message.unsubscribeFormId === null
      ? undefined
      : await db.selectFrom('unsubscribeForms').selectAll().where('accountId', '=', message.accountId).where('id', '=', message.unsubscribeFormId).executeTakeFirst();
  const form = row ? toForm(row) : null;
  return {
    form: form ? { name: form.name, title: form.title, question: form.question, reasons: form.reasons } : DEFAULT_UNSUBSCRIBE_FORM,
    alreadyUnsubscribed: done !== undefined,
  };
}
