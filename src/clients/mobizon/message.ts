/** The message module (docs/protocols/mobizon.md §Methods): one SMS, statuses by id, and the list of sent SMS. */
import type { MobizonCaller } from './client.js';
import type { MobizonParamValue } from './form.js';
import { listOf, numberOf, numberOrNull, objectOf, pageOf, stringOf, stringOrNull, type Page, type Pagination, type RawObject, type Sort } from './values.js';

export type SendSmsParams = {
  [key: string]: MobizonParamValue;
  /** International format, digits (a `+` is allowed). */
  recipient: string;
  text: string;
  /** Sender id; "" or absent: the account's default. */
  from?: string;
  params?: {
    [key: string]: MobizonParamValue;
    name?: string;
    /** `YYYY-MM-DD HH:MM:SS` in the account's time zone. */
    deferredToTs?: string;
    shortenLinks?: boolean | 0 | 1;
    /** Minutes. */
    validity?: number;
    mclass?: 0 | 1;
  };
};

export interface SentSms {
  campaignId: number;
  messageId: number;
  /** 1 sent to moderation, 2 sent. */
  status: number;
  raw: RawObject;
}

export interface SmsStatus {
  id: number;
  status: string;
  segNum: number;
  startSendTs: string | null;
  statusUpdateTs: string | null;
  raw: RawObject;
}

export interface SmsMessage {
  id: number;
  campaignId: number | null;
  segNum: number;
  /** Price of one segment. */
  segUserBuy: number | null;
  from: string;
  to: string;
  text: string;
  status: string;
  groups: string | null;
  uuid: string;
  /** With withNumberInfo. */
  countryA2: string | null;
  operatorName: string | null;
  startSendTs: string | null;
  statusUpdateTs: string | null;
  raw: RawObject;
}

export type MessageListParams = {
  criteria?: {
    [key: string]: MobizonParamValue;
    campaignIds?: readonly (number | string)[];
    from?: string;
    to?: string;
    text?: string;
    status?: string;
    groups?: readonly (number | string)[];
    campaignStatus?: string;
    campaignCreateTsFrom?: string;
    campaignCreateTsTo?: string;
    campaignSentTsFrom?: string;
    campaignSentTsTo?: string;
    startSendTsFrom?: string;
    startSendTsTo?: string;
    statusUpdateTsFrom?: string;
    statusUpdateTsTo?: string;
  };
  withNumberInfo?: boolean | 0 | 1;
  pagination?: Pagination;
  sort?: Sort;
};

function smsStatusOf(value: unknown): SmsStatus {
  const raw = objectOf(value);
  return { id: numberOf(raw.id), status: stringOf(raw.status), segNum: numberOf(raw.segNum), startSendTs: stringOrNull(raw.startSendTs), statusUpdateTs: stringOrNull(raw.statusUpdateTs), raw };
}

function smsMessageOf(value: unknown): SmsMessage {
  const raw = objectOf(value);
  return {
    id: numberOf(raw.id),
    campaignId: numberOrNull(raw.campaignId),
    segNum: numberOf(raw.segNum),
    segUserBuy: numberOrNull(raw.segUserBuy),
    from: stringOf(raw.from),
    to: stringOf(raw.to),
    text: stringOf(raw.text),
    status: stringOf(raw.status),
    groups: stringOrNull(raw.groups),
    uuid: stringOf(raw.uuid),
    countryA2: stringOrNull(raw.countryA2),
    operatorName: stringOrNull(raw.operatorName),
    startSendTs: stringOrNull(raw.startSendTs),
    statusUpdateTs: stringOrNull(raw.statusUpdateTs),
    raw,
  };
}

export class MessageModule {
  constructor(private readonly client: MobizonCaller) {}

  /** message/sendSMSMessage (a POST form, as mobizon-php sends it). */
  async sendSMSMessage(params: SendSmsParams): Promise<SentSms> {
    const raw = objectOf((await this.client.call('message', 'sendSMSMessage', params)).data);
    return { campaignId: numberOf(raw.campaignId), messageId: numberOf(raw.messageId), status: numberOf(raw.status), raw };
  }

  /** message/getSMSStatus: up to 100 ids. */
  async getSMSStatus(ids: readonly (number | string)[]): Promise<SmsStatus[]> {
    return listOf((await this.client.call('message', 'getSMSStatus', { ids })).data).map(smsStatusOf);
  }

  async list(params: MessageListParams = {}): Promise<Page<SmsMessage>> {
    return pageOf((await this.client.call('message', 'list', params)).data, smsMessageOf);
  }
}
