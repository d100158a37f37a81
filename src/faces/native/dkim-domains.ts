import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.js';
import { createDkimKey, deleteDkimKey, listDkimKeys } from '../../core/senders/dkim-keys.js';
import { scopeOf } from './auth.js';
import { IdParams, NoContent, errorResponses, ref } from './common.schemas.js';
import { DkimDomainCreate, DkimDomainList, DkimDomainSchema, toDkimDomainDto } from './dkim-domains.schemas.js';

const tags = ['DKIM domains'];

/** Signing keys per sending domain; Herald keeps the private key, the customer publishes the DNS record. */
export function dkimDomainRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/dkim-domains',
      { schema: { tags, operationId: 'listDkimDomains', summary: 'List signing domains with their DNS records', response: { 200: DkimDomainList, ...errorResponses(401, 500) } } },
      async (request) => ({ items: (await listDkimKeys(scopeOf(request))).map(toDkimDomainDto) }),
    );

    app.post(
      '/dkim-domains',
      {
        schema: {
          tags,
          operationId: 'createDkimDomain',
          summary: 'Generate a DKIM key for a sending domain',
          description:
            'Mail from this domain is signed from now on. Publish `dnsRecord` (a TXT record) so receivers can verify the signatures; until then they treat the mail as unsigned. One key per domain: delete it to replace it.',
          body: DkimDomainCreate,
          response: { 201: ref(DkimDomainSchema, 'The domain and the DNS record to publish'), ...errorResponses(400, 401, 409, 413, 415, 500) },
        },
      },
      async (request, reply) => reply.code(201).send(toDkimDomainDto(await createDkimKey(core, scopeOf(request), request.body.domain, request.body.selector))),
    );

    app.delete(
      '/dkim-domains/:id',
      { schema: { tags, operationId: 'deleteDkimDomain', summary: 'Delete a signing domain (mail from it is no longer signed)', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 500) } } },
      async (request, reply) => {
        await deleteDkimKey(scopeOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
