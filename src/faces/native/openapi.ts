import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { docsCsp } from './docs-csp.js';

export const API_PREFIX = '/api/v1';

export const TAGS = [
  { name: 'Offices', description: 'Branches of the account; contacts, groups and users belong to offices.' },
  { name: 'Users', description: 'People who log in to Herald. Passwords are write-only.' },
  { name: 'Custom fields', description: 'Account-wide extra contact fields.' },
  { name: 'Contacts', description: 'The audience: people messages are sent to.' },
  { name: 'Contact groups', description: 'Per-office groups; same-named groups share a common id.' },
  { name: 'Imports', description: 'Bulk contact imports from CSV/TSV, XLS or XLSX files, run as background jobs.' },
  { name: 'Exports', description: 'Contacts as CSV or XLSX downloads.' },
  { name: 'Messages', description: 'Email sent through the delivery pipeline: accepted once stored, then status, events and tracking.' },
  { name: 'Statistics', description: 'Daily counters in the account time zone, kept as rollups.' },
  { name: 'Senders', description: 'From addresses; an address must be verified before mail is sent from it.' },
  { name: 'DKIM domains', description: 'Signing keys per sending domain and the DNS records to publish.' },
  { name: 'Suppression list', description: 'Addresses that unsubscribed, complained or hard-bounced: mail to them is refused.' },
  { name: 'Unsubscribe forms', description: 'Hosted unsubscribe pages with a reason question.' },
  { name: 'Templates', description: 'Liquid templates for native sends and SmartFocus notifications (random + encrypt).' },
  { name: 'Callbacks', description: 'Batched, signed event POSTs to your endpoints, with retries and a delivery log.' },
  { name: 'Billing', description: 'Prepaid package and balance charged per sent mail.' },
  { name: 'Account', description: 'Settings of the calling account: time zone, sending rate, retry window.' },
  { name: 'SMS', description: 'SMS messages, prices, stop-list and sender ids.' },
  { name: 'SMS short links', description: 'Short links for SMS texts, with click and redirect counts; per-recipient links in campaigns.' },
  { name: 'Tasks', description: 'Background tasks (recipients from groups and files) and their progress.' },
  { name: 'SMS campaigns', description: 'Mass and template SMS campaigns: recipients, moderation, paced sending, counters and costs.' },
  { name: 'Operator', description: "The server operator's side (HERALD_OPERATOR_KEY): SMS prices, system stop-list, accounts' SMS settings, moderation." },
];

interface OpenApiDoc {
  paths?: unknown;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * Keeps only component schemas reachable from the paths: swagger collects every `addSchema`
 * of every face, and the document must describe /api/v1 alone.
 */
function pruneComponents<T extends OpenApiDoc>(doc: T): T {
  const all = doc.components?.schemas;
  if (!all) return doc;
  const keep = new Set<string>();
  const visit = (node: unknown): void => {
    const text = JSON.stringify(node) ?? '';
    for (const match of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = decodeURIComponent(match[1] ?? '');
      if (keep.has(name) || !(name in all)) continue;
      keep.add(name);
      visit(all[name]);
    }
  };
  visit(doc.paths);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => keep.has(name)));
  return { ...doc, components: { ...doc.components, schemas } };
}

/**
 * The OpenAPI generator and the docs page sit at the root (the page lives at /docs), so this is
 * called on the root instance before the native face registers its routes: swagger's onRoute
 * hook only sees routes added after it. Routes of other faces are hidden by `transform`.
 */
export async function registerNativeDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Herald',
        version: '1',
        description: 'Herald native JSON API. Authenticate with the account API key: `Authorization: Bearer <key>`. Errors are `{"error":{"code","message","details"}}`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The account native API key.' } } },
      security: [{ bearerAuth: [] }],
      tags: TAGS,
    },
    // Shared schemas keep their $id as their component name (`#/components/schemas/Contact`).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => {
      const own = url === API_PREFIX || url.startsWith(`${API_PREFIX}/`);
      return { schema: own ? schema : { ...schema, hide: true }, url };
    },
    transformObject: (documentObject) => ('openapiObject' in documentObject ? pruneComponents(documentObject.openapiObject) : documentObject.swaggerObject),
  });
  // Assets are served from the package (no CDN), so the page works offline.
  // The plugin's own policy (hashes of its inline scripts), tightened by docsCsp; no online validator badge.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true, persistAuthorization: true, validatorUrl: null }, staticCSP: true, transformStaticCSP: docsCsp });
}
