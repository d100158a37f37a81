import { sql } from 'kysely';
import { tableWithId, accountColumn, type AnyDb } from './builders.js';

/**
 * SMS: campaigns (a single send is a campaign of type 1, as Mobizon has it), the SMS columns of
 * messages (channel 'sms'), the parts each message went out as with their SMSC ids and receipt
 * states, the price list, stop-lists and sender ids.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'sms_campaigns')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    // 1 single, 2 mass, 3 template (Mobizon's numbers).
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rate_limit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate_period', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('deferred_to', 'text')
    .addColumn('validity_minutes', 'integer', (c) => c.notNull().defaultTo(1440))
    .addColumn('flash', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shorten_links', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('track_short_link_recipients', 'integer', (c) => c.notNull().defaultTo(0))
    // NEW, MODERATION, DECLINED, READY_FOR_SEND, AUTO_READY_FOR_SEND, RUNNING, SENT, DONE.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('moderation_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('start_send_at', 'text')
    .addColumn('end_send_at', 'text')
    .execute();
  await db.schema.createIndex('sms_campaigns_account').on('sms_campaigns').columns(['account_id', 'id']).execute();

  await db.schema.alterTable('messages').addColumn('campaign_id', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('segments', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('messages').addColumn('cost_micros', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('messages').addColumn('country', 'text').execute();
  await db.schema.alterTable('messages').addColumn('operator', 'text').execute();
  await db.schema.createIndex('messages_campaign').on('messages').columns(['campaign_id', 'id']).where(sql.ref('campaign_id'), 'is not', null).execute();

  // One row per submitted part. smsc_id is the id as the SMSC gave it (lower-case, no leading
  // zeros); smsc_id_alt its decimal value when it reads as hex: receipts may name either form.
  await tableWithId(db, 'sms_parts')
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('part_no', 'integer', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('smsc_id', 'text', (c) => c.notNull())
    .addColumn('smsc_id_alt', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_parts_message').on('sms_parts').columns(['message_id', 'part_no']).execute();
  await db.schema.createIndex('sms_parts_smsc').on('sms_parts').columns(['smsc_id']).execute();
  await db.schema.createIndex('sms_parts_smsc_alt').on('sms_parts').columns(['smsc_id_alt']).where(sql.ref('smsc_id_alt'), 'is not', null).execute();

  // The operator's price list per segment; operator '' = the whole country.
  await tableWithId(db, 'sms_prices')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('price_micros', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_prices_destination').on('sms_prices').columns(['country', 'operator']).unique().execute();

  // account_id NULL: the system stop-list, applied to every account.
  await tableWithId(db, 'stop_list')
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stop_list_number').on('stop_list').columns(['number', 'account_id']).execute();

  await tableWithId(db, 'sender_ids')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sender_ids_account').on('sender_ids').columns(['account_id', 'name']).unique().execute();

  // JSON array of ISO alpha-2 codes; NULL: every country.
  await db.schema.alterTable('accounts').addColumn('sms_allowed_countries', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('sms_moderation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('sms_moderation').execute();
  await db.schema.alterTable('accounts').dropColumn('sms_allowed_countries').execute();
  for (const name of ['sender_ids', 'stop_list', 'sms_prices', 'sms_parts']) await db.schema.dropTable(name).ifExists().execute();
  await db.schema.dropIndex('messages_campaign').ifExists().execute();
  for (const col of ['operator', 'country', 'cost_micros', 'segments', 'campaign_id']) await db.schema.alterTable('messages').dropColumn(col).execute();
  await db.schema.dropTable('sms_campaigns').ifExists().execute();
}
