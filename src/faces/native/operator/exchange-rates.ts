import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../../core/context.js';
import { deleteExchangeRate, listExchangeRates, setExchangeRates } from '../../../core/sms/exchange-rates.js';
import { NoContent } from '../common.schemas.js';
import { ExchangeRateList, ExchangeRateUpsert, OPERATOR_DESCRIPTION, operatorErrors, PairParams } from './schemas.js';

const tags = ['Operator'];

/** Exchange rates: SMS prices asked for in another currency than the account's are converted by them. */
export function operatorExchangeRateRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sms/exchange-rates',
      { schema: { tags, operationId: 'operatorListExchangeRates', summary: 'List the exchange rates', description: OPERATOR_DESCRIPTION, response: { 200: ExchangeRateList, ...operatorErrors(500) } } },
      async () => ({ items: await listExchangeRates(core.db) }),
    );

    app.put(
      '/sms/exchange-rates',
      {
        schema: {
          tags,
          operationId: 'operatorSetExchangeRates',
          summary: 'Set exchange rates',
          description: `${OPERATOR_DESCRIPTION} Each row sets how many units of \`to\` one unit of \`from\` is worth, adding the pair or replacing its rate. Mobizon's price/listPublic answers in a currency only when a rate from the account's billing currency to it is set (prices converted and rounded to 4 decimals). One invalid row changes nothing.`,
          body: ExchangeRateUpsert,
          response: { 200: ExchangeRateList, ...operatorErrors(400, 413, 415, 500) },
        },
      },
      async (request) => ({ items: await setExchangeRates(core.db, request.body.rows) }),
    );

    app.delete(
      '/sms/exchange-rates/:from/:to',
      { schema: { tags, operationId: 'operatorDeleteExchangeRate', summary: 'Delete an exchange rate', description: OPERATOR_DESCRIPTION, params: PairParams, response: { 204: NoContent, ...operatorErrors(400, 404, 500) } } },
      async (request, reply) => {
        await deleteExchangeRate(core.db, request.params.from, request.params.to);
        return reply.code(204).send(null);
      },
    );
  };
}
