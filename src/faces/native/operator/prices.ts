import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deletePrice, listPrices, upsertPrices } from '../../../core/sms/price-list.js';
import type { CoreContext } from '../../../core/context.js';
import { IdParams, NoContent, definedOnly } from '../common.schemas.js';
import { SmsPriceRowList, SmsPriceUpsert, toSmsPriceRowDto } from '../sms-prices.schemas.js';
import { OPERATOR_DESCRIPTION, operatorErrors } from './schemas.js';

const tags = ['Operator'];

/** The SMS price list every account is charged by. */
export function operatorPriceRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sms/prices',
      { schema: { tags, operationId: 'operatorListSmsPrices', summary: 'List the SMS price list with row ids', description: OPERATOR_DESCRIPTION, response: { 200: SmsPriceRowList, ...operatorErrors(500) } } },
      async () => ({ items: (await listPrices(core.db)).map(toSmsPriceRowDto) }),
    );

    app.put(
      '/sms/prices',
      {
        schema: {
          tags,
          operationId: 'operatorSetSmsPrices',
          summary: 'Set prices of destinations',
          description: `${OPERATOR_DESCRIPTION} Each row sets the price per segment of a country (or of one operator of it, or \`*\` for every other destination), adding the row or replacing its price. One invalid row changes nothing. Rows not named stay.`,
          body: SmsPriceUpsert,
          response: { 200: SmsPriceRowList, ...operatorErrors(400, 413, 415, 500) },
        },
      },
      async (request) => ({ items: (await upsertPrices(core.db, request.body.rows.map((row) => definedOnly(row)))).map(toSmsPriceRowDto) }),
    );

    app.delete(
      '/sms/prices/:id',
      { schema: { tags, operationId: 'operatorDeleteSmsPrice', summary: 'Delete a row of the price list', description: OPERATOR_DESCRIPTION, params: IdParams, response: { 204: NoContent, ...operatorErrors(400, 404, 500) } } },
      async (request, reply) => {
        await deletePrice(core.db, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
