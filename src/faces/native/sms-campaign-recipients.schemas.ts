import { Type, type Static } from '@sinclair/typebox';
import type { RecipientResult } from '../../core/sms/campaigns/recipients.js';
import { RECIPIENT_CODE_MEANINGS, RecipientCode } from '../../core/sms/recipient-codes.js';
import { Id, inputObject, nullable } from './common.schemas.js';

/** Recipients one synchronous request may add (Mobizon AddRecipients' limit); more go through a task. */
export const MAX_SYNC_RECIPIENTS = 500;
/** An uploaded recipients file: stored whole in its task (another process may run it), so kept modest. */
export const MAX_RECIPIENTS_FILE_BYTES = 20 * 1024 * 1024;

const Recipient = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 64, description: "Phone number, international or in the account's default country" }),
    values: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 1000 }), { description: 'Placeholder values of a template campaign: `{"name": "Anna"}`' })),
  },
  { additionalProperties: false },
);

export const AddRecipientsBody = inputObject(
  {
    recipients: Type.Array(Recipient, { minItems: 1, maxItems: MAX_SYNC_RECIPIENTS, description: `Numbers, at most ${MAX_SYNC_RECIPIENTS}: added at once` }),
    contactIds: Type.Array(Id, { minItems: 1, maxItems: MAX_SYNC_RECIPIENTS, description: `Contacts (their mobile; their fields fill placeholders), at most ${MAX_SYNC_RECIPIENTS}: added at once` }),
    groupIds: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'Every contact of these groups, once: added by a background task (202)' }),
  },
  [],
  { title: 'SmsCampaignRecipients', description: 'Exactly one of recipients, contactIds or groupIds' },
);
export type AddRecipientsBodyType = Static<typeof AddRecipientsBody>;

const addOptions = {
  replace: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false', description: 'true: remove the recipients added so far first' })),
  placeholdersFlag: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 3, default: 1, description: 'Template campaigns, a placeholder without a value: 1 leaves `{name}` in the text, 2 removes it, 3 refuses the recipient (code 20)' }),
  ),
};

export const AddRecipientsQuery = Type.Object(addOptions, { additionalProperties: false });
export type AddRecipientsQueryType = Static<typeof AddRecipientsQuery>;

export const RecipientsFileQuery = Type.Object(
  {
    ...addOptions,
    encoding: Type.Optional(Type.String({ maxLength: 30, description: 'CSV encoding: UTF-8 (default), WINDOWS-1251, KOI8-R, UTF-16LE…' })),
    delimiter: Type.Optional(Type.String({ maxLength: 3, description: 'CSV delimiter: one ASCII character, `tab` or `\\t` (default `,`)' })),
    enclosure: Type.Optional(Type.String({ maxLength: 1, description: "CSV quote character (default `'`)" })),
    skipHeader: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false', description: 'Skip line 1 (template campaigns always read line 1 as the column names)' })),
  },
  { additionalProperties: false },
);
export type RecipientsFileQueryType = Static<typeof RecipientsFileQuery>;

/** Documents the upload; the handler reads the stream itself. */
export const RecipientsFileForm = Type.Object(
  { file: Type.String({ format: 'binary', description: 'CSV, XLS or XLSX: one number per line in the first column; a template campaign names its columns in line 1, `recipient` holding the numbers and the others placeholders' }) },
  { description: 'multipart/form-data with one file part named `file`' },
);

/** `BadFormat` → `bad_format`: the recipient codes by name, as the API shows them. */
const REASONS = new Map<number, string>(Object.entries(RecipientCode).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`))]));

const RecipientOutcome = Type.Object({
  number: Type.Optional(Type.String({ description: 'As given' })),
  contactId: Type.Optional(Type.Integer()),
  to: nullable(Type.String({ description: 'The number in E.164, null when none was found' })),
  code: Type.Integer({ description: 'Mobizon recipient code: 0 added, 1 empty, 2 no number found, 3 bad format, 4 duplicate, 5 stop list, 6 country not allowed, 8 operator not priced, 20 placeholders missing, 31 contact without mobile, 32 contact not found, 99 other' }),
  reason: Type.String({ description: 'The code by name: added, bad_format, duplicate, stop_listed…' }),
  message: Type.String(),
  messageId: nullable(Type.Integer({ description: 'The message waiting to be sent' })),
});

export const AddRecipientsResult = Type.Object(
  { added: Type.Integer(), rejected: Type.Integer(), results: Type.Array(RecipientOutcome, { description: 'One per recipient, in the order given' }) },
  { description: 'What happened to each recipient' },
);
export type AddRecipientsResultType = Static<typeof AddRecipientsResult>;

export function toAddRecipientsResult(results: readonly RecipientResult[]): AddRecipientsResultType {
  const added = results.filter((r) => r.code === RecipientCode.Added).length;
  return {
    added,
    rejected: results.length - added,
    results: results.map((r) => ({
      ...(r.number !== undefined ? { number: r.number } : {}),
      ...(r.contactId !== undefined ? { contactId: r.contactId } : {}),
      to: r.recipient === null ? null : `+${r.recipient}`,
      code: r.code,
      reason: REASONS.get(r.code) ?? 'unknown',
      message: RECIPIENT_CODE_MEANINGS[r.code as RecipientCode] ?? 'unknown',
      messageId: r.messageId,
    })),
  };
}
