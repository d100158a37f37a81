import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../../core/context.js';
import { approveCampaign, declineCampaign } from '../../../core/sms/campaigns/sending.js';
import { getQueuedCampaign, listCampaignsByStatus } from '../../../core/sms/moderation-queue.js';
import { IdParams } from '../common.schemas.js';
import { DeclineBody, ModerationCampaign, ModerationCampaignList, ModerationQuery, OPERATOR_DESCRIPTION, operatorErrors } from './schemas.js';

const tags = ['Operator'];

/** Moderation of SMS campaigns of accounts with the moderation flag. */
export function operatorCampaignRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sms/campaigns',
      {
        schema: {
          tags,
          operationId: 'operatorListSmsCampaigns',
          summary: 'SMS campaigns of every account by status (the moderation queue)',
          description: `${OPERATOR_DESCRIPTION} status defaults to MODERATION: campaigns waiting for approval.`,
          querystring: ModerationQuery,
          response: { 200: ModerationCampaignList, ...operatorErrors(400, 500) },
        },
      },
      async (request) => {
        const { status, accountId, limit, offset } = request.query;
        return listCampaignsByStatus(core.db, { status: status ?? 'MODERATION', ...(accountId !== undefined ? { accountId } : {}), limit: limit ?? 100, offset: offset ?? 0 });
      },
    );

    app.post(
      '/sms/campaigns/:id/approve',
      {
        schema: {
          tags,
          operationId: 'operatorApproveSmsCampaign',
          summary: 'Approve a campaign waiting for moderation',
          description: `${OPERATOR_DESCRIPTION} The campaign becomes READY_FOR_SEND and is scheduled. 409 when it is not in MODERATION.`,
          params: IdParams,
          response: { 200: ModerationCampaign, ...operatorErrors(400, 404, 409, 500) },
        },
      },
      async (request) => {
        await approveCampaign(core.db, request.params.id);
        return getQueuedCampaign(core.db, request.params.id);
      },
    );

    app.post(
      '/sms/campaigns/:id/decline',
      {
        schema: {
          tags,
          operationId: 'operatorDeclineSmsCampaign',
          summary: 'Decline a campaign waiting for moderation',
          description: `${OPERATOR_DESCRIPTION} The campaign becomes DECLINED with the comment, which the account sees. 409 when it is not in MODERATION.`,
          params: IdParams,
          body: DeclineBody,
          response: { 200: ModerationCampaign, ...operatorErrors(400, 404, 409, 415, 500) },
        },
      },
      async (request) => {
        await declineCampaign(core.db, request.params.id, request.body.comment);
        return getQueuedCampaign(core.db, request.params.id);
      },
    );
  };
}
