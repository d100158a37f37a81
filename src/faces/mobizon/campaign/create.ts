import { createCampaign } from '../../../core/sms/campaigns/campaigns.js';
import { success } from '../envelope.js';
import { mapParam } from '../params.js';
import type { MobizonHandler } from '../registry.js';
import { accountTimeZone } from '../../../core/accounts/settings.js';
import { FieldReader } from './fields.js';

/**
 * campaign/create: `data[…]` fields → the new campaign's id as a bare JSON string
 * (`{"code":0,"data":"70000000006","message":""}`). `data[msgType]` (mobizon-php sends SMS) is the
 * only message type there is.
 */
export const createCampaignMethod: MobizonHandler = async (ctx, scope, params) => {
  const data = new FieldReader(params, ['data']);
  const tz = await accountTimeZone(scope);
  const msgType = data.string('msgType');
  if (msgType !== undefined && msgType !== '' && msgType.toUpperCase() !== 'SMS') data.issues.add('msgType', 'invalid', 'Only SMS campaigns are supported.');
  if (mapParam(params, 'data') === undefined) data.issues.add('text', 'required', 'The text is required.');
  const input = {
    text: data.string('text') ?? '',
    name: data.string('name'),
    type: data.int('type'),
    from: data.string('from'),
    rateLimit: data.int('rateLimit'),
    ratePeriod: data.int('ratePeriod'),
    deferredTo: data.time('deferredToTs', tz) ?? null,
    validityMinutes: data.int('validity') ?? data.int('ttl'),
    mclass: data.int('mclass'),
    shortenLinks: data.flag('shortenLinks'),
    trackShortLinkRecipients: data.flag('trackShortLinkRecipients'),
  };
  data.issues.throwIfAny();
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as typeof input;
  const id = await createCampaign(scope, defined, { source: 'mobizon', publicUrl: ctx.core.publicUrl, now: ctx.now });
  return success(String(id));
};
