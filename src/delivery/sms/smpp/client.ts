import { SmppLink, type BindCredentials, type LinkState } from './link.js';
import type { Pdu } from './wire.js';
import {
  addressOf,
  classifyStatus,
  DATA_CODING,
  decodeBody,
  ESM_CLASS,
  fieldBuffer,
  fieldNumber,
  fieldString,
  isReceipt,
  MAX_PAYLOAD_OCTETS,
  MAX_SHORT_MESSAGE_OCTETS,
  REGISTERED_DELIVERY,
  splitUdh,
  statusName,
  STATUS,
} from './pdu-fields.js';
import { buildReceipt, type DeliveryReceipt } from './receipt.js';

/*
 * An ESME session to one SMSC: submit_sm with a window of outstanding requests and per-request
 * response timeouts, delivery receipts and MO messages handed to the owner, and a link that
 * reconnects by itself. Every submit settles: with the SMSC's message_id, or with an error saying
 * whether retrying makes sense. Nothing here throws once connected.
 */

export interface SmppClientOptions extends BindCredentials {
  host: string;
  port: number;
  /** One transceiver (default), or a transmitter for submits plus a receiver for receipts. */
  bind?: 'transceiver' | 'transmitter+receiver';
  /** Outstanding submit_sm without a response; further submits queue. Default 100. */
  window?: number;
  responseTimeoutMs?: number;
  connectTimeoutMs?: number;
  enquireLinkMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Called for each delivery receipt; deliver_sm_resp is sent when it settles (an error answers ESME_RX_T_APPN so the SMSC redelivers). */
  onReceipt?: (receipt: DeliveryReceipt) => void | Promise<void>;
  /** A deliver_sm that is not a receipt (a mobile-originated message). */
  onMessage?: (message: InboundMessage) => void | Promise<void>;
  /** A deliver_sm marked as a receipt that names no message id. */
  onBadReceipt?: (text: string) => void;
  onState?: (state: LinkState, detail: string, link: string) => void;
}

/** One SMS part as it goes on the wire: body already encoded, data_coding stated. */
export interface SubmitPart {
  source: string;
  destination: string;
  /** 0 GSM 7-bit (one septet per octet, unpacked), 8 UCS-2, …; with message class bits if wanted (flash: 0x10 | dc). */
  dataCoding: number;
  body: Buffer;
  /** Complete user data header including its length octet; sets esm_class 0x40. */
  udh?: Buffer;
  /** Default 1: a final delivery receipt. */
  registeredDelivery?: number;
  /** Relative (SMPP `YYMMDDhhmmss000R`) or a Date. */
  validityPeriod?: string | Date;
  scheduleDeliveryTime?: string | Date;
  serviceType?: string;
  protocolId?: number;
  priority?: number;
  /** Extra esm_class bits (the UDH bit is set from `udh`). */
  esmClass?: number;
  /** Over 254 octets: send in the message_payload TLV instead of refusing (not every SMSC takes it). */
  allowPayload?: boolean;
  sourceTon?: number;
  sourceNpi?: number;
  destTon?: number;
  destNpi?: number;
}

export type SubmitErrorKind = 'throttled' | 'temporary' | 'rejected' | 'connection-lost' | 'timeout' | 'invalid' | 'closed';

export interface SubmitError {
  kind: SubmitErrorKind;
  /** The SMPP command_status when the SMSC answered with one (submit_sm_resp or generic_nack). */
  commandStatus: number | null;
  /** Whether sending the same part again may succeed (throttled, temporary, connection lost, timeout). */
  retryable: boolean;
  message: string;
}

export type SubmitResult = { messageId: string } | { error: SubmitError };

export interface InboundMessage {
  source: string;
  destination: string;
  dataCoding: number;
  udh: Buffer | null;
  body: Buffer;
  text: string;
}

interface Waiter {
  fields: Record<string, unknown>;
  resolve: (result: SubmitResult) => void;
}

