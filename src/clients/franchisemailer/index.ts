/** FranchiseMailer REST v1 client (`herald/clients/franchisemailer`). */
export { FranchiseMailerClient, FRANCHISEMAILER_BASE_URL, type FranchiseMailerClientOptions } from './client.js';
export { FranchiseMailerError, FranchiseMailerProtocolError, type ErrorEnvelope } from './errors.js';
export { buildRequest, readResponse, type FmMethod, type FmResult } from './call.js';
export { authHeaders, gmdateR, signRequestDate, type FranchiseMailerCredentials } from './signing.js';
export { httpBuildQuery, phpUrlencode, type FormArray, type FormValue } from './form.js';
export { DEFAULT_PAGE_SIZE, nextOffset } from './paging.js';
export type { Offices } from './offices.js';
export type { Users } from './users.js';
export type { Contacts } from './contacts.js';
export type { ContactGroups } from './contact-groups.js';
export type { CustomFields } from './custom-fields.js';
export type { SingleSignOn } from './sso.js';
export type * from './types.js';
export { HttpTransportError, nodeTransport, RecordingTransport, type HttpRequest, type HttpResponse, type HttpTransport } from '../transport.js';
