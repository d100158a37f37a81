import type { FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { requireOperatorKey } from './auth.js';
import { operatorPriceRoutes } from './prices.js';
import { operatorExchangeRateRoutes } from './exchange-rates.js';
import { operatorStopListRoutes } from './stop-list.js';
import { operatorAccountRoutes } from './accounts.js';
import { operatorCampaignRoutes } from './campaigns.js';
import { operatorBillingRoutes } from './billing.js';

/**
 * The operator API (/api/v1/operator): what the person running Herald manages across accounts.
 * Registered beside, not inside, the account-key scope; the native face's error format, validator
 * and schemas still apply.
 */
export function operatorRoutes(core: CoreContext, options: { operatorKey: string | null }): FastifyPluginAsync {
  return async (app) => {
    requireOperatorKey(app, core, options.operatorKey);
    await app.register(operatorPriceRoutes(core));
    await app.register(operatorExchangeRateRoutes(core));
    await app.register(operatorStopListRoutes(core));
    await app.register(operatorAccountRoutes(core));
    await app.register(operatorCampaignRoutes(core));
    await app.register(operatorBillingRoutes(core));
  };
}
