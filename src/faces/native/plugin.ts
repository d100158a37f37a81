import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { requireApiKey } from './auth.js';
import { COMMON_COMPONENTS } from './common.schemas.js';
import { errorBody, registerErrorHandling } from './errors.js';
import { nativeValidatorCompiler } from './validation.js';
import { officeRoutes } from './offices.js';
import { OfficeSchema } from './offices.schemas.js';
import { userRoutes } from './users.js';
import { UserSchema } from './users.schemas.js';
import { customFieldRoutes } from './custom-fields.js';
import { CustomFieldSchema } from './custom-fields.schemas.js';
import { contactRoutes } from './contacts.js';
import { ContactSchema } from './contacts.schemas.js';
import { contactGroupRoutes } from './contact-groups.js';
import { ContactGroupSchema } from './contact-groups.schemas.js';
import { importRoutes } from './imports.js';
import { ImportJobSchema } from './imports.schemas.js';
import { exportRoutes } from './exports.js';
import { messageRoutes } from './messages.js';
import { accountRoutes } from './account.js';
import { MessageSchema } from './messages.schemas.js';
import { suppressionRoutes } from './suppressions.js';
import { SuppressionSchema } from './suppressions.schemas.js';
import { unsubscribeFormRoutes } from './unsubscribe-forms.js';
import { UnsubscribeFormSchema } from './unsubscribe-forms.schemas.js';
import { billingRoutes } from './billing.js';
import { BillingSchema } from './billing.schemas.js';
import { templateRoutes } from './templates.js';
import { TemplateSchema } from './templates.schemas.js';
import { senderRoutes } from './senders.js';
import { SenderSchema } from './senders.schemas.js';
import { dkimDomainRoutes } from './dkim-domains.js';
import { DkimDomainSchema } from './dkim-domains.schemas.js';
import { callbackRoutes } from './callbacks.js';
import { CallbackSchema } from './callbacks.schemas.js';
import { taskRoutes } from './tasks.js';
import { TaskSchema } from './tasks.schemas.js';
import { smsLinkRoutes } from './sms-links.js';
import { ShortLinkSchema } from './sms-links.schemas.js';
import { smsPriceRoutes } from './sms-prices.js';
import { smsStopListRoutes } from './sms-stop-list.js';
import { smsSenderIdRoutes } from './sms-sender-ids.js';
import { smsMessageRoutes } from './sms-messages.js';
import { smsCampaignRoutes } from './sms-campaigns.js';
import { SmsCampaignSchema } from './sms-campaigns.schemas.js';
import { operatorRoutes } from './operator/plugin.js';

/** Entity schemas referenced by `$ref` from responses; also the OpenAPI components. */
const COMPONENTS = [...COMMON_COMPONENTS, OfficeSchema, UserSchema, CustomFieldSchema, ContactSchema, ContactGroupSchema, ImportJobSchema, MessageSchema, TemplateSchema, SenderSchema, DkimDomainSchema, BillingSchema, CallbackSchema, SuppressionSchema, UnsubscribeFormSchema, TaskSchema, ShortLinkSchema, SmsCampaignSchema];

/**
 * Herald's own JSON API, mounted at /api/v1. Everything here is encapsulated (error format,
 * validator, body parsers) so the protocol-compatible faces keep their own behaviour.
 */
export function nativeFace(core: CoreContext, options: { /** Callback targets in private ranges (HERALD_CALLBACKS_ALLOW_PRIVATE). */ allowPrivateCallbacks?: boolean; /** HERALD_OPERATOR_KEY; null: the operator routes answer 403. */ operatorKey?: string | null } = {}): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    // JSON only: the form parser the PHP faces need would let `a=1` reach these handlers.
    app.removeContentTypeParser(['application/x-www-form-urlencoded', 'text/plain', 'application/json']);
    // Fastify's own parser (with its prototype-poisoning guard), except that an empty body is no
    // body: many HTTP clients send `Content-Type: application/json` on every DELETE.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text === '') return done(null, undefined);
      return parseJson(request, text, done);
    });
    app.setValidatorCompiler(nativeValidatorCompiler);
    registerErrorHandling(app);
    for (const schema of COMPONENTS) app.addSchema(schema);

    // The document is public so the docs page and code generators can fetch it without a key.
    app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
      if (!app.hasDecorator('swagger')) return reply.code(404).send(errorBody('not_found', 'OpenAPI generator not registered'));
      return reply.type('application/json').send(app.swagger());
    });

    await app.register(async (authed) => {
      requireApiKey(authed, core);
      await authed.register(officeRoutes);
      await authed.register(userRoutes);
      await authed.register(customFieldRoutes);
      await authed.register(contactRoutes);
      await authed.register(contactGroupRoutes);
      await authed.register(importRoutes(core));
      await authed.register(exportRoutes);
      await authed.register(messageRoutes);
      await authed.register(accountRoutes);
      await authed.register(suppressionRoutes);
      await authed.register(unsubscribeFormRoutes);
      await authed.register(billingRoutes);
      await authed.register(templateRoutes);
      await authed.register(senderRoutes(core));
      await authed.register(dkimDomainRoutes(core));
      await authed.register(callbackRoutes(core, { allowPrivate: options.allowPrivateCallbacks ?? false }));
      await authed.register(taskRoutes);
      await authed.register(smsLinkRoutes(core));
      await authed.register(smsPriceRoutes);
      await authed.register(smsStopListRoutes);
      await authed.register(smsSenderIdRoutes);
      await authed.register(smsMessageRoutes);
      await authed.register(smsCampaignRoutes(core));
    });
    // A sibling scope: the account-key hook above does not reach it; it checks the operator key.
    await app.register(operatorRoutes(core, { operatorKey: options.operatorKey ?? null }), { prefix: '/operator' });
  };
}
