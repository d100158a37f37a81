/**
 * campaign/addRecipients: exactly one source per request — numbers, contacts (synchronous, ≤ 500,
 * per-recipient answers), contact groups or a file (a background task: code 100 and its id).
 */
import { addRecipientsLocked, type RecipientInput, type RecipientResult } from '../../../core/sms/campaigns/recipients.js';
import { withAddingLock } from '../../../core/sms/campaigns/lock.js';
import { startRecipientsTask } from '../../../core/sms/campaigns/sources/task.js';
import { parsePlaceholdersFlag } from '../../../core/sms/placeholders.js';
import { MAX_ID, wholeNumberIn } from '../../../core/bounds.js';
import { MobizonCode } from '../codes.js';
import { MobizonError, success } from '../envelope.js';
import { listItems, listParam, ParamMap, stringParam, type ParamValue } from '../params.js';
import type { MobizonHandler } from '../registry.js';
import { FieldReader } from './fields.js';

export const MAX_SYNC_RECIPIENTS = 500;
const SOURCES = ['recipients', 'recipientContacts', 'recipientGroups', 'recipientsFile'] as const;

function campaignIdParam(params: ParamMap, name = 'id'): number {
  const raw = stringParam(params, name)?.trim();
  if (raw === undefined || raw === '') throw new MobizonError(MobizonCode.VALIDATION, `${name} is required`, { [name]: [`The ${name} is required.`] });
  const id = wholeNumberIn(raw, 1, MAX_ID);
  if (id === null) throw new MobizonError(MobizonCode.VALIDATION, `${name} must be a campaign id`, { [name]: [`The ${name} must be a whole number from 1 to ${MAX_ID}.`] });
  return id;
}
export { campaignIdParam };

/** A `recipients` item: a number, or `{recipient, <placeholder>…}` of a template campaign. */
function recipientInput(item: ParamValue): RecipientInput {
  if (typeof item === 'string') return { number: item };
  const values: Record<string, string> = {};
  for (const [key, value] of item.entries()) if (typeof value === 'string' && key !== 'recipient') values[key] = value;
  const number = item.get('recipient');
  return { number: typeof number === 'string' ? number : null, values };
}

function answerItem(r: RecipientResult, type: 'number' | 'contact'): Record<string, unknown> {
  return {
    recipient: r.recipient,
    code: r.code,
    messageId: r.messageId === null ? null : String(r.messageId),
    type,
    ...(type === 'number' ? { number: r.number ?? null } : { contactId: r.contactId === undefined ? null : String(r.contactId) }),
  };
}

export const addRecipientsMethod: MobizonHandler = async (ctx, scope, params) => {
  const id = campaignIdParam(params);
  const file = ctx.files.find((f) => f.field === 'recipientsFile');
  const given = SOURCES.filter((s) => (s === 'recipientsFile' ? file !== undefined : params.has(s)));
  if (given.length !== 1) {
    throw new MobizonError(MobizonCode.CONSTRAINT, given.length === 0 ? 'Send one source of recipients: recipients, recipientContacts, recipientGroups or recipientsFile' : `Send only one source of recipients per request, got ${given.join(', ')}`);
  }
  const options = new FieldReader(params, ['params']);
  const replace = options.flag('replace') ?? false;
  const flag = parsePlaceholdersFlag(options.string('placeholdersFlag'));
  if (flag === null) options.issues.add('placeholdersFlag', 'invalid', 'placeholdersFlag is 1, 2 or 3.');
  options.issues.throwIfAny();
  const addOptions = { replace, placeholdersFlag: flag ?? 1, publicUrl: ctx.core.publicUrl, dataDir: ctx.core.dataDir, now: ctx.now };

  const source = given[0]!;
  if (source === 'recipientGroups' || source === 'recipientsFile') {
    const taskSource =
      source === 'recipientGroups'
        ? { kind: 'groups' as const, groupIds: groupIds(listParam(params.get('recipientGroups'))) }
        : {
            kind: 'file' as const,
            fileName: file!.fileName,
            bytes: file!.data,
            ...optional('encoding', options.string('recipientsFileEncoding')),
            ...optional('delimiter', options.string('recipientsFileDelimiter')),
            ...optional('enclosure', options.string('recipientsFileEnclosure')),
            ...(options.string('recipientsFileSkipHeader') !== undefined ? { skipHeader: options.flag('recipientsFileSkipHeader') ?? false } : {}),
          };
    options.issues.throwIfAny();
    const taskId = await startRecipientsTask(scope, id, taskSource, addOptions);
    return success(String(taskId), MobizonCode.BACKGROUND_TASK);
  }

  const items = listItems(params.get(source));
  if (items.length === 0) throw new MobizonError(MobizonCode.CONSTRAINT, `${source} is empty`);
  if (items.length > MAX_SYNC_RECIPIENTS) throw new MobizonError(MobizonCode.CONSTRAINT, `At most ${MAX_SYNC_RECIPIENTS} recipients per request (got ${items.length}); nothing was added`);
  const contacts = source === 'recipientContacts';
  const inputs = contacts ? items.map((item) => (typeof item === 'string' && /^\d+$/.test(item.trim()) ? { contactId: Number(item.trim()) } : { contactId: -1 })) : items.map(recipientInput);
  const results = await withAddingLock(scope, id, () => addRecipientsLocked(scope, id, inputs, addOptions));
  const added = results.filter((r) => r.code === 0).length;
  const code = added === results.length ? MobizonCode.OK : added > 0 ? MobizonCode.PARTIAL : MobizonCode.NOTHING_DONE;
  const data = results.map((r) => answerItem(r, contacts ? 'contact' : 'number'));
  return { code, data, message: code === MobizonCode.OK ? '' : `${results.length - added} of ${results.length} recipients were not added` };
};

function groupIds(items: string[]): number[] {
  if (items.length === 0) throw new MobizonError(MobizonCode.CONSTRAINT, 'recipientGroups is empty');
  const ids = items.map((s) => s.trim());
  const bad = ids.filter((s) => !/^\d+$/.test(s));
  if (bad.length > 0) throw new MobizonError(MobizonCode.VALIDATION, `Not group ids: ${bad.join(', ')}`, { recipientGroups: [`Not group ids: ${bad.join(', ')}`] });
  return ids.map(Number);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}
