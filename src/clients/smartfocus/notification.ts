/**
 * Notification (NMP trigger, transactional messages): the PHP library's Rest\Notification —
 * send() over GET /NMSREST, buildTransactionalRequestObject() and post() over POST /NMSXML
 * (docs/protocols/smartfocus.md §Notification). No session: the random + encrypt pair names the template.
 */
import { nodeTransport, type HttpTransport } from '../transport.js';
import { dynQueryValue, dynString, phpHttpBuildQuery } from './encoding.js';
import { readEnvelope, type Envelope } from './envelope.js';
import type { RawResult } from './member-results.js';
import { TransactionalRequest, type FieldValue } from './transactional-request.js';
import { attr, childText, children } from './xml.js';

/** The vendor's host; the PHP library cannot change it, this client can (e.g. to a Herald). */
export const NOTIFICATION_BASE_URL = 'https://api.notificationmessaging.com';

export interface NotificationOptions {
  /** Default: https://api.notificationmessaging.com */
  baseUrl?: string;
  transport?: HttpTransport;
}

export type SynchronizationType = 'NOTHING' | 'INSERT' | 'UPDATE' | 'INSERT_UPDATE';

/** One send request's answer inside a several-request NMSXML response. */
export interface SendRequestOutcome {
  email: string;
  ok: boolean;
  /** "SendRequest has been successfully saved!" when ok. */
  result: string | null;
  description: string | null;
  fields: string | null;
  status: string | null;
}

export interface NotificationResult extends RawResult {
  /** The recipient the service names (the `email` attribute), null when it does not. */
  email: string | null;
  /** The `<result>` text, e.g. "SendRequest has been successfully saved!"; null for a several-request answer. */
  result: string | null;
  /** Per send request, for an NMSXML document with several (empty otherwise). */
  outcomes: SendRequestOutcome[];
}

export function notificationResult(env: Envelope): NotificationResult {
  return {
    email: attr(env.response, 'email') ?? null,
    result: childText(env.response, 'result'),
    outcomes: children(env.response, 'element').map((e) => ({
      email: attr(e, 'email') ?? '',
      ok: attr(e, 'responseStatus') === 'success',
      result: childText(e, 'result'),
      description: childText(e, 'description'),
      fields: childText(e, 'fields'),
      status: childText(e, 'status'),
    })),
    raw: env.raw,
  };
}

export class Notification {
  private readonly transport: HttpTransport;
  private readonly baseUrl: string;

  constructor(options: NotificationOptions = {}) {
    this.transport = options.transport ?? nodeTransport();
    this.baseUrl = (options.baseUrl ?? NOTIFICATION_BASE_URL).replace(/\/+$/, '');
  }

  /**
   * GET /NMSREST?random=…&encrypt=…&email=…&senddate=…&uidkey=…&stype=…&dyn=k:v|k:v — the first six
   * form-encoded in this order (PHP http_build_query), dyn appended as `k:v|k:v` with `:` and `|`
   * raw. `notificationId` is accepted for the library's signature and, as there, not sent. A past
   * `senddate` (`YYYY-MM-DD HH:MM:SS`) means now.
   */
  async send(
    email: string,
    encrypt: string,
    notificationId: string | number | null,
    random: string,
    dyn: string | Readonly<Record<string, string | number>>,
    senddate = '2008-12-12 00:00:00',
    uidkey = '',
    stype: SynchronizationType | (string & {}) = 'NOTHING',
  ): Promise<NotificationResult> {
    void notificationId;
    const query = phpHttpBuildQuery([
      ['random', random],
      ['encrypt', encrypt],
      ['email', email],
      ['senddate', senddate],
      ['uidkey', uidkey],
      ['stype', stype],
    ]);
    const dynText = typeof dyn === 'string' ? dyn : dynString(dyn);
    const res = await this.transport.send({ method: 'GET', url: `${this.baseUrl}/NMSREST?${query}&dyn=${dynQueryValue(dynText)}`, headers: { Accept: '*/*' } });
    return notificationResult(readEnvelope(res));
  }

  /** The MultiSendRequest for post(); see TransactionalRequest. Nothing is sent. */
  buildTransactionalRequestObject(
    recipientEmail: string,
    encryptId: string,
    randomId: string,
    dyn: Readonly<Record<string, FieldValue>> | null = null,
    content: ReadonlyArray<FieldValue> | Readonly<Record<string, FieldValue>> | null = null,
    enableTracking = false,
    additionalParams: Readonly<Record<string, FieldValue>> | null = null,
  ): TransactionalRequest {
    return new TransactionalRequest(recipientEmail, encryptId, randomId, dyn, content, enableTracking, additionalParams);
  }

  /** POST /NMSXML with the document (a TransactionalRequest, or XML written elsewhere, sent verbatim). */
  async post(request: TransactionalRequest | string): Promise<NotificationResult> {
    const body = typeof request === 'string' ? request : request.asXML();
    const res = await this.transport.send({ method: 'POST', url: `${this.baseUrl}/NMSXML`, headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'application/xml' }, body });
    return notificationResult(readEnvelope(res));
  }
}
