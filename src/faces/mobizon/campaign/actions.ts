/** campaign/get, getInfo, send, delete. */
import { deleteCampaign, getCampaign } from '../../../core/sms/campaigns/campaigns.js';
import { sendCampaign } from '../../../core/sms/campaigns/sending.js';
import { getBilling } from '../../../core/billing/billing.js';
import type { AccountScope } from '../../../core/context.js';
import { success } from '../envelope.js';
import { stringParam } from '../params.js';
import type { MobizonHandler } from '../registry.js';
import { campaignIdParam } from './add-recipients.js';
import { accountTimeZone } from '../../../core/accounts/settings.js';
import { campaignObject, infoObject } from './view.js';

export async function accountCurrency(scope: AccountScope): Promise<string> {
  return (await getBilling(scope))?.currency ?? '';
}

export const getCampaignMethod: MobizonHandler = async (ctx, scope, params) => {
  const campaign = await getCampaign(scope, campaignIdParam(params), ctx.now);
  return success(campaignObject(campaign, await accountTimeZone(scope)));
};

/**
 * campaign/getInfo; getFilledTplCampaignText=1 shows a template campaign's text as its first
 * recipient gets it (the reference: "the text … filled out with real recipient data").
 */
export const getCampaignInfoMethod: MobizonHandler = async (ctx, scope, params) => {
  const campaign = await getCampaign(scope, campaignIdParam(params), ctx.now);
  let text: string | undefined;
  if (stringParam(params, 'getFilledTplCampaignText')?.trim() === '1' && campaign.type === 3) {
    const first = await scope.db
      .selectFrom('messages')
      .innerJoin('messageContents', 'messageContents.messageId', 'messages.id')
      .select('messageContents.text')
      .where('messages.campaignId', '=', campaign.id)
      .orderBy('messages.id')
      .limit(1)
      .executeTakeFirst();
    if (first?.text) text = first.text;
  }
  return success(infoObject(campaign, await accountTimeZone(scope), await accountCurrency(scope), text));
};

/** campaign/send → bare int 1 (moderation) or 2 (sending). */
export const sendCampaignMethod: MobizonHandler = async (ctx, scope, params) => success(await sendCampaign(scope, campaignIdParam(params), ctx.now));

/** campaign/delete → true. */
export const deleteCampaignMethod: MobizonHandler = async (ctx, scope, params) => {
  await deleteCampaign(scope, campaignIdParam(params), ctx.now);
  return success(true);
};
