import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_INT32 } from '../../core/bounds.js';
import { Type } from '@sinclair/typebox';
import { getAccountSettings, updateAccountSettings } from '../../core/accounts/settings.js';
import { scopeOf } from './auth.js';
import { definedOnly, errorResponses, inputObject } from './common.schemas.js';

const fields = {
  name: Type.String({ maxLength: 100 }),
  timeZone: Type.String({ description: 'IANA time zone; daily statistics are counted in it' }),
  sendRateLimit: Type.Integer({ minimum: 0, maximum: MAX_INT32, description: 'Messages per second, 0 = unlimited (applies per worker process)' }),
  retryHours: Type.Integer({ minimum: 1, maximum: 168, description: 'How long temporary delivery failures are retried' }),
};
const AccountSettings = Type.Object(fields, { description: 'The account settings' });
const AccountSettingsUpdate = inputObject(fields, [], { title: 'AccountSettingsUpdate' });
const tags = ['Account'];

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/account', { schema: { tags, operationId: 'getAccount', summary: 'The settings of the calling account', response: { 200: AccountSettings, ...errorResponses(401, 500) } } }, async (request) =>
    getAccountSettings(scopeOf(request)),
  );
  app.patch(
    '/account',
    { schema: { tags, operationId: 'updateAccount', summary: 'Change time zone, sending rate or retry window', body: AccountSettingsUpdate, response: { 200: AccountSettings, ...errorResponses(400, 401, 413, 415, 500) } } },
    async (request) => updateAccountSettings(scopeOf(request), definedOnly(request.body)),
  );
};
