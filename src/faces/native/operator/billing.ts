import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../../core/context.js';
import { clearBilling, getAccountBilling, getAccountLedger, setBilling, topUp } from '../../../core/billing/billing.js';
import { IdParams, NoContent, ref } from '../common.schemas.js';
import { BillingSchema, BillingUpdate, ClearQuery, LedgerPage, LedgerQuery, TopUpBody, toBillingDto, toBillingInput } from '../billing.schemas.js';
import { OPERATOR_DESCRIPTION, operatorErrors } from './schemas.js';

const tags = ['Operator'];

/** An account's money: only the operator sets it; every change is written to the account's ledger. */
export function operatorBillingRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const scope = (id: number) => ({ db: core.db, accountId: id });
    const by = (reason: string | undefined) => ({ actor: 'operator' as const, reason: reason ?? '' });

    app.get(
      '/accounts/:id/billing',
      { schema: { tags, operationId: 'operatorGetBilling', summary: "An account's balance and prepaid package", description: OPERATOR_DESCRIPTION, params: IdParams, response: { 200: ref(BillingSchema, 'The billing'), ...operatorErrors(400, 404, 500) } } },
      async (request) => toBillingDto(await getAccountBilling(scope(request.params.id))),
    );

    app.put(
      '/accounts/:id/billing',
      {
        schema: {
          tags,
          operationId: 'operatorSetBilling',
          summary: "Set an account's balance and prepaid package",
          description: `${OPERATOR_DESCRIPTION} Makes the account metered: from then on each accepted mail and SMS is charged, and a send neither the package nor the balance covers is refused. The ledger records the difference to the previous balance.`,
          params: IdParams,
          body: BillingUpdate,
          response: { 200: ref(BillingSchema, 'The billing now'), ...operatorErrors(400, 404, 413, 415, 500) },
        },
      },
      async (request) => toBillingDto(await setBilling(scope(request.params.id), toBillingInput(request.body), by(request.body.reason))),
    );

    app.post(
      '/accounts/:id/billing/top-ups',
      {
        schema: {
          tags,
          operationId: 'operatorTopUpBilling',
          summary: "Credit an account's balance",
          description: `${OPERATOR_DESCRIPTION} Adds the amount to the balance of a metered account (409 when its billing was never set) and records it with the reason in the ledger.`,
          params: IdParams,
          body: TopUpBody,
          response: { 200: ref(BillingSchema, 'The billing now'), ...operatorErrors(400, 404, 409, 413, 415, 500) },
        },
      },
      async (request) => toBillingDto(await topUp(scope(request.params.id), request.body.amount, by(request.body.reason))),
    );

    app.delete(
      '/accounts/:id/billing',
      {
        schema: {
          tags,
          operationId: 'operatorClearBilling',
          summary: 'Stop metering an account',
          description: `${OPERATOR_DESCRIPTION} Removes the balance and package: sends are no longer charged or refused for money. The ledger keeps the entry and its reason.`,
          params: IdParams,
          querystring: ClearQuery,
          response: { 204: NoContent, ...operatorErrors(400, 404, 500) },
        },
      },
      async (request, reply) => {
        await clearBilling(scope(request.params.id), by(request.query.reason));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/accounts/:id/billing/ledger',
      { schema: { tags, operationId: 'operatorListBillingLedger', summary: "An account's ledger, newest first", description: OPERATOR_DESCRIPTION, params: IdParams, querystring: LedgerQuery, response: { 200: LedgerPage, ...operatorErrors(400, 404, 500) } } },
      async (request) => getAccountLedger(scope(request.params.id), { limit: request.query.limit ?? 100, offset: request.query.offset ?? 0 }),
    );
  };
}