interface InFlight {
  resolve: (result: SubmitResult) => void;
  sentAt: number;
}

export class SmppClient {
  private readonly tx: SmppLink;
  private readonly rx: SmppLink | null;
  private readonly window: number;
  private readonly responseTimeoutMs: number;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly waiting: Waiter[] = [];
  private waitingHead = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: SmppClientOptions) {
    this.window = Math.max(1, options.window ?? 100);
    this.responseTimeoutMs = options.responseTimeoutMs ?? 10_000;
    const common = {
      ...options,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      responseTimeoutMs: this.responseTimeoutMs,
      enquireLinkMs: options.enquireLinkMs ?? 30_000,
      reconnectInitialMs: options.reconnectInitialMs ?? 500,
      reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
    };
    const owner = { onPdu: (pdu: Pdu, link: SmppLink) => this.onPdu(pdu, link), onState: (state: LinkState, detail: string, link: SmppLink) => this.onState(state, detail, link) };
    const split = options.bind === 'transmitter+receiver';
    this.tx = new SmppLink({ ...common, mode: split ? 'transmitter' : 'transceiver' }, owner);
    this.rx = split ? new SmppLink({ ...common, mode: 'receiver' }, owner) : null;
  }

  /** Connects and binds; rejects with a BindError (wrong password…) or a connection error. */
  async connect(): Promise<void> {
    await this.tx.open();
    if (this.rx) {
      try {
        await this.rx.open();
      } catch (err) {
        await this.tx.close();
        throw err;
      }
    }
    const every = Math.max(20, Math.min(1000, this.responseTimeoutMs / 4));
    this.sweepTimer = setInterval(() => this.sweepTimeouts(), every);
    this.sweepTimer.unref();
  }

  get bound(): boolean {
    return this.tx.state === 'bound' && (this.rx === null || this.rx.state === 'bound');
  }

  /** Submits written and awaiting their submit_sm_resp (at most the window). */
  get outstanding(): number {
    return this.inFlight.size;
  }

  /** Submits awaiting a response plus those queued behind the window. */
  get pending(): number {
    return this.inFlight.size + this.waiting.length - this.waitingHead;
  }

  /**
   * Sends one part. Settles with the SMSC's message_id, or an error: `throttled` (slow down, retry),
   * `temporary`, `connection-lost`/`timeout` (retry; a timed-out part may have been accepted),
   * `rejected` (final, command_status kept), `invalid` (Herald's mistake, nothing sent).
   */
  submit(part: SubmitPart): Promise<SubmitResult> {
    if (this.closed) return Promise.resolve(failure('closed', null, 'the SMPP client is closed'));
    const built = submitFields(part);
    if ('error' in built) return Promise.resolve(built);
    const fields = built.fields;
    if (this.tx.state !== 'bound') return Promise.resolve(failure('connection-lost', null, `SMPP link ${this.tx.name} is ${this.tx.state}`));
    return new Promise((resolve) => {
      if (this.inFlight.size < this.window && this.waitingHead === this.waiting.length) this.write(fields, resolve);
      else this.waiting.push({ fields, resolve });
    });
  }

  /** Fails what is pending, unbinds and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.failAll('closed', 'the SMPP client was closed');
    await Promise.all([this.tx.close(), this.rx?.close()]);
  }

  private write(fields: Record<string, unknown>, resolve: (result: SubmitResult) => void): void {
    const sequence = this.tx.nextSequence();
    const why = this.tx.send('submit_sm', sequence, fields);
    if (why !== null) {
      resolve(failure(why.startsWith('cannot encode') ? 'invalid' : 'connection-lost', null, why));
      return;
    }
    this.inFlight.set(sequence, { resolve, sentAt: Date.now() });
  }

  private pump(): void {
    while (this.inFlight.size < this.window && this.waitingHead < this.waiting.length && this.tx.state === 'bound') {
      const next = this.waiting[this.waitingHead] as Waiter;
      this.waiting[this.waitingHead] = undefined as unknown as Waiter;
      this.waitingHead += 1;
      this.write(next.fields, next.resolve);
    }
    if (this.waitingHead === this.waiting.length) {
      this.waiting.length = 0;
      this.waitingHead = 0;
    }
  }

  private onPdu(pdu: Pdu, link: SmppLink): void {
    switch (pdu.command) {
      case 'submit_sm_resp':
      case 'generic_nack':
        this.settle(pdu);
        return;
      case 'deliver_sm':
      case 'data_sm':
        this.inbound(pdu, link);
        return;
      default:
        // Requests we do not serve (query_sm from a peer, outbind…) get a clear refusal.
        if (!pdu.command.endsWith('_resp')) link.respond(pdu, {}, STATUS.ESME_RINVCMDID);
    }
  }

  private settle(pdu: Pdu): void {
    const entry = this.inFlight.get(pdu.sequence);
    if (!entry) return; // a late answer to a part already reported as timed out
    this.inFlight.delete(pdu.sequence);
    const status = pdu.commandStatus;
    if (status === 0 && pdu.command === 'submit_sm_resp') {
      const messageId = fieldString(pdu.fields, 'message_id');
      entry.resolve(messageId ? { messageId } : failure('rejected', 0, 'the SMSC accepted the part but gave no message_id'));
    } else {
      const kind = pdu.command === 'generic_nack' ? 'rejected' : classifyStatus(status);
      const what = pdu.command === 'generic_nack' ? 'generic_nack' : 'submit_sm_resp';
      entry.resolve(failure(kind, status, `${what} ${statusName(status)}`));
    }
    this.pump();
  }

  private inbound(pdu: Pdu, link: SmppLink): void {
    const f = pdu.fields;
    const esmClass = fieldNumber(f, 'esm_class') ?? 0;
    const dataCoding = fieldNumber(f, 'data_coding') ?? 0;
    const short = fieldBuffer(f, 'short_message') ?? Buffer.alloc(0);
    const raw = short.length > 0 ? short : (fieldBuffer(f, 'message_payload') ?? short);
    const { udh, body } = splitUdh(raw, esmClass);
    const text = decodeBody(body, dataCoding);
    const receiptedId = fieldString(f, 'receipted_message_id');
    let work: void | Promise<void> = undefined;
    try {
      if (isReceipt(esmClass, receiptedId !== null)) {
        const receipt = buildReceipt({ text, receiptedMessageId: receiptedId, messageState: fieldNumber(f, 'message_state'), networkErrorCode: fieldBuffer(f, 'network_error_code') });
        if (receipt) work = this.options.onReceipt?.(receipt);
        else this.options.onBadReceipt?.(text);
      } else {
        work = this.options.onMessage?.({ source: fieldString(f, 'source_addr') ?? '', destination: fieldString(f, 'destination_addr') ?? '', dataCoding, udh, body, text });
      }
    } catch (err) {
      work = Promise.reject(err);
    }
    const answer = pdu.command === 'data_sm' ? { message_id: '' } : {};
    if (work instanceof Promise) {
      work.then(
        () => link.respond(pdu, answer),
        () => link.respond(pdu, {}, STATUS.ESME_RX_T_APPN),
      );
    } else {
      link.respond(pdu, answer);
    }
  }

  private onState(state: LinkState, detail: string, link: SmppLink): void {
    if (link === this.tx && state !== 'bound' && this.pending > 0) {
      // smpp never answers requests written to a dead connection: settle them now, retryable.
      this.failAll('connection-lost', `SMPP connection lost: ${detail}`);
    }
    this.options.onState?.(state, detail, link.name);
  }

  private failAll(kind: SubmitErrorKind, message: string): void {
    const inFlight = [...this.inFlight.values()];
    this.inFlight.clear();
    const waiting = this.waiting.slice(this.waitingHead);
    this.waiting.length = 0;
    this.waitingHead = 0;
    for (const entry of [...inFlight, ...waiting]) entry.resolve(failure(kind, null, message));
  }

  private sweepTimeouts(): void {
    const deadline = Date.now() - this.responseTimeoutMs;
    // Map iteration follows insertion, i.e. send order: stop at the first one still in time.
    for (const [sequence, entry] of this.inFlight) {
      if (entry.sentAt > deadline) break;
      this.inFlight.delete(sequence);
      entry.resolve(failure('timeout', null, `no submit_sm_resp within ${this.responseTimeoutMs} ms`));
    }
    this.pump();
  }
}

function failure(kind: SubmitErrorKind, commandStatus: number | null, message: string): { error: SubmitError } {
  const retryable = kind === 'throttled' || kind === 'temporary' || kind === 'connection-lost' || kind === 'timeout';
  return { error: { kind, commandStatus, retryable, message } };
}

/** The submit_sm fields for a part, or why it cannot go (checked here so smpp never throws). */
export function submitFields(part: SubmitPart): { fields: Record<string, unknown> } | { error: SubmitError } {
  const udh = part.udh ?? null;
  if (udh && (udh.length < 1 || (udh[0] as number) + 1 !== udh.length)) return failure('invalid', null, `UDH length octet ${udh[0]} does not match its ${udh.length} octets`);
  const message = udh ? Buffer.concat([udh, part.body]) : part.body;
  const payload = message.length > MAX_SHORT_MESSAGE_OCTETS;
  if (payload && !part.allowPayload) return failure('invalid', null, `short_message of ${message.length} octets is over SMPP's ${MAX_SHORT_MESSAGE_OCTETS}: split it into concatenated parts (or allow message_payload)`);
  if (message.length > MAX_PAYLOAD_OCTETS) return failure('invalid', null, `message of ${message.length} octets is too long even for message_payload`);
  if (!Number.isInteger(part.dataCoding) || part.dataCoding < 0 || part.dataCoding > 0xff) return failure('invalid', null, `data_coding ${part.dataCoding} is not an octet`);
  if ((part.dataCoding & 0x0f) === DATA_CODING.UCS2 && part.body.length % 2 !== 0) return failure('invalid', null, 'a UCS-2 body must have an even number of octets');
  const source = addressOf(part.source);
  const destination = addressOf(part.destination);
  if (!destination.addr) return failure('invalid', null, 'no destination address');
  for (const [name, value] of [['source', source.addr], ['destination', destination.addr], ['service type', part.serviceType ?? '']] as const) {
    if (/[^\x20-\x7e]/.test(value)) return failure('invalid', null, `${name} address ${JSON.stringify(value)} is not printable ASCII`);
  }
  if (source.addr.length > 20 || destination.addr.length > 20) return failure('invalid', null, 'addresses are at most 20 characters');
  const fields: Record<string, unknown> = {
    service_type: part.serviceType ?? '',
    source_addr_ton: part.sourceTon ?? source.ton,
    source_addr_npi: part.sourceNpi ?? source.npi,
    source_addr: source.addr,
    dest_addr_ton: part.destTon ?? destination.ton,
    dest_addr_npi: part.destNpi ?? destination.npi,
    destination_addr: destination.addr,
    esm_class: (part.esmClass ?? 0) | (udh ? ESM_CLASS.UDH_INDICATOR : 0),
    protocol_id: part.protocolId ?? 0,
    priority_flag: part.priority ?? 0,
    schedule_delivery_time: part.scheduleDeliveryTime ?? '',
    validity_period: part.validityPeriod ?? '',
    registered_delivery: part.registeredDelivery ?? REGISTERED_DELIVERY.FINAL,
    replace_if_present_flag: 0,
    data_coding: part.dataCoding,
    sm_default_msg_id: 0,
    short_message: payload ? Buffer.alloc(0) : message,
    ...(payload ? { message_payload: message } : {}),
  };
  return { fields };
}
