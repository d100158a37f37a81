import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.js';
import { deleteSender, listSenders } from '../../core/senders/senders.js';
import { addSenderWithVerification, resendVerification } from '../../core/senders/verification-mail.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses } from './common.schemas.js';
import { SenderCreate, SenderCreated, SenderList, VerificationQueued, toSenderDto } from './senders.schemas.js';

const tags = ['Senders'];

/** The from addresses of an account; each must be verified through the emailed link before use. */
export function senderRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/senders',
      { schema: { tags, operationId: 'listSenders', summary: 'List senders and whether each is verified', response: { 200: SenderList, ...errorResponses(401, 500) } } },
      async (request) => ({ items: (await listSenders(scopeOf(request))).map(toSenderDto) }),
    );

    app.post(
      '/senders',
      {
        schema: {
          tags,
          operationId: 'createSender',
          summary: 'Add a sender and email it a verification link',
          description:
            'The address receives a link to a confirmation page; once confirmed, mail can be sent from it. The verification email is a message of the account (source `system`). Refused with 422 when it cannot be sent (the address is on the suppression list, not enough money), and with 503 when the server has no address to send its own mail from (HERALD_SYSTEM_FROM); nothing is added then.',
          body: SenderCreate,
          response: { 201: SenderCreated, ...errorResponses(400, 401, 409, 413, 415, 422, 500, 503) },
        },
      },
      async (request, reply) => {
        const created = await addSenderWithVerification(core, scopeOf(request), request.body.email);
        return reply.code(201).send({ ...toSenderDto(created.sender), verificationMessageId: created.verificationMessageId });
      },
    );

    app.delete(
      '/senders/:id',
      { schema: { tags, operationId: 'deleteSender', summary: 'Delete a sender', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) } } },
      async (request, reply) => {
        await deleteSender(scopeOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/senders/:id/resend-verification',
      {
        schema: {
          tags,
          operationId: 'resendSenderVerification',
          summary: 'Email a new verification link',
          description: 'Earlier links stop working. Refused with 409 when the sender is already verified, and with 503 when the server has no address to send its own mail from (HERALD_SYSTEM_FROM).',
          params: IdParams,
          response: { 202: VerificationQueued, ...errorResponses(400, 401, 404, 409, 422, 500, 503) },
        },
      },
      async (request, reply) => {
        const queued = await resendVerification(core, scopeOf(request), request.params.id);
        return reply.code(202).send({ verificationMessageId: queued.verificationMessageId });
      },
    );
  };
}
