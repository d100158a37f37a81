import type { AccountScope } from '../context.js';

/** The sender id an SMS goes out with: the requested one when the account registered it, else the account default ('' = the route's). */
export async function chooseSender(scope: AccountScope, requested: string | undefined): Promise<string> {
  const rows = await scope.db.selectFrom('senderIds').select(['name', 'isDefault']).where('accountId', '=', scope.accountId).execute();
  if (requested && rows.some((r) => r.name === requested)) return requested;
  return rows.find((r) => r.isDefault === 1)?.name ?? '';
}
