/**
 * The Campaign module (docs/protocols/mobizon.md §Campaigns): create a campaign, add its
 * recipients (numbers, contacts, groups or a file), send, read and delete it.
 */
import type { MobizonCaller } from './client.js';
import { MobizonCode } from './envelope.js';
import type { MobizonParams, MobizonParamValue } from './form.js';
import type { MobizonFile } from './request.js';
import { linkOfCampaign, type CampaignLink } from './link-types.js';
import { listOf, numberOf, numberOrNull, numericMembers, objectOf, pageOf, stringOf, stringOrNull, type Page, type Pagination, type RawObject, type Sort } from './values.js';

/** campaign/create `data[…]`; keys are sent in the order given. */
export interface CampaignCreateData {
  [key: string]: MobizonParamValue;
  text: string;
  name?: string;
  /** 1 single, 2 mass (default), 3 template. */
  type?: 1 | 2 | 3;
  from?: string;
  rateLimit?: number;
  /** Seconds: 60, 3600 or 86400. */
  ratePeriod?: number;
  /** `YYYY-MM-DD HH:MM:SS` in the account's time zone. */
  deferredToTs?: string;
  /** Minutes, 60..1440. */
  validity?: number;
  mclass?: 0 | 1 | 2 | 3;
  shortenLinks?: boolean | 0 | 1;
  trackShortLinkRecipients?: boolean | 0 | 1;
  /** mobizon-php's example sends SMS. */
  msgType?: 'SMS';
}

/** A template campaign's recipient: the number and a value per placeholder. */
export interface TemplateRecipient {
  [placeholder: string]: string | number;
  recipient: string;
}

/** Exactly one source of recipients per call (more at once is code 12). */
export type RecipientSource =
  | { recipients: string | readonly string[] | readonly TemplateRecipient[] }
  | { recipientContacts: string | readonly (string | number)[] }
  | { recipientGroups: string | readonly (string | number)[] }
  | { recipientsFile: MobizonFile };

export interface AddRecipientsParams {
  [key: string]: MobizonParamValue;
  replace?: boolean | 0 | 1;
  placeholdersFlag?: 1 | 2 | 3;
  recipientsFileEncoding?: string;
  recipientsFileSkipHeader?: boolean | 0 | 1;
  recipientsFileDelimiter?: string;
  recipientsFileEnclosure?: string;
}

/** One recipient of a synchronous addRecipients: code 0 added, others say why not. */
export interface AddedRecipient {
  recipient: string | null;
  code: number;
  messageId: number | null;
  type: string;
  number: string | null;
  contactId: number | null;
  raw: RawObject;
}

export type AddRecipientsResult =
  /** Numbers or contacts: code 0 all added, 98 some, 99 none; one item per recipient sent. */
  | { kind: 'added'; code: number; message: string; items: AddedRecipient[] }
  /** Groups or a file: a background task (taskqueue.getStatus). */
  | { kind: 'task'; taskId: number };

export interface Campaign {
  id: number;
  moderationStatus: string;
  commonStatus: string;
  groupsList: string[];
  type: number;
  msgType: string;
  rateLimit: number | null;
  ratePeriod: number | null;
  sendStatus: string;
  isDeleted: number | null;
  deferredToTs: string | null;
  createTs: string | null;
  startSendTs: string | null;
  endSendTs: string | null;
  name: string;
  from: string;
  text: string;
  validity: number | null;
  mclass: number | null;
  trackShortLinkRecipients: number | null;
  groups: string;
  globalComment: string | null;
  /** validity, mclass, trackShortLinkRecipients, coding… as the live service nests them. */
  extra: Record<string, number | string | null>;
  raw: RawObject;
}

/** Counters of getInfo: `total{Status}SegNum|MsgNum|MsgCost`, totals, updateTs, userCurrency. */
export interface CampaignCounters {
  [counter: string]: number | string | null;
  updateTs: string | null;
  userCurrency: string | null;
}

export interface CampaignInfo extends Campaign {
  creationWay: number | null;
  counters: CampaignCounters;
}

export type CampaignSortField = 'id' | 'name' | 'from' | 'counters.totalMsgNum' | 'counters.totalCost' | 'createTs' | 'startSendTs' | 'endSendTs';

export type CampaignListParams = {
  criteria?: {
    [key: string]: MobizonParamValue;
    id?: number | string;
    ids?: readonly (number | string)[];
    recipient?: string;
    from?: string;
    text?: string;
    status?: string;
    createTsFrom?: string;
    createTsTo?: string;
    sentTsFrom?: string;
    sentTsTo?: string;
    type?: 1 | 2 | 3;
    groups?: string;
  };
  pagination?: Pagination;
  sort?: Sort<CampaignSortField>;
};

export type CampaignSendResult = { kind: 'sent'; status: 1 | 2 } | { kind: 'task'; taskId: number };

