import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../../core/context.js';
import { getSmsSettings, updateSmsSettings } from '../../../core/accounts/sms-settings.js';
import { IdParams, definedOnly } from '../common.schemas.js';
import { OPERATOR_DESCRIPTION, SmsSettings, SmsSettingsUpdate, operatorErrors } from './schemas.js';

const tags = ['Operator'];

/** Per-account SMS settings only the operator may change: moderation and allowed countries. */
export function operatorAccountRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/accounts/:id/sms',
      { schema: { tags, operationId: 'operatorGetAccountSms', summary: "An account's SMS settings", description: OPERATOR_DESCRIPTION, params: IdParams, response: { 200: SmsSettings, ...operatorErrors(400, 404, 500) } } },
      async (request) => getSmsSettings(core.db, request.params.id),
    );

    app.patch(
      '/accounts/:id/sms',
      {
        schema: {
          tags,
          operationId: 'operatorUpdateAccountSms',
          summary: "Change an account's SMS settings",
          description: `${OPERATOR_DESCRIPTION} Omitted fields are kept. Recipients in other countries than allowedCountries get recipient code 6.`,
          params: IdParams,
          body: SmsSettingsUpdate,
          response: { 200: SmsSettings, ...operatorErrors(400, 404, 415, 500) },
        },
      },
      async (request) => updateSmsSettings(core.db, request.params.id, definedOnly(request.body)),
    );
  };
}
