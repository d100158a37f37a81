/**
 * The FranchiseMailer REST v1 client: one object per account (access and secret key), a resource
 * per section of the document, and `call()` for anything by hand, as the vendor's `api_call()`.
 * Works against the hosted service and against Herald's `/v1` face alike; only `baseUrl` differs.
 */
import { nodeTransport, type HttpTransport } from '../transport.js';
import { makeCall, type Call, type FmMethod, type FmResult } from './call.js';
import { ContactGroups } from './contact-groups.js';
import { Contacts } from './contacts.js';
import { CustomFields } from './custom-fields.js';
import type { FormArray } from './form.js';
import { Offices } from './offices.js';
import type { FranchiseMailerCredentials } from './signing.js';
import { SingleSignOn } from './sso.js';
import { Users } from './users.js';

/** The document's general service URL. */
export const FRANCHISEMAILER_BASE_URL = 'https://api.franchisemailer.co.uk/v1';

export interface FranchiseMailerClientOptions extends FranchiseMailerCredentials {
  /** Service root including `/v1`: the hosted service by default, `https://herald.example/v1` for Herald. */
  baseUrl?: string;
  /** Default: node:http(s) with the vendor snippet's 300 s timeout. */
  transport?: HttpTransport;
  /**
   * Clock for `requestdate`. The service refuses dates too far from its own clock (Herald: ±5
   * minutes); tests pin it to reproduce exact bytes.
   */
  now?: () => Date;
}

export class FranchiseMailerClient {
  readonly offices: Offices;
  readonly users: Users;
  readonly contacts: Contacts;
  readonly contactGroups: ContactGroups;
  readonly customFields: CustomFields;
  readonly sso: SingleSignOn;
  private readonly send: Call;

  constructor(options: FranchiseMailerClientOptions) {
    const transport = options.transport ?? nodeTransport({ timeoutMs: 300_000 });
    const credentials = { accessKey: options.accessKey, secretKey: options.secretKey };
    const baseUrl = options.baseUrl ?? FRANCHISEMAILER_BASE_URL;
    const now = options.now ?? (() => new Date());
    this.send = makeCall(transport, () => ({ baseUrl, credentials, now: now() }));
    this.offices = new Offices(this.send);
    this.users = new Users(this.send);
    this.contacts = new Contacts(this.send);
    this.contactGroups = new ContactGroups(this.send);
    this.customFields = new CustomFields(this.send);
    this.sso = new SingleSignOn(this.send);
  }

  /**
   * A raw signed request, as `api_call($method, $url, $data)`: `path` relative to the base URL
   * (`/contacts?office=1`), `params` in the query string for GET and DELETE, in a form body for
   * POST and PUT. Returns the success envelope's `data` and `meta`; errors throw as everywhere.
   */
  call(method: FmMethod, path: string, params?: FormArray): Promise<FmResult> {
    return this.send(method, path, params);
  }
}
