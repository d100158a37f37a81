import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getBilling } from '../../core/billing/billing.js';
import { listLedger } from '../../core/billing/ledger.js';
import { scopeOf } from './auth.js';
import { errorResponses, ref } from './common.schemas.js';
import { BillingSchema, LedgerPage, LedgerQuery, toBillingDto } from './billing.schemas.js';

const tags = ['Billing'];

/** Read only: the operator sets an account's money (operator/billing.ts), the account sees it. */
export const billingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/billing',
    {
      schema: {
        tags,
        operationId: 'getBilling',
        summary: 'Balance and prepaid package of the account',
        description: 'Set by the operator. A metered account is charged for each accepted mail and SMS; a send neither the package nor the balance covers is refused (422 insufficient_funds; NOT_ENOUGH_MONEY on the SendExpert face).',
        response: { 200: ref(BillingSchema, 'The billing'), ...errorResponses(401, 500) },
      },
    },
    async (request) => toBillingDto(await getBilling(scopeOf(request))),
  );

  app.get(
    '/billing/ledger',
    {
      schema: {
        tags,
        operationId: 'listBillingLedger',
        summary: 'Changes of the money of the account, newest first',
        description: 'One entry per change: operator sets and top-ups, charges of accepted mail (one per accepted batch) and SMS (one per single SMS or campaign send), refunds of declined or deleted campaigns.',
        querystring: LedgerQuery,
        response: { 200: LedgerPage, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => listLedger(scopeOf(request), { limit: request.query.limit ?? 100, offset: request.query.offset ?? 0 }),
  );
};
