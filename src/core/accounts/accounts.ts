import type { CoreContext } from '../context.js';
import type { AccountRow } from '../../store/schema.js';
import { nowIso } from '../clock.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { digestKey, hashPassword, verifyPasswordOrDummy } from '../secrets/hashing.js';
import { isUniqueViolation } from '../../store/constraint-errors.js';
import { generateCredentials, type AccountCredentials } from './credentials.js';

export interface Account {
  id: number;
  name: string;
  createdAt: string;
  defaultCountry: string | null;
  timeZone: string;
  smartfocusLogin: string;
  mobizonKeyHint: string;
  franchisemailer: { accessKey: string; allowedIps: string[] };
  sendexpertUserId: number;
}

export interface CreatedAccount {
  id: number;
  name: string;
  credentials: AccountCredentials;
}

export interface CreateAccountInput {
  name: string;
  defaultCountry?: string | null;
  timeZone?: string;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    defaultCountry: row.defaultCountry,
    timeZone: row.timeZone,
    smartfocusLogin: row.smartfocusLogin,
    mobizonKeyHint: row.mobizonKeyHash.slice(0, 8),
    franchisemailer: { accessKey: row.fmAccessKey, allowedIps: JSON.parse(row.fmAllowedIps) as string[] },
    sendexpertUserId: row.sendexpertUserId,
  };
}


export async function createAccount(ctx: CoreContext, input: CreateAccountInput): Promise<CreatedAccount> {
  const name = input.name.trim();
  if (name === '') throw ValidationError.single('name', 'required', 'Account name is required');
  if (name.length > 100) throw ValidationError.single('name', 'too_long', 'Account name must be at most 100 characters');
  // Random identifiers can collide (the SendExpert user id has 9 digits); try again with new ones.
  for (let attempt = 0; ; attempt++) {
    const credentials = generateCredentials(name);
    try {
      const row = await ctx.db
        .insertInto('accounts')
        .values({
          name,
          createdAt: nowIso(),
          defaultCountry: input.defaultCountry ?? null,
          timeZone: input.timeZone ?? 'UTC',
          nativeKeyHash: digestKey(credentials.native.apiKey),
          smartfocusLogin: credentials.smartfocus.login,
          smartfocusPasswordHash: await hashPassword(credentials.smartfocus.password),
          smartfocusKeyHash: digestKey(credentials.smartfocus.key),
          mobizonKeyHash: digestKey(credentials.mobizon.apiKey),
          fmAccessKey: credentials.franchisemailer.accessKey,
          fmSecretEnc: ctx.secrets.seal(credentials.franchisemailer.secretKey),
          fmAllowedIps: JSON.stringify(credentials.franchisemailer.allowedIps),
          sendexpertUserId: credentials.sendexpert.userId,
          sendexpertKeyEnc: ctx.secrets.seal(credentials.sendexpert.key),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, name, credentials };
    } catch (err) {
      if (attempt < 5 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

export async function listAccounts(ctx: CoreContext): Promise<Account[]> {
  const rows = await ctx.db.selectFrom('accounts').selectAll().orderBy('id').execute();
  return rows.map(toAccount);
}

export async function getAccount(ctx: CoreContext, id: number): Promise<Account> {
  const row = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Account', id);
  return toAccount(row);
}

export async function countAccounts(ctx: CoreContext): Promise<number> {
  const row = await ctx.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setFranchiseMailerAllowedIps(ctx: CoreContext, accountId: number, ips: string[]): Promise<void> {
  await ctx.db.updateTable('accounts').set({ fmAllowedIps: JSON.stringify(ips) }).where('id', '=', accountId).execute();
}

export async function setDefaultCountry(ctx: CoreContext, accountId: number, country: string | null): Promise<void> {
  await ctx.db.updateTable('accounts').set({ defaultCountry: country }).where('id', '=', accountId).execute();
}

/* ---- Authentication lookups, one per face ---- */

export async function accountIdByNativeKey(ctx: CoreContext, apiKey: string): Promise<number | null> {
  const row = await ctx.db.selectFrom('accounts').select('id').where('nativeKeyHash', '=', digestKey(apiKey)).executeTakeFirst();
  return row?.id ?? null;
}

export async function accountIdByMobizonKey(ctx: CoreContext, apiKey: string): Promise<number | null> {
  const row = await ctx.db.selectFrom('accounts').select('id').where('mobizonKeyHash', '=', digestKey(apiKey)).executeTakeFirst();
  return row?.id ?? null;
}

export interface FranchiseMailerKeys {
  accountId: number;
  secretKey: string;
  allowedIps: string[];
}

export async function franchiseMailerKeys(ctx: CoreContext, accessKey: string): Promise<FranchiseMailerKeys | null> {
  const row = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'fmSecretEnc', 'fmAllowedIps'])
    .where('fmAccessKey', '=', accessKey)
    .executeTakeFirst();
  if (!row) return null;
  return { accountId: row.id, secretKey: ctx.secrets.open(row.fmSecretEnc), allowedIps: JSON.parse(row.fmAllowedIps) as string[] };
}

export async function sendExpertKey(ctx: CoreContext, userId: number): Promise<{ accountId: number; key: string } | null> {
  const row = await ctx.db.selectFrom('accounts').select(['id', 'sendexpertKeyEnc']).where('sendexpertUserId', '=', userId).executeTakeFirst();
  return row ? { accountId: row.id, key: ctx.secrets.open(row.sendexpertKeyEnc) } : null;
}

export type SmartFocusLoginResult = { ok: true; accountId: number } | { ok: false; reason: 'login' | 'password' | 'key' };

export async function checkSmartFocusLogin(ctx: CoreContext, login: string, password: string, key: string): Promise<SmartFocusLoginResult> {
  const row = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'smartfocusPasswordHash', 'smartfocusKeyHash'])
    .where('smartfocusLogin', '=', login)
    .executeTakeFirst();
  const passwordOk = await verifyPasswordOrDummy(password, row?.smartfocusPasswordHash ?? null);
  if (!row) return { ok: false, reason: 'login' };
  if (!passwordOk) return { ok: false, reason: 'password' };
  if (digestKey(key) !== row.smartfocusKeyHash) return { ok: false, reason: 'key' };
  return { ok: true, accountId: row.id };
}
