import { tableWithId, accountColumn, type AnyDb } from './builders.js';

/**
 * The billing ledger: one row per change of an account's money (operator sets and top-ups, the
 * charges of accepted mail and SMS, refunds), so an account can see why its balance is what it is.
 * Amounts in millionths of the currency unit, as account_billing keeps them.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'billing_ledger')
    .addColumn('account_id', 'bigint', accountColumn)
    .addColumn('at', 'text', (c) => c.notNull())
    // operator (API), cli, system (charges and refunds)
    .addColumn('actor', 'text', (c) => c.notNull())
    // set, clear, top_up, mail_charge, sms_charge, sms_refund
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .addColumn('balance_after_micros', 'bigint', (c) => c.notNull())
    // Prepaid package mails used (negative) or granted by a set.
    .addColumn('package_mails', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('billing_ledger_account').on('billing_ledger').columns(['account_id', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('billing_ledger').ifExists().execute();
}
