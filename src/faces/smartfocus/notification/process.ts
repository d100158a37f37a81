// One send request from either endpoint: check it in the vendor's terms, find its notification,
// queue the message, then write the recipient to the member table when synchrotype asks for it.
// The rules (rendering, acceptance, member writes) are the core's; this file only translates the
// request into core calls and core refusals into the vendor's wording.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../../store/database.js';
import type { AccountScope } from '../../../core/context.js';
import type { ContactInput } from '../../../core/audience/contacts/contacts.js';
import { isValidEmail } from '../../../core/audience/email-address.js';
import { isSyncMode, synchroniseContact, type SyncMode, type SyncRequest } from '../../../core/audience/contacts/synchronise.js';
import { ValidationError } from '../../../core/errors.js';
import { SendRefusedError } from '../../../core/messages/refusal.js';
import { DynParseError } from '../../../core/templates/emv.js';
import { findNotification } from '../../../core/templates/templates.js';
import { EmptyNotificationError, sendNotification } from '../../../core/templates/send-notification.js';
import { loadMemberTable, mergeInputs } from '../member/columns.js';
import { API_SOURCE } from '../member/writes.js';
import { faults, NotificationFault, parseSendDate, type SendRequest } from './send-request.js';
import type { SendOutcome } from './responses.js';
import type { AuthGate } from '../../common/auth-gate.js';

interface Checked {
  random: string;
  encrypt: string;
  email: string;
  sendAt: Date | null;
  uidkey: string;
  mode: SyncMode;
  dyn: Record<string, string>;
  content: Record<string, string>;
}

/** Parameter checks that need no database, in the order the vendor's guide lists its errors. */
export function checkRequest(req: SendRequest): Checked {
  for (const name of ['random', 'encrypt', 'email'] as const) if (req[name] === '') throw faults.missing(name);
  if (!isValidEmail(req.email)) throw faults.malformedEmail(req.email);
  if (req.dyn instanceof DynParseError) throw faults.dyn(req.dyn);
  const stype = req.stype === '' ? 'NOTHING' : req.stype;
  if (!isSyncMode(stype)) throw faults.badStype(stype);
  if (stype !== 'NOTHING' && req.uidkey === '') throw faults.missing('uidkey');
  const sendAt = parseSendDate(req.senddate);
  if (sendAt === 'invalid') throw faults.badSenddate(req.senddate);
  return { random: req.random, encrypt: req.encrypt, email: req.email, sendAt, uidkey: req.uidkey, mode: stype, dyn: req.dyn, content: req.content };
}

/** A dyn value by key, compared case-insensitively as the template grammar does. */
function dynValue(dyn: Record<string, string>, key: string): string | undefined {
  const lower = key.toLowerCase();
  const hit = Object.keys(dyn).find((k) => k.trim().toLowerCase() === lower);
  return hit === undefined ? undefined : dyn[hit];
}

/**
 * The member write the request asks for: the uidkey column identifies the member (EMAIL is the
 * recipient's address; another column takes its value from dyn), dyn keys that name writable
 * member columns (FIRSTNAME, LASTNAME…, custom fields, as the Member face maps them) are the
 * values, anything else in dyn is ignored. A uidkey that is no column is the caller's mistake
 * and refuses the request before anything is sent.
 */
async function syncRequest(scope: AccountScope, c: Checked): Promise<SyncRequest | null> {
  if (c.mode === 'NOTHING') return null;
  const table = await loadMemberTable(scope);
  const keyColumn = table.find(c.uidkey);
  if (!keyColumn?.criterion) throw faults.badUidkey(c.uidkey);
  const isEmailKey = keyColumn.name === 'EMAIL';
  const keyValue = isEmailKey ? c.email : dynValue(c.dyn, c.uidkey) ?? dynValue(c.dyn, keyColumn.name);
  if (keyValue === undefined || keyValue === '') throw faults.noUidValue(c.uidkey);
  const writes: ContactInput[] = [];
  for (const [key, value] of Object.entries(c.dyn)) {
    const column = table.find(key);
    if (!column?.write || column.name === 'EMAIL') continue;
    writes.push(column.write(value));
  }
  // The recipient is the member's address; the key column's value completes a new member.
  const keyWrite = !isEmailKey && keyColumn.write ? [keyColumn.write(keyValue)] : [];
  const values: ContactInput = mergeInputs([...writes, ...keyWrite, { email: c.email }]);
  return { mode: c.mode, key: keyColumn.criterion(keyValue), values, source: API_SOURCE };
}

/** Core refusals in the vendor's envelope: their text is the clearest description we have. */
function faultOf(err: unknown, c: Checked): NotificationFault | null {
  if (err instanceof NotificationFault) return err;
  if (err instanceof EmptyNotificationError) return faults.noNotification(c.random);
  if (err instanceof SendRefusedError) return new NotificationFault(err.message, err.reason);
  if (err instanceof ValidationError) return new NotificationFault(err.message, err.issues[0]?.field ?? '');
  return null;
}

/** `gate(random)`: the brute-force limit for the notification `random` names (auth-gate.ts). */
export async function processSendRequest(db: Db, req: SendRequest, log: FastifyBaseLogger, gate: (random: string) => AuthGate): Promise<SendOutcome> {
  let checked: Checked | null = null;
  try {
    checked = checkRequest(req);
    const attempt = gate(checked.random);
    if (attempt.refusal) throw faults.throttled(attempt.refusal.retryAfterSeconds);
    const found = await findNotification(db, checked.random, checked.encrypt);
    if (found === 'unknown_random' || found === 'wrong_encrypt') {
      attempt.failed();
      throw faults.badAuthentication(checked.random);
    }
    const sync = await syncRequest(found.scope, checked);
    await sendNotification(found, { to: checked.email, sendAt: checked.sendAt, values: { dyn: checked.dyn, content: checked.content } });
    // After the message is safely queued: a member write that fails is recorded as a failed
    // member job (as the vendor's asynchronous synchronisation would report it), not as a failed send.
    if (sync) await synchroniseContact(found.scope, sync, checked.email);
    return { ok: true, email: checked.email };
  } catch (err) {
    const fault = checked ? faultOf(err, checked) : err instanceof NotificationFault ? err : null;
    if (fault) return { ok: false, email: req.email, fault };
    log.error({ err }, 'notification send request failed');
    return { ok: false, email: req.email, fault: faults.serverError() };
  }
}