export function campaignOf(value: unknown): Campaign {
  const raw = objectOf(value);
  const extra = numericMembers(raw.extra);
  return {
    id: numberOf(raw.id),
    moderationStatus: stringOf(raw.moderationStatus),
    commonStatus: stringOf(raw.commonStatus),
    groupsList: listOf(raw.groupsList).map(stringOf),
    type: numberOf(raw.type),
    msgType: stringOf(raw.msgType),
    rateLimit: numberOrNull(raw.rateLimit),
    ratePeriod: numberOrNull(raw.ratePeriod),
    sendStatus: stringOf(raw.sendStatus),
    isDeleted: numberOrNull(raw.isDeleted),
    deferredToTs: stringOrNull(raw.deferredToTs),
    createTs: stringOrNull(raw.createTs),
    startSendTs: stringOrNull(raw.startSendTs),
    endSendTs: stringOrNull(raw.endSendTs),
    name: stringOf(raw.name),
    from: stringOf(raw.from),
    text: stringOf(raw.text),
    // The documented top-level fields; the live service has them only inside `extra`.
    validity: numberOrNull(raw.validity ?? raw.ttl ?? extra.validity),
    mclass: numberOrNull(raw.mclass ?? extra.mclass),
    trackShortLinkRecipients: numberOrNull(raw.trackShortLinkRecipients ?? extra.trackShortLinkRecipients),
    groups: stringOf(raw.groups),
    globalComment: stringOrNull(raw.globalComment),
    extra,
    raw,
  };
}

export function campaignInfoOf(value: unknown): CampaignInfo {
  const raw = objectOf(value);
  const counters = numericMembers(raw.counters);
  return {
    ...campaignOf(raw),
    creationWay: numberOrNull(raw.creationWay),
    counters: { ...counters, updateTs: stringOrNull(counters.updateTs), userCurrency: stringOrNull(counters.userCurrency) },
  };
}

function addedRecipientOf(value: unknown): AddedRecipient {
  const raw = objectOf(value);
  return {
    recipient: stringOrNull(raw.recipient),
    code: numberOf(raw.code),
    messageId: numberOrNull(raw.messageId),
    type: stringOf(raw.type),
    number: stringOrNull(raw.number),
    contactId: numberOrNull(raw.contactId),
    raw,
  };
}

const taskIdOf = (data: unknown): number => numberOf(data);

export class CampaignModule {
  constructor(private readonly client: MobizonCaller) {}

  /** campaign/create → the new campaign's id. */
  async create(data: CampaignCreateData): Promise<number> {
    return numberOf((await this.client.call('campaign', 'create', { data })).data);
  }

  /**
   * campaign/addRecipients. Partial (98) and empty (99) outcomes are results, not errors: their
   * items say which recipients were refused and why.
   */
  async addRecipients(id: number | string, source: RecipientSource, params?: AddRecipientsParams): Promise<AddRecipientsResult> {
    const files: Record<string, MobizonFile> = {};
    const body: Record<string, MobizonParamValue> = { id };
    if ('recipientsFile' in source) files.recipientsFile = source.recipientsFile;
    else Object.assign(body, source);
    if (params !== undefined) body.params = params;
    const res = await this.client.call('campaign', 'addRecipients', body, { files, accept: [MobizonCode.PARTIAL, MobizonCode.NOTHING_DONE] });
    if (res.code === MobizonCode.BACKGROUND_TASK) return { kind: 'task', taskId: taskIdOf(res.data) };
    return { kind: 'added', code: res.code, message: res.message, items: listOf(res.data).map(addedRecipientOf) };
  }

  /** campaign/delete → true. */
  async delete(id: number | string): Promise<boolean> {
    return (await this.client.call('campaign', 'delete', { id })).data === true;
  }

  async get(id: number | string): Promise<Campaign> {
    return campaignOf((await this.client.call('campaign', 'get', { id })).data);
  }

  /** campaign/getInfo; `getFilledTplCampaignText` shows a template's text as its first recipient gets it. */
  async getInfo(id: number | string, options: { getFilledTplCampaignText?: boolean } = {}): Promise<CampaignInfo> {
    const params: MobizonParams = options.getFilledTplCampaignText === undefined ? { id } : { id, getFilledTplCampaignText: options.getFilledTplCampaignText };
    return campaignInfoOf((await this.client.call('campaign', 'getInfo', params)).data);
  }

  async getLinks(campaignId: number | string): Promise<CampaignLink[]> {
    return listOf((await this.client.call('campaign', 'getLinks', { campaignId })).data).map(linkOfCampaign);
  }

  async list(params: CampaignListParams = {}): Promise<Page<CampaignInfo>> {
    return pageOf((await this.client.call('campaign', 'list', { ...params })).data, campaignInfoOf);
  }

  /** campaign/send → 1 sent to moderation, 2 sending; or a background task. */
  async send(id: number | string): Promise<CampaignSendResult> {
    const res = await this.client.call('campaign', 'send', { id });
    if (res.code === MobizonCode.BACKGROUND_TASK) return { kind: 'task', taskId: taskIdOf(res.data) };
    return { kind: 'sent', status: numberOf(res.data) === 1 ? 1 : 2 };
  }
}
