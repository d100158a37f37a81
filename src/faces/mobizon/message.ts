/**
 * The `message` module: sendSMSMessage (one SMS, the call both official clients wrap) and
 * getSMSStatus. Statuses and times come from the delivery pipeline: ACCEPTD once the SMSC took
 * every part, then what the receipts say.
 */
import { accountTimeZone } from '../../core/accounts/settings.js';
import { acceptSingleSms, SmsRefusedError } from '../../core/sms/single-send.js';
import { smsMessageStatuses } from '../../core/sms/status-lookup.js';
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { listParam, stringParam } from './params.js';
import type { MobizonHandler } from './registry.js';
import { mobizonTime, parseMobizonTime } from '../../wire/mobizon-time.js';

const MAX_STATUS_IDS = 100;

/** message/sendSMSMessage: recipient, text, from, params[name|deferredToTs|validity|mclass] → {campaignId, messageId, status}. */
export const sendSmsMessage: MobizonHandler = async (ctx, scope, params) => {
  const recipient = stringParam(params, 'recipient');
  const text = stringParam(params, 'text');
  if (!recipient || !text) {
    throw new MobizonError(MobizonCode.VALIDATION, 'recipient and text are required', {
      ...(!recipient ? { recipient: ['The recipient is required.'] } : {}),
      ...(!text ? { text: ['The text is required.'] } : {}),
    });
  }
  const deferred = stringParam(params, 'params', 'deferredToTs');
  const validity = stringParam(params, 'params', 'validity');
  const mclass = stringParam(params, 'params', 'mclass');
  const timeZone = await accountTimeZone(scope);
  const sendAt = deferred ? parseMobizonTime(deferred, timeZone) : null;
  if (deferred && sendAt === null) throw new MobizonError(MobizonCode.VALIDATION, 'deferredToTs must be YYYY-MM-DD HH:MM:SS', { deferredToTs: ['Use the format YYYY-MM-DD HH:MM:SS.'] });
  try {
    const name = stringParam(params, 'params', 'name');
    const from = stringParam(params, 'from');
    const accepted = await acceptSingleSms(
      scope,
      {
        to: recipient,
        text,
        ...(from ? { from } : {}),
        ...(name ? { name } : {}),
        ...(sendAt ? { sendAt } : {}),
        ...(validity ? { validityMinutes: Number(validity) } : {}),
        ...(mclass === '0' ? { flash: true } : {}),
      },
      'mobizon',
    );
    // 2: sent (no moderation of single messages in Herald).
    return success({ campaignId: String(accepted.campaignId), messageId: String(accepted.messageId), status: 2 });
  } catch (err) {
    if (err instanceof SmsRefusedError) {
      throw new MobizonError(MobizonCode.VALIDATION, err.message, { [err.field]: [err.message], ...(err.recipientCode !== null ? { code: [String(err.recipientCode)] } : {}) });
    }
    throw err;
  }
};

/** message/getSMSStatus: ids (array or comma list, ≤ 100) → [{id, status, segNum, startSendTs, statusUpdateTs}]. */
export const getSmsStatus: MobizonHandler = async (_ctx, scope, params) => {
  const raw = listParam(params.get('ids'));
  if (raw.length === 0) throw new MobizonError(MobizonCode.REQUIRED_MISSING, 'ids is required');
  if (raw.length > MAX_STATUS_IDS) throw new MobizonError(MobizonCode.CONSTRAINT, `at most ${MAX_STATUS_IDS} ids per call`);
  const ids = raw.map((id) => Number(id)).filter((id) => Number.isSafeInteger(id) && id > 0);
  const timeZone = await accountTimeZone(scope);
  const statuses = await smsMessageStatuses(scope, ids);
  return success(
    statuses.map((s) => ({
      id: String(s.id),
      status: s.status,
      segNum: String(s.segments),
      startSendTs: s.sentAt ? mobizonTime(s.sentAt, timeZone) : null,
      statusUpdateTs: mobizonTime(s.statusUpdatedAt, timeZone),
    })),
  );
};
