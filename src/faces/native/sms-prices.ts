import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listPrices } from '../../core/sms/price-list.js';
import { scopeOf } from './auth.js';
import { errorResponses } from './common.schemas.js';
import { SmsPriceList, toSmsPriceDto } from './sms-prices.schemas.js';

const tags = ['SMS'];

/** The price list as every account sees it (the operator edits it under /operator/sms/prices). */
export const smsPriceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sms/prices',
    { schema: { tags, operationId: 'listSmsPrices', summary: 'SMS prices per segment by country and operator', response: { 200: SmsPriceList, ...errorResponses(401, 500) } } },
    async (request) => ({ items: (await listPrices(scopeOf(request).db)).map(toSmsPriceDto) }),
  );
};
