import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, type CallbackScope, type TargetPolicy } from '../../core/callbacks/webhooks.js';
import { listDeliveries } from '../../core/callbacks/deliveries.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, definedOnly, errorResponses, ref } from './common.schemas.js';
import { CallbackCreate, CallbackList, CallbackSchema, CallbackUpdate, CallbackWithSecret, DeliveryList, DeliveryListQuery, toCallbackDto, toDeliveryDto } from './callbacks.schemas.js';

const tags = ['Callbacks'];
const Callback = ref(CallbackSchema, 'The callback');

/** Callback (webhook) management; `policy` says whether targets in private ranges are allowed. */
export function callbackRoutes(core: CoreContext, policy: TargetPolicy): FastifyPluginAsyncTypebox {
  const scope = (request: FastifyRequest): CallbackScope => ({ ...scopeOf(request), secrets: core.secrets });
  return async (app) => {
    app.post(
      '/callbacks',
      {
        schema: {
          tags,
          operationId: 'createCallback',
          summary: 'Create a callback',
          description: 'Events of the chosen types are POSTed in batches (up to 100) and retried with backoff for 24 h. The native and mobizon flavours answer with their signing secret, shown only here. A mobizon callback POSTs each SMS status change alone as a Mobizon sms-delivery-report (events sent, delivered, error; sign = sha1 over the secret).',
          body: CallbackCreate,
          response: { 201: CallbackWithSecret, ...errorResponses(400, 401, 413, 415, 500) },
        },
      },
      async (request, reply) => {
        const { webhook, secret } = await createWebhook(scope(request), definedOnly(request.body), policy);
        return reply.code(201).send({ callback: toCallbackDto(webhook), secret });
      },
    );

    app.get(
      '/callbacks',
      { schema: { tags, operationId: 'listCallbacks', summary: 'List callbacks', response: { 200: CallbackList, ...errorResponses(401, 500) } } },
      async (request) => ({ items: (await listWebhooks(scopeOf(request))).map(toCallbackDto) }),
    );

    app.get(
      '/callbacks/:id',
      { schema: { tags, operationId: 'getCallback', summary: 'Get a callback', params: IdParams, response: { 200: Callback, ...errorResponses(400, 401, 404, 500) } } },
      async (request) => toCallbackDto(await getWebhook(scopeOf(request), request.params.id)),
    );

    app.patch(
      '/callbacks/:id',
      {
        schema: {
          tags,
          operationId: 'updateCallback',
          summary: 'Update a callback (partial)',
          description: '`enabled: true` re-enables a callback disabled after failed deliveries and clears its failure count.',
          params: IdParams,
          body: CallbackUpdate,
          response: { 200: Callback, ...errorResponses(400, 401, 404, 413, 415, 500) },
        },
      },
      async (request) => toCallbackDto(await updateWebhook(scopeOf(request), request.params.id, definedOnly(request.body), policy)),
    );

    app.delete(
      '/callbacks/:id',
      { schema: { tags, operationId: 'deleteCallback', summary: 'Delete a callback and its delivery log', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) } } },
      async (request, reply) => {
        await deleteWebhook(scopeOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/callbacks/:id/rotate-secret',
      {
        schema: {
          tags,
          operationId: 'rotateCallbackSecret',
          summary: 'Replace the signing secret of a native callback',
          description: 'The old secret stops working at once; batches still being retried are signed with the new one.',
          params: IdParams,
          response: { 200: CallbackWithSecret, ...errorResponses(400, 401, 404, 500) },
        },
      },
      async (request) => {
        const { webhook, secret } = await rotateWebhookSecret(scope(request), request.params.id);
        return { callback: toCallbackDto(webhook), secret };
      },
    );

    app.get(
      '/callbacks/:id/deliveries',
      {
        schema: {
          tags,
          operationId: 'listCallbackDeliveries',
          summary: 'The delivery log of a callback, newest first',
          params: IdParams,
          querystring: DeliveryListQuery,
          response: { 200: DeliveryList, ...errorResponses(400, 401, 404, 500) },
        },
      },
      async (request) => {
        const { status, limit, offset } = request.query;
        const page = await listDeliveries(scopeOf(request), request.params.id, { ...(status ? { status } : {}), limit: limit ?? 50, offset: offset ?? 0 });
        return { items: page.items.map(toDeliveryDto), total: page.total };
      },
    );
  };
}
