import type { AccountScope } from '../context.js';
import type { SecretBox } from '../secrets/encryption.js';
import { nowIso } from '../clock.js';
import { IssueList, NotFoundError, ValidationError } from '../errors.js';
import { CALLBACK_EVENT_TYPES, type CallbackEventType } from '../messages/events.js';
import type { WebhookRow } from '../../store/schema.js';
import { checkTarget, TargetRefusedError, urlHost, type Resolver } from './target-guard.js';
import { CALLBACK_FLAVOURS, type CallbackFlavour } from './formats.js';
import { generateWebhookSecret } from './standard-webhooks.js';
import { MOBIZON_CALLBACK_EVENTS } from './mobizon-webhook.js';

/** Webhook operations seal and open secrets, so they need the secret box next to the scope. */
export interface CallbackScope extends AccountScope {
  secrets: SecretBox;
}

/** Where callbacks may point: the operator's setting, and a resolver tests can replace. */
export interface TargetPolicy {
  allowPrivate: boolean;
  resolve?: Resolver;
}

export interface WebhookView {
  id: number;
  url: string;
  flavour: CallbackFlavour;
  events: CallbackEventType[];
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  errorThreshold: number | null;
  createdAt: string;
}

export interface WebhookCreate {
  url: string;
  events: string[];
  flavour?: CallbackFlavour;
  errorThreshold?: number | null;
}

export interface WebhookUpdate {
  url?: string;
  events?: string[];
  errorThreshold?: number | null;
  /** true re-enables a webhook disabled after failures (and clears its failure count). */
  enabled?: boolean;
}

const MAX_URL = 2000;
const MAX_WEBHOOKS = 50;

export function toWebhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    flavour: row.flavour as CallbackFlavour,
    events: JSON.parse(row.events) as CallbackEventType[],
    enabled: row.enabled === 1,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    errorThreshold: row.errorThreshold,
    createdAt: row.createdAt,
  };
}

function checkUrl(url: string, issues: IssueList): URL | null {
  if (url.length > MAX_URL) {
    issues.add('url', 'too_long', `url is longer than ${MAX_URL} characters`);
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    issues.add('url', 'invalid', 'url is not an absolute URL');
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    issues.add('url', 'invalid', 'url must start with http:// or https://');
    return null;
  }
  return parsed;
}

function checkEvents(events: string[], issues: IssueList): CallbackEventType[] {
  const unknown = events.filter((e) => !(CALLBACK_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0) issues.add('events', 'invalid', `unknown event ${unknown.join(', ')}; events are ${CALLBACK_EVENT_TYPES.join(', ')}`);
  if (events.length === 0) issues.add('events', 'required', 'events must name at least one event');
  // Kept in the canonical order so a webhook reads the same however it was written.
  return CALLBACK_EVENT_TYPES.filter((e) => events.includes(e));
}

function checkThreshold(events: readonly CallbackEventType[], threshold: number | null, issues: IssueList): void {
  if (threshold !== null && (!Number.isInteger(threshold) || threshold < 1 || threshold > 100)) issues.add('errorThreshold', 'invalid', 'errorThreshold is a whole percentage from 1 to 100');
  if (events.includes('smtp-warning') && threshold === null) issues.add('errorThreshold', 'required', 'smtp-warning needs errorThreshold (percent of the day\'s finished mails that failed)');
}

/** A Mobizon webhook sends SMS delivery reports only: sent (ACCEPTD), delivered and error (final statuses). */
function checkMobizonEvents(events: readonly CallbackEventType[], issues: IssueList): void {
  const other = events.filter((e) => !MOBIZON_CALLBACK_EVENTS.includes(e));
  if (other.length > 0) issues.add('events', 'not_allowed', `a mobizon callback reports SMS statuses: events are ${MOBIZON_CALLBACK_EVENTS.join(', ')}; not ${other.join(', ')}`);
}

/** The target guard at write time: a clear 400 rather than a webhook that can never deliver. */
async function guardTarget(url: URL, policy: TargetPolicy): Promise<void> {
  try {
    await checkTarget(urlHost(url), policy);
  } catch (err) {
    if (err instanceof TargetRefusedError) throw ValidationError.single('url', 'not_allowed', err.message);
    throw err;
  }
}

async function findRow(scope: AccountScope, id: number): Promise<WebhookRow> {
  const row = await scope.db.selectFrom('webhooks').selectAll().where('id', '=', id).where('accountId', '=', scope.accountId).executeTakeFirst();
  if (!row) throw new NotFoundError('Callback', id);
  return row;
}

export async function listWebhooks(scope: AccountScope): Promise<WebhookView[]> {
  const rows = await scope.db.selectFrom('webhooks').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toWebhookView);
}

