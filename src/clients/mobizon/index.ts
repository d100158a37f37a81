/** Mobizon SMS API client (docs/protocols/mobizon.md): `import { MobizonClient } from 'herald/clients/mobizon'`. */
export { MobizonClient, DEFAULT_USER_AGENT, type MobizonClientOptions, type CallOptions, type MobizonCaller } from './client.js';
export { MobizonCode, MobizonError, MobizonResponseError, parseEnvelope, SUCCESS_CODES, type MobizonResponse } from './envelope.js';
export { httpBuildQuery, phpFormPairs, phpUrlencode, type MobizonParams, type MobizonParamValue } from './form.js';
export { buildMobizonRequest, serviceUrl, type MobizonFile } from './request.js';
export * from './campaign.js';
export * from './message.js';
export * from './link.js';
export * from './link-types.js';
export * from './account.js';
export * from './contactgroup.js';
export type { Page, Pagination, Sort, RawObject } from './values.js';
