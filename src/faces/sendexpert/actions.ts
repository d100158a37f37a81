/**
 * The five actions of the SendExpert transactional API, each a translation to core calls. The
 * result of each is the `result` member of the envelope.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AccountScope } from '../../core/context.js';
import { getBilling } from '../../core/billing/billing.js';
import { acceptEmails } from '../../core/messages/accept.js';
import { getMessage } from '../../core/messages/read.js';
import { NotFoundError } from '../../core/errors.js';
import { readDailyStats } from '../../core/stats/daily-stats.js';
import { accountInfo } from './account-info.js';
import { TransError } from './envelope.js';
import { integerOf, param, type Params } from './params.js';
import { sendMailErrorCode, toEmailToSend } from './send-mail.js';
import { statByDate, statDays } from './stat-by-date.js';
import { statusMail } from './status-mail.js';

export const ACTIONS = ['checkAPI', 'getAccountInfo', 'sendMail', 'getStatusMail', 'getStatByDate'] as const;
export type Action = (typeof ACTIONS)[number];

export function isAction(name: string): name is Action {
  return (ACTIONS as readonly string[]).includes(name);
}

async function sendMail(scope: AccountScope, params: Params, log: FastifyBaseLogger): Promise<{ ID: number }> {
  try {
    const [id] = await acceptEmails(scope, [toEmailToSend(params)], { source: 'sendexpert' });
    return { ID: id as number };
  } catch (err) {
    const code = sendMailErrorCode(err);
    if (code !== null) throw new TransError(code, err instanceof Error ? err.message : code);
    // The document's code for "the send queue could not be formed"; the cause goes to the log.
    log.error({ err }, 'sendexpert sendMail failed');
    throw new TransError('ERROR_SEND_MAIL', 'internal error');
  }
}

async function getStatusMail(scope: AccountScope, params: Params): Promise<unknown> {
  const id = integerOf(param(params, 'mail_id'));
  // Another account's mail, an SMS, a malformed id: all "no such mail" to this caller.
  const notFound = new TransError('ERROR_MAIL_NOT_EXIST', `mail ${String(param(params, 'mail_id'))} does not exist`);
  if (id === null || id <= 0) throw notFound;
  try {
    const message = await getMessage(scope, id);
    if (message.channel !== 'email') throw notFound;
    return statusMail(message);
  } catch (err) {
    if (err instanceof NotFoundError) throw notFound;
    throw err;
  }
}

async function getStatByDate(scope: AccountScope, params: Params): Promise<unknown> {
  const account = await scope.db.selectFrom('accounts').select('timeZone').where('id', '=', scope.accountId).executeTakeFirstOrThrow();
  const days = statDays(params, account.timeZone);
  return statByDate(await readDailyStats(scope, 'email', days));
}

export async function runAction(action: Action, scope: AccountScope, params: Params, log: FastifyBaseLogger): Promise<unknown> {
  switch (action) {
    case 'checkAPI':
      return 'PASSED';
    case 'getAccountInfo':
      return accountInfo(await getBilling(scope));
    case 'sendMail':
      return sendMail(scope, params, log);
    case 'getStatusMail':
      return getStatusMail(scope, params);
    case 'getStatByDate':
      return getStatByDate(scope, params);
  }
}
