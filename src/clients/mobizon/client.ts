/**
 * The Mobizon client: `call(module, method, params)` for any method (as mobizon-php's
 * `MobizonApi::call`), and typed modules for the Campaign module and the methods of
 * docs/protocols/mobizon.md §Campaigns, §Methods (`client.campaign.create(…)`, `client.message.sendSMSMessage(…)`, …),
 * including contactgroup/* and price/listPublic, which mobizon-node calls.
 */
import { nodeTransport, type HttpTransport } from '../transport.js';
import type { MobizonParams } from './form.js';
import { MobizonError, parseEnvelope, SUCCESS_CODES, type MobizonResponse } from './envelope.js';
import { buildMobizonRequest, type MobizonFile } from './request.js';
import { CampaignModule } from './campaign.js';
import { MessageModule } from './message.js';
import { LinkModule } from './link.js';
import { AlphanameModule, TaskqueueModule, UserModule } from './account.js';
import { ContactgroupModule, PriceModule } from './contactgroup.js';

export interface MobizonClientOptions {
  /** Scheme, host and port of the API server: `https://api.mobizon.kz`, or a Herald's base URL. */
  baseUrl: string;
  apiKey: string;
  transport?: HttpTransport;
  userAgent?: string;
}

export interface CallOptions {
  /** File parts (field name → file): the call becomes a multipart POST. */
  files?: Readonly<Record<string, MobizonFile>>;
  /** Codes answered as results rather than thrown (always 0 and 100). */
  accept?: readonly number[];
}

/** What the typed modules need of the client. */
export interface MobizonCaller {
  call(module: string, method: string, params?: MobizonParams, options?: CallOptions): Promise<MobizonResponse>;
}

export const DEFAULT_USER_AGENT = 'herald-mobizon-client/1';

export class MobizonClient implements MobizonCaller {
  private readonly transport: HttpTransport;
  readonly campaign: CampaignModule;
  readonly message: MessageModule;
  readonly link: LinkModule;
  readonly user: UserModule;
  readonly taskqueue: TaskqueueModule;
  readonly alphaname: AlphanameModule;
  readonly contactgroup: ContactgroupModule;
  readonly price: PriceModule;

  constructor(private readonly options: MobizonClientOptions) {
    this.transport = options.transport ?? nodeTransport();
    this.campaign = new CampaignModule(this);
    this.message = new MessageModule(this);
    this.link = new LinkModule(this);
    this.user = new UserModule(this);
    this.taskqueue = new TaskqueueModule(this);
    this.alphaname = new AlphanameModule(this);
    this.contactgroup = new ContactgroupModule(this);
    this.price = new PriceModule(this);
  }

  /**
   * Calls `module/method` with `params` and returns the envelope; throws MobizonError for an error
   * code, MobizonResponseError for an answer that is not an envelope, HttpTransportError when no
   * answer came.
   */
  async call(module: string, method: string, params: MobizonParams = {}, options: CallOptions = {}): Promise<MobizonResponse> {
    const name = `${module}/${method}`;
    const target = { baseUrl: this.options.baseUrl, apiKey: this.options.apiKey, userAgent: this.options.userAgent ?? DEFAULT_USER_AGENT };
    const request = await buildMobizonRequest(target, module, method, params, options.files);
    const response = await this.transport.send(request);
    const envelope = parseEnvelope(name, response.status, response.body.toString('utf8'));
    if (!SUCCESS_CODES.includes(envelope.code) && !(options.accept ?? []).includes(envelope.code)) throw new MobizonError(name, envelope);
    return envelope;
  }
}
