export { createHeraldClient, type HeraldClient, type HeraldClientOptions } from './client.js';
export { HeraldApiError, apiErrorOf, unwrap, type HeraldErrorDetail } from './errors.js';
export { fetchOverTransport, type FetchFunction } from './fetch-adapter.js';
export { multipart } from './multipart.js';
export type { paths, components, operations } from './schema.js';
export type { HttpRequest, HttpResponse, HttpTransport } from '../transport.js';
export { HttpTransportError, RecordingTransport, nodeTransport, responseOf } from '../transport.js';

import type { components } from './schema.js';
/** The API's named schemas: `HeraldSchemas['Contact']`, `HeraldSchemas['SmsCampaign']`… */
export type HeraldSchemas = components['schemas'];
