import { sql } from 'kysely';
import { tableWithId, accountColumn, type AnyDb } from './builders.js';

/**
 * SMS campaigns as Mobizon runs them: what a campaign needs besides its messages (the adding
 * lock, rejected recipients, counters frozen at DONE), background tasks (recipients from groups
 * and files, Mobizon's taskqueue), and short links with their per-recipient codes and hits.
 */
export async function up(db: AnyDb): Promise<void> {
  const campaignColumns: [string, 'text' | 'integer', boolean][] = [
    // 0..3 as Mobizon's mclass; 0 is flash (kept in step with `flash`).
    ['mclass', 'integer', true],
    ['recipients_rejected', 'integer', true],
    // A lease: recipients are being added until then (Mobizon code 10 for a second adder).
    ['adding_until', 'text', false],
    // JSON of the counters when the campaign reached DONE: they never change after it.
    ['counters', 'text', false],
    // Comma-separated ids of the contact groups recipients were added from.
    ['groups', 'text', true],
    ['send_requested_at', 'text', false],
    ['moderated_at', 'text', false],
    ['done_at', 'text', false],
  ];
  for (const [name, type, required] of campaignColumns) {
    await db.schema
      .alterTable('sms_campaigns')
      .addColumn(name, type, (c) => (required ? c.notNull().defaultTo(name === 'mclass' ? 1 : type === 'integer' ? 0 : '') : c))
      .execute();
  }
  await db.schema.createIndex('sms_campaigns_status').on('sms_campaigns').columns(['status', 'id']).execute();

  // Messages of a campaign not sent yet wait with due_at NULL; a campaign's contact for codes 30-32.
  await db.schema.alterTable('messages').addColumn('contact_id', 'bigint').execute();
  // Duplicate checks while adding recipients look numbers up within one campaign.
  await db.schema.createIndex('messages_campaign_recipient').on('messages').columns(['campaign_id', 'recipient']).where(sql.ref('campaign_id'), 'is not', null).execute();

  await tableWithId(db, 'background_tasks')
    .addColumn('account_id', 'bigint', accountColumn)
    // e.g. sms-recipients-groups, sms-recipients-file
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'bigint')
    // Mobizon taskqueue: 0 new, 1 running, 2 done, 3 failed.
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('background_tasks_account').on('background_tasks').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('background_tasks_status').on('background_tasks').columns(['status', 'id']).execute();

  await tableWithId(db, 'short_links')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('campaign_id', 'bigint')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('full_link', 'text', (c) => c.notNull())
    // 1 active, 0 inactive (Mobizon's link status).
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('expiration_date', 'text')
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('click_cnt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('redirect_cnt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('short_links_code').on('short_links').column('code').unique().execute();
  await db.schema.createIndex('short_links_account').on('short_links').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('short_links_campaign').on('short_links').columns(['campaign_id']).where(sql.ref('campaign_id'), 'is not', null).execute();

  // trackShortLinkRecipients: one code per link per message, so a click names its recipient.
  await tableWithId(db, 'short_link_recipients')
    .addColumn('link_id', 'bigint', (c) => c.notNull().references('short_links.id').onDelete('cascade'))
    .addColumn('message_id', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('click_cnt', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('short_link_recipients_code').on('short_link_recipients').column('code').unique().execute();
  await db.schema.createIndex('short_link_recipients_link').on('short_link_recipients').columns(['link_id', 'message_id']).execute();

  // Every hit of a link (statistics by period); redirected 0 when the link was inactive or expired.
  await tableWithId(db, 'short_link_hits')
    .addColumn('link_id', 'bigint', (c) => c.notNull().references('short_links.id').onDelete('cascade'))
    .addColumn('message_id', 'bigint')
    .addColumn('redirected', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('short_link_hits_link').on('short_link_hits').columns(['link_id', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['short_link_hits', 'short_link_recipients', 'short_links', 'background_tasks']) await db.schema.dropTable(name).ifExists().execute();
  await db.schema.dropIndex('messages_campaign_recipient').ifExists().execute();
  await db.schema.alterTable('messages').dropColumn('contact_id').execute();
  await db.schema.dropIndex('sms_campaigns_status').ifExists().execute();
  for (const col of ['done_at', 'moderated_at', 'send_requested_at', 'groups', 'counters', 'adding_until', 'recipients_rejected', 'mclass']) {
    await db.schema.alterTable('sms_campaigns').dropColumn(col).execute();
  }
}
