/**
 * The client of Herald's own API (/api/v1): openapi-fetch over the types openapi-typescript
 * generates from the served OpenAPI document (schema.ts, `npm run clients:generate`), so every
 * path, parameter, body and answer is typed from the same schemas the server validates with.
 */
import createClient, { type Client } from 'openapi-fetch';
import { nodeTransport, type HttpTransport } from '../transport.js';
import { fetchOverTransport } from './fetch-adapter.js';
import type { paths } from './schema.js';

export interface HeraldClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8080` (paths carry `/api/v1`). */
  baseUrl: string;
  /** The account's native API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** How requests travel (default: nodeTransport()). */
  transport?: HttpTransport;
}

export type HeraldClient = Client<paths>;

export function createHeraldClient(options: HeraldClientOptions): HeraldClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: fetchOverTransport(options.transport ?? nodeTransport()),
    headers: { Authorization: `Bearer ${options.apiKey}` },
  });
}
