import { sql, type ColumnDefinitionBuilder } from 'kysely';
import { tableWithId, type AnyDb } from './builders.js';

const text = 'text' as const;
const notNullEmpty = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull().defaultTo('');

export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'accounts')
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('default_country', text)
    .addColumn('time_zone', text, (c) => c.notNull().defaultTo('UTC'))
    .addColumn('native_key_hash', text, (c) => c.notNull().unique())
    .addColumn('smartfocus_login', text, (c) => c.notNull().unique())
    .addColumn('smartfocus_password_hash', text, (c) => c.notNull())
    .addColumn('smartfocus_key_hash', text, (c) => c.notNull())
    .addColumn('mobizon_key_hash', text, (c) => c.notNull().unique())
    .addColumn('fm_access_key', text, (c) => c.notNull().unique())
    .addColumn('fm_secret_enc', text, (c) => c.notNull())
    .addColumn('fm_allowed_ips', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('sendexpert_user_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('sendexpert_key_enc', text, (c) => c.notNull())
    .execute();

  const officeText = ['name', 'property', 'street', 'area', 'town', 'county', 'post_code', 'telephone', 'fax', 'email', 'website', 'post_code_allocation'];
  let offices = tableWithId(db, 'offices').addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'));
  for (const col of officeText) offices = offices.addColumn(col, text, notNullEmpty);
  await offices.addColumn('created_at', text, (c) => c.notNull()).addColumn('updated_at', text, (c) => c.notNull()).execute();
  await db.schema.createIndex('offices_account').on('offices').columns(['account_id', 'id']).execute();

  await tableWithId(db, 'users')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('username', text, (c) => c.notNull())
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('first_name', text, notNullEmpty)
    .addColumn('last_name', text, notNullEmpty)
    .addColumn('email', text, notNullEmpty)
    .addColumn('telephone', text, notNullEmpty)
    .addColumn('job_title', text, notNullEmpty)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_login', text)
    .addColumn('last_password_change', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_username').unique().on('users').columns(['account_id', 'username']).execute();

  await db.schema
    .createTable('user_offices')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('office_id', 'bigint', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_offices_pk', ['user_id', 'office_id'])
    .execute();

  await tableWithId(db, 'custom_fields')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_fields_account').on('custom_fields').columns(['account_id', 'id']).execute();

  let contacts = tableWithId(db, 'contacts')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('office_id', 'bigint', (c) => c.notNull().references('offices.id'));
  for (const col of ['title', 'first_name', 'middle_name', 'last_name', 'addressee']) contacts = contacts.addColumn(col, text, notNullEmpty);
  contacts = contacts.addColumn('date_of_birth', text).addColumn('gender', text);
  for (const col of ['telephone', 'mobile', 'fax']) contacts = contacts.addColumn(col, text, notNullEmpty);
  contacts = contacts.addColumn('email', text).addColumn('email_key', text);
  for (const col of ['website', 'company', 'job_title', 'property', 'street', 'area', 'town', 'county', 'post_code', 'country']) {
    contacts = contacts.addColumn(col, text, notNullEmpty);
  }
  await contacts
    .addColumn('status', text, (c) => c.notNull().defaultTo('Permitted'))
    .addColumn('source', text, notNullEmpty)
    .addColumn('joined_at', text, (c) => c.notNull())
    .addColumn('unsubscribed_at', text)
    .addColumn('unsubscribe_source', text)
    .addColumn('resubscribed_at', text)
    .addColumn('resubscribe_source', text)
    .addColumn('sms_unsubscribed_at', text)
    .addColumn('hard_bounced_at', text)
    .addColumn('hard_bounce_reason', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  // Email is unique per office (FranchiseMailer rule); NULL emails (SMS-only contacts) never collide.
  // Email first so the same index also serves lookups by email across offices (imports, faces
  // without offices): one index with random keys instead of two halves the write cost of bulk loads.
  await db.schema.createIndex('contacts_email').unique().on('contacts').columns(['account_id', 'email_key', 'office_id']).execute();
  await db.schema.createIndex('contacts_account_mobile').on('contacts').columns(['account_id', 'mobile']).execute();
  await db.schema.createIndex('contacts_account_id').on('contacts').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('contact_custom_values')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('field_id', 'bigint', (c) => c.notNull().references('custom_fields.id').onDelete('cascade'))
    .addColumn('value', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_custom_values_pk', ['contact_id', 'field_id'])
    .execute();

  await tableWithId(db, 'common_groups')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await tableWithId(db, 'contact_groups')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('office_id', 'bigint', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('common_id', 'bigint', (c) => c.notNull().references('common_groups.id'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_groups_office').on('contact_groups').columns(['account_id', 'office_id']).execute();

  await db.schema
    .createTable('contact_group_members')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('contact_groups.id').onDelete('cascade'))
    .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_group_members_pk', ['group_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('contact_group_members_contact').on('contact_group_members').columns(['contact_id']).execute();

  await tableWithId(db, 'sso_tokens')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('expires_at', text, (c) => c.notNull())
    .addColumn('used_at', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await tableWithId(db, 'user_sessions')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('ended_at', text)
    .execute();
  await sql`select 1`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['user_sessions', 'sso_tokens', 'contact_group_members', 'contact_groups', 'common_groups', 'contact_custom_values', 'contacts', 'custom_fields', 'user_offices', 'users', 'offices', 'accounts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
