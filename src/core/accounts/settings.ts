import type { AccountScope } from '../context.js';
import { IssueList } from '../errors.js';

/** What an account may change about how Herald treats its mail. */
export interface AccountSettings {
  name: string;
  /** IANA zone: statistics days are counted in it. */
  timeZone: string;
  /** Messages per second; 0 = unlimited. */
  sendRateLimit: number;
  /** Hours temporary failures are retried before a message fails. */
  retryHours: number;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export async function getAccountSettings(scope: AccountScope): Promise<AccountSettings> {
  return scope.db.selectFrom('accounts').select(['name', 'timeZone', 'sendRateLimit', 'retryHours']).where('id', '=', scope.accountId).executeTakeFirstOrThrow();
}

export async function updateAccountSettings(scope: AccountScope, input: Partial<AccountSettings>): Promise<AccountSettings> {
  const issues = new IssueList();
  if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 100)) issues.add('name', 'invalid', 'name must be 1 to 100 characters');
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) issues.add('timeZone', 'invalid', `unknown time zone "${input.timeZone}" (use an IANA name such as Europe/Kyiv)`);
  if (input.sendRateLimit !== undefined && (!Number.isInteger(input.sendRateLimit) || input.sendRateLimit < 0 || input.sendRateLimit > 100_000)) {
    issues.add('sendRateLimit', 'invalid', 'sendRateLimit must be a whole number of messages per second from 0 (unlimited) to 100000');
  }
  if (input.retryHours !== undefined && (!Number.isInteger(input.retryHours) || input.retryHours < 1 || input.retryHours > 168)) {
    issues.add('retryHours', 'invalid', 'retryHours must be a whole number from 1 to 168');
  }
  issues.throwIfAny();
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
    ...(input.sendRateLimit !== undefined ? { sendRateLimit: input.sendRateLimit } : {}),
    ...(input.retryHours !== undefined ? { retryHours: input.retryHours } : {}),
  };
  if (Object.keys(set).length > 0) await scope.db.updateTable('accounts').set(set).where('id', '=', scope.accountId).execute();
  return getAccountSettings(scope);
}

/** The account's time zone (IANA), in which its wall-clock times are written and read. */
export async function accountTimeZone(scope: AccountScope): Promise<string> {
  return (await scope.db.selectFrom('accounts').select('timeZone').where('id', '=', scope.accountId).executeTakeFirstOrThrow()).timeZone;
}
