import { randomBytes } from 'node:crypto';
import type { AccountScope, CoreContext } from '../context.js';
import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { emailKey, isValidEmail } from '../audience/email-address.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { digestKey } from '../secrets/hashing.js';
import { isUniqueViolation } from '../../store/constraint-errors.js';

export interface Sender {
  id: number;
  email: string;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
}

export interface NewSender {
  sender: Sender;
  /** One-time secret for the verification link; only its digest is stored. */
  verificationToken: string;
}

function toSender(row: { id: number; email: string; verifiedAt: string | null; createdAt: string }): Sender {
  return { id: row.id, email: row.email, verified: row.verifiedAt !== null, verifiedAt: row.verifiedAt, createdAt: row.createdAt };
}

export async function addSender(scope: AccountScope, email: string): Promise<NewSender> {
  const address = email.trim();
  if (!isValidEmail(address)) throw ValidationError.single('email', 'invalid', 'email must be a valid email address');
  const verificationToken = randomBytes(24).toString('base64url');
  try {
    const row = await scope.db
      .insertInto('senders')
      .values({ accountId: scope.accountId, email: address, emailKey: emailKey(address), verifyTokenHash: digestKey(verificationToken), createdAt: nowIso() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { sender: toSender(row), verificationToken };
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Sender ${address} already exists`, 'email');
    throw err;
  }
}

export async function listSenders(scope: AccountScope): Promise<Sender[]> {
  const rows = await scope.db.selectFrom('senders').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toSender);
}

export async function deleteSender(scope: AccountScope, id: number): Promise<void> {
  const result = await scope.db.deleteFrom('senders').where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('Sender', id);
}

/** The unverified sender a verification token belongs to, without verifying it (the confirm page). */
export async function findSenderByToken(ctx: CoreContext, token: string): Promise<Sender | null> {
  const row = await ctx.db.selectFrom('senders').selectAll().where('verifyTokenHash', '=', digestKey(token)).executeTakeFirst();
  return row ? toSender(row) : null;
}

/** A fresh verification token for an unverified sender; the previous link stops working. */
export async function renewVerificationToken(scope: AccountScope, id: number): Promise<NewSender> {
  const existing = await scope.db.selectFrom('senders').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (!existing) throw new NotFoundError('Sender', id);
  if (existing.verifiedAt !== null) throw new ConflictError(`Sender ${existing.email} is already verified`);
  const verificationToken = randomBytes(24).toString('base64url');
  const row = await scope.db
    .updateTable('senders')
    .set({ verifyTokenHash: digestKey(verificationToken) })
    .where('accountId', '=', scope.accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { sender: toSender(row), verificationToken };
}

/** The verification link was followed: the address belongs to whoever added it. */
export async function verifySenderByToken(ctx: CoreContext, token: string): Promise<Sender | null> {
  const row = await ctx.db
    .updateTable('senders')
    .set({ verifiedAt: nowIso(), verifyTokenHash: null })
    .where('verifyTokenHash', '=', digestKey(token))
    .returningAll()
    .executeTakeFirst();
  return row ? toSender(row) : null;
}

/** An operator vouches for the address (CLI), e.g. for a domain whose mail they run. */
export async function markSenderVerified(scope: AccountScope, email: string): Promise<Sender> {
  const key = emailKey(email);
  const existing = await scope.db.selectFrom('senders').select('id').where('accountId', '=', scope.accountId).where('emailKey', '=', key).executeTakeFirst();
  if (!existing) await addSender(scope, email);
  const row = await scope.db
    .updateTable('senders')
    .set({ verifiedAt: nowIso(), verifyTokenHash: null })
    .where('accountId', '=', scope.accountId)
    .where('emailKey', '=', key)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSender(row);
}

/** Keys of the given addresses that are verified senders of the account. */
export async function verifiedSenderKeys(db: Db, accountId: number, emails: readonly string[]): Promise<Set<string>> {
  const keys = [...new Set(emails.map(emailKey))];
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('senders')
    .select('emailKey')
    .where('accountId', '=', accountId)
    .where('emailKey', 'in', keys)
    .where('verifiedAt', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.emailKey));
}
