/**
 * alphaname/list (docs/protocols/mobizon.md §Methods): the account's sender ids as Mobizon lists alphanames. The
 * shape follows a live capture (ids and flags as strings, the name under `alphaname.name`); the
 * mobizon-php example reads alphanameId, alphaname->name, globalStatus, partnerStatus, description.
 * A sender id registered in Herald is usable at once, so both moderation statuses are 1 (approved).
 */
import { accountTimeZone } from '../../core/accounts/settings.js';
import { success } from './envelope.js';
import { listResult, pageOf } from './list-params.js';
import type { MobizonHandler } from './registry.js';
import { mobizonTime } from '../../wire/mobizon-time.js';

const APPROVED = '1';

/** alphaname/list: pagination → {items, totalItemCount}, oldest first. */
export const listAlphanames: MobizonHandler = async (_ctx, scope, params) => {
  const page = pageOf(params);
  const timeZone = await accountTimeZone(scope);
  const mine = scope.db.selectFrom('senderIds').where('accountId', '=', scope.accountId);
  const [rows, count] = await Promise.all([
    mine.select(['id', 'name', 'isDefault', 'createdAt']).orderBy('id').limit(page.limit).offset(page.offset).execute(),
    mine.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r) => {
    const id = String(r.id);
    const createTs = mobizonTime(r.createdAt, timeZone);
    return {
      id,
      userId: String(scope.accountId),
      alphanameId: id,
      isDefault: r.isDefault === 1 ? '1' : '0',
      globalStatus: APPROVED,
      partnerStatus: APPROVED,
      statusUpdateTs: createTs,
      globalComment: '',
      partnerComment: '',
      createTs,
      description: null,
      alphaname: { id, name: r.name, createTs },
    };
  });
  return success(listResult(items, Number(count.n)));
};
