import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clearBilling, getBilling, setBilling } from '../../core/billing/billing.js';
import { scopeOf } from './auth.js';
import { NoContent, errorResponses, ref } from './common.schemas.js';
import { BillingSchema, BillingUpdate, toBillingDto, toBillingInput } from './billing.schemas.js';

const tags = ['Billing'];

export const billingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/billing',
    { schema: { tags, operationId: 'getBilling', summary: 'Balance and prepaid package of the account', response: { 200: ref(BillingSchema, 'The billing'), ...errorResponses(401, 500) } } },
    async (request) => toBillingDto(await getBilling(scopeOf(request))),
  );

  app.put(
    '/billing',
    {
      schema: {
        tags,
        operationId: 'setBilling',
        summary: 'Set the balance and prepaid package',
        description: 'Makes the account metered: from then on each accepted mail is charged, and a send neither the package nor the balance covers is refused (422 insufficient_funds; NOT_ENOUGH_MONEY on the SendExpert face).',
        body: BillingUpdate,
        response: { 200: ref(BillingSchema, 'The billing now'), ...errorResponses(400, 401, 413, 415, 500) },
      },
    },
    async (request) => toBillingDto(await setBilling(scopeOf(request), toBillingInput(request.body))),
  );

  app.delete(
    '/billing',
    {
      schema: {
        tags,
        operationId: 'clearBilling',
        summary: 'Stop metering the account',
        description: 'Removes the balance and package: sends are no longer charged or refused for money.',
        response: { 204: NoContent, ...errorResponses(401, 500) },
      },
    },
    async (request, reply) => {
      await clearBilling(scopeOf(request));
      return reply.code(204).send(null);
    },
  );
};
