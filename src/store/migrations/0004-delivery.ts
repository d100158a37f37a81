import { sql } from 'kysely';
import { dialectOf } from '../database.js';
import { tableWithId, accountColumn, type AnyDb } from './builders.js';

/** Daily counters: every user-visible status of a message, as the faces' statistics name them. */
export const STAT_COUNTERS = [
  'total',
  'sending',
  'sent',
  'view',
  'move',
  'spam',
  'unsubscribe',
  'error_email_is_full',
  'error_email_not_exist',
  'error_unavailable',
  'error_is_spam',
  'error_domain_not_email',
  'error_mail_refuse',
  'error_delivery',
];

/**
 * The delivery pipeline (messages as units of work, their events and daily rollups), what the
 * email channel needs around it (senders, DKIM keys, templates, unsubscribe forms, suppression),
 * callbacks with their outbox, and billing.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = dialectOf(db) === 'postgres';

  // due_at is the one scheduling column: the next time a dispatcher may take the message (its
  // scheduled time, its next retry, or the end of a claim's lease). NULL once the message is final,
  // so the partial index holds only pending work and a crashed dispatcher's claims expire by themselves.
  await tableWithId(db, 'messages')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('give_up_at', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('sender_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stat_day', 'text', (c) => c.notNull())
    .addColumn('track_opens', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('track_clicks', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unsubscribe_form_id', 'bigint')
    .addColumn('template_id', 'bigint')
    .addColumn('external_ref', 'text')
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('first_view_at', 'text')
    .addColumn('last_view_at', 'text')
    .addColumn('last_move_at', 'text')
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('moves', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_ip', 'text')
    .addColumn('last_os', 'text')
    .addColumn('last_device', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('messages_due').on('messages').column('due_at').where(sql.ref('due_at'), 'is not', null).execute();
  await db.schema.createIndex('messages_account').on('messages').columns(['account_id', 'id']).execute();

  // Content is written once and read once per attempt; kept apart so the claim scans small rows.
  await db.schema
    .createTable('message_contents')
    .addColumn('message_id', 'bigint', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    // JSON: extra headers and attachments ({name, contentType, base64}).
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await tableWithId(db, 'message_events')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // JSON: status, reply text, ip, os, device, url… depending on the type.
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('message_events_message').on('message_events').columns(['message_id', 'id']).execute();

  let stats = db.schema
    .createTable('daily_stats')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull());
  for (const counter of STAT_COUNTERS) stats = stats.addColumn(counter, 'bigint', (c) => c.notNull().defaultTo(0));
  await stats.addPrimaryKeyConstraint('daily_stats_pk', ['account_id', 'channel', 'day']).execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('message_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suppressions_pk', ['account_id', 'address_key'])
    .execute();

  await tableWithId(db, 'unsubscribe_forms')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of reason choices offered on the page.
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('unsubscribe_forms_account').on('unsubscribe_forms').columns(['account_id', 'id']).execute();

  await tableWithId(db, 'senders')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('verify_token_hash', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('senders_email').on('senders').columns(['account_id', 'email_key']).unique().execute();

  await tableWithId(db, 'dkim_keys')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('selector', 'text', (c) => c.notNull())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dkim_keys_domain').on('dkim_keys').columns(['account_id', 'domain']).unique().execute();

  // kind: 'liquid' (native) or 'emv' (a SmartFocus notification, found by random + encrypt).
  await tableWithId(db, 'templates')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sender', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sender_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    .addColumn('track_clicks', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('random', 'text')
    .addColumn('encrypt', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('templates_account').on('templates').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('templates_random').on('templates').column('random').unique().where(sql.ref('random'), 'is not', null).execute();

  // flavour: 'native' (Standard Webhooks signature) or 'sendexpert' (MD5 checksum in the body).
  await tableWithId(db, 'webhooks')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('flavour', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON array of event types.
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_reason', 'text')
    // smtp-warning: error rate (percent of the day's finished mails) that triggers a notice.
    .addColumn('error_threshold', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_account').on('webhooks').columns(['account_id', 'id']).execute();

  // The outbox: one row per event per webhook, written in the same transaction as the event.
  await tableWithId(db, 'webhook_events')
    .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_events_pending').on('webhook_events').columns(['webhook_id', 'id']).where(sql.ref('delivery_id'), 'is', null).execute();

  // One batched POST and its retries; the delivery log the account can read.
  await tableWithId(db, 'webhook_deliveries')
    .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'text')
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').column('due_at').where(sql.ref('due_at'), 'is not', null).execute();
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

  // Prepaid packages and balance (SendExpert getAccountInfo). Amounts in millionths of the currency
  // unit, so charges add up exactly. No row: the account is not metered.
  await db.schema
    .createTable('account_billing')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('balance_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('package_name', 'text')
    .addColumn('mails_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mails_left', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('period_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('package_ends_at', 'text')
    .addColumn('package_price_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('extra_mail_price_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  // Per-account sending rate (messages per second, 0 = unlimited) and the retry window.
  await db.schema.alterTable('accounts').addColumn('send_rate_limit', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('accounts').addColumn('retry_hours', 'integer', (c) => c.notNull().defaultTo(24)).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('retry_hours').execute();
  await db.schema.alterTable('accounts').dropColumn('send_rate_limit').execute();
  for (const name of [
    'account_billing',
    'webhook_deliveries',
    'webhook_events',
    'webhooks',
    'templates',
    'dkim_keys',
    'senders',
    'unsubscribe_forms',
    'suppressions',
    'daily_stats',
    'message_events',
    'message_contents',
    'messages',
  ]) {
    await db.schema.dropTable(name).ifExists().execute();
  }
}
