import { type AnyDb } from './builders.js';

/**
 * smtp-warning goes out at most once per webhook per day (account time zone): the day it last
 * went out is kept on the webhook, and a conditional update on it decides, so several workers
 * checking at once still queue one warning.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('webhooks').addColumn('last_warning_day', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('webhooks').dropColumn('last_warning_day').execute();
}
