/**
 * The SendExpert transactional API client: the five actions of docs/protocols/sendexpert.md
 * (as the vendor's cSendExpertTransAPI offers them) over POST /api/transapi.php, signed
 * md5(key . json_encode(data)), in either encoding the API accepts (json by default).
 */
import { nodeTransport, type HttpTransport } from '../transport.js';
import { SendExpertError, SendExpertResponseError } from './errors.js';
import { buildSendExpertRequest, type SendExpertEncoding } from './request.js';
import { accountInfoOf, numberOrNull, rawOf, statByDateOf, statusMailOf, type AccountInfo, type DayStats, type StatusMail } from './results.js';

export interface SendExpertClientOptions {
  /** Scheme and host: `https://app.sendexpert.com`, or a Herald's base URL. */
  baseUrl: string;
  /** The account's user id (the document sends it as a string: "1"). */
  userId: string | number;
  /** The secret key shown in the account. */
  key: string;
  transport?: HttpTransport;
  /** json (default: `{user_id, action, data, sign}`) or form (`user_id, sign, request, action`). */
  encoding?: SendExpertEncoding;
  userAgent?: string;
}

export interface Attachment {
  name: string;
  /** The file's content in base64 (attachmentOf encodes bytes). */
  body: string;
}

/** sendMail parameters, sent in the order given. */
export interface SendMailParams {
  [key: string]: unknown;
  to_email: string;
  from_email: string;
  from_name?: string;
  subject: string;
  body_html?: string;
  body_text?: string;
  /** When to send: Unix seconds (or a Date); absent, 0 or past: now. */
  timestamp_send?: number | string | Date;
  language?: string;
  /** Id of an unsubscribe form. */
  unsubscribe_form?: number | string;
  project?: number | string;
  attach_files?: Attachment[];
}

export const DEFAULT_USER_AGENT = 'herald-sendexpert-client/1';

/** An attachment from its bytes (or UTF-8 text). */
export function attachmentOf(name: string, content: Uint8Array | string): Attachment {
  return { name, body: Buffer.from(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64') };
}

const unixSeconds = (t: number | Date): number => (t instanceof Date ? Math.floor(t.getTime() / 1000) : t);

export class SendExpertClient {
  private readonly transport: HttpTransport;

  constructor(private readonly options: SendExpertClientOptions) {
    this.transport = options.transport ?? nodeTransport();
  }

  /**
   * Any action with its parameters (`[]`, PHP's empty array, when it has none); returns `result`.
   * Throws SendExpertError for an error code, SendExpertResponseError for an answer that is not an
   * envelope, HttpTransportError when no answer came.
   */
  async call(action: string, data: unknown = [], options: { encoding?: SendExpertEncoding } = {}): Promise<unknown> {
    const { baseUrl, userId, key } = this.options;
    const request = buildSendExpertRequest(baseUrl, { userId, key }, action, data, options.encoding ?? this.options.encoding ?? 'json', this.options.userAgent ?? DEFAULT_USER_AGENT);
    const response = await this.transport.send(request);
    const body = response.body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      throw new SendExpertResponseError(action, response.status, body, 'the answer is not JSON');
    }
    const envelope = rawOf(parsed);
    if (!('error' in envelope) && !('result' in envelope)) throw new SendExpertResponseError(action, response.status, body, 'the answer is not {error, result}');
    const error = envelope.error;
    if (error !== undefined && error !== null && error !== '') throw new SendExpertError(action, String(error), envelope.result, body);
    return envelope.result;
  }

  /** "PASSED" when the credentials work. */
  async checkAPI(): Promise<string> {
    return String(await this.call('checkAPI'));
  }

  async getAccountInfo(): Promise<AccountInfo> {
    return accountInfoOf(await this.call('getAccountInfo'));
  }

  /** Queues a mail; its ID is what getStatusMail takes. */
  async sendMail(params: SendMailParams): Promise<{ ID: number }> {
    const data: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(params)) data[name] = value instanceof Date ? unixSeconds(value) : value;
    const result = rawOf(await this.call('sendMail', data));
    return { ID: numberOrNull(result.ID) ?? Number.NaN };
  }

  async getStatusMail(mailId: number | string): Promise<StatusMail> {
    return statusMailOf(await this.call('getStatusMail', { mail_id: mailId }));
  }

  /** Per-day counters from time_start to time_end (Unix seconds or Dates), keyed `YYYY-MM-DD`. */
  async getStatByDate(timeStart: number | Date, timeEnd: number | Date): Promise<Record<string, DayStats>> {
    return statByDateOf(await this.call('getStatByDate', { time_start: unixSeconds(timeStart), time_end: unixSeconds(timeEnd) }));
  }
}