export async function getWebhook(scope: AccountScope, id: number): Promise<WebhookView> {
  return toWebhookView(await findRow(scope, id));
}

/**
 * Creates a webhook. Native and Mobizon webhooks get a secret (whsec_…), returned here once (and by
 * rotateWebhookSecret); SendExpert ones are signed with the account's SendExpert key instead.
 */
export async function createWebhook(scope: CallbackScope, input: WebhookCreate, policy: TargetPolicy): Promise<{ webhook: WebhookView; secret: string | null }> {
  const issues = new IssueList();
  const flavour = input.flavour ?? 'native';
  if (!CALLBACK_FLAVOURS.includes(flavour)) issues.add('flavour', 'invalid', `flavour is ${CALLBACK_FLAVOURS.join(' or ')}`);
  const url = checkUrl(input.url, issues);
  const events = checkEvents(input.events, issues);
  const threshold = input.errorThreshold ?? null;
  checkThreshold(events, threshold, issues);
  if (flavour === 'mobizon') checkMobizonEvents(events, issues);
  issues.throwIfAny();
  await guardTarget(url as URL, policy);
  const count = await scope.db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('accountId', '=', scope.accountId).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_WEBHOOKS) throw ValidationError.single('', 'not_allowed', `an account has at most ${MAX_WEBHOOKS} callbacks`);
  // Mobizon webhooks sign with a secret key of their own too (sha1 over it; see mobizon-webhook.ts).
  const secret = flavour === 'sendexpert' ? null : generateWebhookSecret();
  const row = await scope.db
    .insertInto('webhooks')
    .values({
      accountId: scope.accountId,
      flavour,
      url: input.url,
      events: JSON.stringify(events),
      // SendExpert callbacks read the account key when they are sent, so a new key applies at once.
      secretEnc: secret === null ? '' : scope.secrets.seal(secret),
      errorThreshold: threshold,
      createdAt: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { webhook: toWebhookView(row), secret };
}

export async function updateWebhook(scope: AccountScope, id: number, input: WebhookUpdate, policy: TargetPolicy): Promise<WebhookView> {
  const row = await findRow(scope, id);
  const issues = new IssueList();
  const url = input.url !== undefined ? checkUrl(input.url, issues) : null;
  const events = input.events !== undefined ? checkEvents(input.events, issues) : (JSON.parse(row.events) as CallbackEventType[]);
  const threshold = input.errorThreshold !== undefined ? input.errorThreshold : row.errorThreshold;
  checkThreshold(events, threshold, issues);
  if (row.flavour === 'mobizon' && input.events !== undefined) checkMobizonEvents(events, issues);
  issues.throwIfAny();
  if (url !== null) await guardTarget(url, policy);
  const reenable = input.enabled === true && row.enabled === 0;
  const updated = await scope.db.transaction().execute(async (trx) => {
    const next = await trx
      .updateTable('webhooks')
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: JSON.stringify(events) } : {}),
        ...(input.errorThreshold !== undefined ? { errorThreshold: input.errorThreshold } : {}),
        ...(input.enabled === false && row.enabled === 1 ? { enabled: 0, disabledReason: 'disabled through the API' } : {}),
        // Re-enabling starts the failure count afresh.
        ...(reenable ? { enabled: 1, disabledReason: null, consecutiveFailures: 0 } : {}),
      })
      .where('id', '=', id)
      .where('accountId', '=', scope.accountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A delivery parked while the webhook was disabled goes out again now.
    if (reenable) await trx.updateTable('webhookDeliveries').set({ dueAt: nowIso() }).where('webhookId', '=', id).where('status', '=', 'pending').where('dueAt', 'is', null).execute();
    return next;
  });
  return toWebhookView(updated);
}

export async function deleteWebhook(scope: AccountScope, id: number): Promise<void> {
  await findRow(scope, id);
  // Its outbox rows and delivery log go with it (ON DELETE CASCADE).
  await scope.db.deleteFrom('webhooks').where('id', '=', id).where('accountId', '=', scope.accountId).execute();
}

/** A new signing secret for a native or Mobizon webhook; the old one stops working at once. */
export async function rotateWebhookSecret(scope: CallbackScope, id: number): Promise<{ webhook: WebhookView; secret: string }> {
  const row = await findRow(scope, id);
  if (row.flavour === 'sendexpert') throw ValidationError.single('flavour', 'not_allowed', 'SendExpert callbacks are signed with the account\'s SendExpert key; they have no secret of their own');
  const secret = generateWebhookSecret();
  const updated = await scope.db
    .updateTable('webhooks')
    .set({ secretEnc: scope.secrets.seal(secret) })
    .where('id', '=', id)
    .where('accountId', '=', scope.accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { webhook: toWebhookView(updated), secret };
}
