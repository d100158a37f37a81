import { tableWithId, type AnyDb } from './builders.js';

/**
 * The operator's exchange rates: how many units of `to_currency` one unit of `from_currency` is
 * worth, so prices kept in one currency can be answered in another. The rate is a decimal kept as
 * text, so both databases store exactly what the operator wrote.
 */
export async function up(db: AnyDb): Promise<void> {
  await tableWithId(db, 'exchange_rates')
    .addColumn('from_currency', 'text', (c) => c.notNull())
    .addColumn('to_currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exchange_rates_pair').on('exchange_rates').columns(['from_currency', 'to_currency']).unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('exchange_rates').ifExists().execute();
}
