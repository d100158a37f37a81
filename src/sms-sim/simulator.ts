import { listenSmpp, type Pdu, type SmppSocket } from '../delivery/sms/smpp/wire.js';
import { decodeBody, ESM_CLASS, fieldBuffer, fieldNumber, fieldString, splitUdh, STATUS } from '../delivery/sms/smpp/pdu-fields.js';
import { formatReceiptText, messageStateOf, type ReceiptStatus } from '../delivery/sms/smpp/receipt.js';
import { errorCodeOf, parseOutcomes, pickOutcome, seededRandom, type Outcome } from './outcomes.js';
import { ReceiptQueue } from './receipt-queue.js';

/*
 * A local SMSC (SMPP 3.4 server) for trying Herald without a carrier and for tests: it checks
 * binds, answers submit_sm with message ids, and after a delay sends one delivery receipt per
 * accepted part, its status drawn from a configured distribution with a seeded PRNG. It can throttle
 * every Nth submit, drop every connection, or swallow submits, on command.
 */

export interface SmscSimulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** When set, binds must carry this system_id (and password). */
  systemId?: string;
  password?: string;
  receiptDelayMs?: number;
  /** `DELIVRD=90,UNDELIV=5,EXPIRED=5` or parsed outcomes; default all DELIVRD. */
  outcomes?: string | Outcome[];
  /** Answer every Nth submit_sm with ESME_RTHROTTLED (0 = never). */
  throttleEvery?: number;
  seed?: number;
  /** Form of the message ids it hands out. */
  idFormat?: 'decimal' | 'hex';
  /** Form of the id in the receipt text: as handed out, or (like several real SMSCs) a hex id in decimal. */
  receiptIdFormat?: 'same' | 'decimal';
  /** Add receipted_message_id and message_state TLVs to receipts (default true). */
  receiptTlvs?: boolean;
  /** Keep every accepted part in `received` (tests); off by default so long runs stay small. */
  record?: boolean;
  /** Send our own enquire_link to bound clients this often (0 = never), as SMSCs do. */
  enquireLinkMs?: number;
  log?: (message: string) => void;
}

export interface SimulatorStats {
  connections: number;
  binds: number;
  bindsRefused: number;
  submits: number;
  throttled: number;
  receiptsSent: number;
  receiptsAcked: number;
  /** deliver_sm_resp with an error status: the receipt is sent again after the receipt delay. */
  receiptsRefused: number;
  /** Receipts waiting for a receiver to bind. */
  receiptsWaiting: number;
  enquireLinks: number;
  /** Answers to the simulator's own enquire_link. */
  enquireLinkResps: number;
  outcomes: Partial<Record<ReceiptStatus, number>>;
}

export interface ReceivedPart {
  systemId: string;
  messageId: string;
  source: string;
  destination: string;
  dataCoding: number;
  esmClass: number;
  udh: Buffer | null;
  body: Buffer;
  registeredDelivery: number;
  viaPayload: boolean;
  status: ReceiptStatus;
}

export interface SmscSimulator {
  readonly host: string;
  readonly port: number;
  readonly stats: Readonly<SimulatorStats>;
  readonly received: readonly ReceivedPart[];
  /** Destroys every client connection (clients should reconnect). */
  dropConnections(): void;
  setThrottleEvery(n: number): void;
  /** While on, submit_sm gets no answer at all (to test response timeouts and drops). */
  swallowSubmits(on: boolean): void;
  close(): Promise<void>;
}

type BindMode = 'transceiver' | 'transmitter' | 'receiver';

interface Client {
  socket: SmppSocket;
  mode: BindMode | null;
  systemId: string;
  sequence: number;
  /** Receipts sent and not yet answered: redelivered if the connection drops first, as SMSCs do. */
  unacked: Map<number, Record<string, unknown>>;
}

const canReceive = (c: Client): boolean => c.mode === 'transceiver' || c.mode === 'receiver';

/** What a submit_sm carried, as the simulator reads it. */
interface Submitted {
  fields: Record<string, unknown>;
  source: string;
  destination: string;
  body: Buffer;
  dataCoding: number;
}

/** Whether registered_delivery asks for a receipt of this outcome (SMPP 3.4 §5.2.17). */
function wantsReceipt(registeredDelivery: number, status: ReceiptStatus): boolean {
  return (registeredDelivery & 0x03) === 1 || ((registeredDelivery & 0x03) === 2 && status !== 'DELIVRD');
}

/** The deliver_sm fields of a delivery receipt: addresses swapped, the receipt text in short_message. */
function receiptFields(options: SmscSimulatorOptions, submitted: Submitted, id: number, messageId: string, status: ReceiptStatus, delay: number): Record<string, unknown> {
  const f = submitted.fields;
  const now = new Date();
  const textId = options.receiptIdFormat === 'decimal' ? String(id) : messageId;
  const delivered = status === 'DELIVRD' ? 1 : 0;
  // The receipt's text: field is the start of the message, kept to printable ASCII.
  const sample = decodeBody(submitted.body, submitted.dataCoding).replace(/[^\x20-\x7e]/g, '?');
  const text = formatReceiptText({ id: textId, submitted: 1, delivered, submitDate: now, doneDate: new Date(now.getTime() + delay), status, error: errorCodeOf(status), text: sample });
  return {
    source_addr_ton: fieldNumber(f, 'dest_addr_ton') ?? 0,
    source_addr_npi: fieldNumber(f, 'dest_addr_npi') ?? 0,
    source_addr: submitted.destination,
    dest_addr_ton: fieldNumber(f, 'source_addr_ton') ?? 0,
    dest_addr_npi: fieldNumber(f, 'source_addr_npi') ?? 0,
    destination_addr: submitted.source,
    esm_class: ESM_CLASS.DELIVERY_RECEIPT,
    data_coding: 0,
    short_message: Buffer.from(text, 'latin1'),
    ...(options.receiptTlvs === false ? {} : { receipted_message_id: messageId, message_state: messageStateOf(status) }),
  };
}

/** The simulator's state and its answers to each PDU; startSmscSimulator puts it on a port. */
class Smsc {
  readonly stats: SimulatorStats = { connections: 0, binds: 0, bindsRefused: 0, submits: 0, throttled: 0, receiptsSent: 0, receiptsAcked: 0, receiptsRefused: 0, receiptsWaiting: 0, enquireLinks: 0, enquireLinkResps: 0, outcomes: {} };
  readonly received: ReceivedPart[] = [];
  readonly clients = new Set<Client>();
  readonly receipts: ReceiptQueue<Client>;
  throttleEvery: number;
  swallow = false;
  private readonly outcomes: Outcome[];
  private readonly random: () => number;
  private readonly delay: number;
  private readonly log: (message: string) => void;
  private nextId = 1;
  private submitCount = 0;
  /** Receipts for a system_id with no receiver bound, sent when one binds. */
  private readonly backlog = new Map<string, Record<string, unknown>[]>();

  constructor(private readonly options: SmscSimulatorOptions) {
    this.outcomes = typeof options.outcomes === 'string' ? parseOutcomes(options.outcomes) : (options.outcomes ?? [{ status: 'DELIVRD' as const, weight: 1 }]);
    this.random = seededRandom(options.seed ?? 1);
    this.delay = Math.max(0, options.receiptDelayMs ?? 50);
    this.log = options.log ?? (() => undefined);
    this.throttleEvery = options.throttleEvery ?? 0;
    this.receipts = new ReceiptQueue<Client>(this.delay, (r) => this.deliver(r.systemId, r.origin, r.fields));
  }

  connect(socket: SmppSocket): void {
    const client: Client = { socket, mode: null, systemId: '', sequence: 0, unacked: new Map() };
    this.clients.add(client);
    this.stats.connections += 1;
    socket.setHandlers({
      onPdu: (pdu) => this.handle(client, pdu),
      onClose: () => {
        this.clients.delete(client);
        this.stats.connections -= 1;
        for (const fields of client.unacked.values()) this.deliver(client.systemId, null, fields);
        client.unacked.clear();
      },
    });
  }

  private deliver(systemId: string, origin: Client | null, fields: Record<string, unknown>): void {
    let target = origin && this.clients.has(origin) && canReceive(origin) && !origin.socket.closed ? origin : null;
    if (!target) for (const c of this.clients) if (c.systemId === systemId && canReceive(c) && !c.socket.closed) target = c;
    if (!target) {
      const list = this.backlog.get(systemId) ?? [];
      list.push(fields);
      this.backlog.set(systemId, list);
      this.stats.receiptsWaiting += 1;
      return;
    }
    target.sequence += 1;
    if (target.socket.send('deliver_sm', target.sequence, fields) === null) {
      target.unacked.set(target.sequence, fields);
      this.stats.receiptsSent += 1;
    }
  }

  private handle(client: Client, pdu: Pdu): void {
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        this.bind(client, pdu);
        return;
      case 'submit_sm':
        this.submit(client, pdu);
        return;
      case 'deliver_sm_resp':
        this.receiptAnswered(client, pdu);
        return;
      case 'enquire_link_resp':
        this.stats.enquireLinkResps += 1;
        return;
      case 'enquire_link':
        this.stats.enquireLinks += 1;
        client.socket.respond(pdu);
        return;
      case 'unbind':
        client.socket.respond(pdu);
        client.socket.end();
        return;
      default:
        if (!pdu.command.endsWith('_resp')) client.socket.respond(pdu, {}, client.mode ? STATUS.ESME_RINVCMDID : STATUS.ESME_RINVBNDSTS);
    }
  }

  private bind(client: Client, pdu: Pdu): void {
    const mode = pdu.command.slice('bind_'.length) as BindMode;
    const systemId = fieldString(pdu.fields, 'system_id') ?? '';
    const password = fieldString(pdu.fields, 'password') ?? '';
    let status = 0;
    if (client.mode) status = STATUS.ESME_RALYBND;
    else if (this.options.systemId !== undefined && systemId !== this.options.systemId) status = STATUS.ESME_RINVSYSID;
    else if (this.options.password !== undefined && password !== this.options.password) status = STATUS.ESME_RINVPASWD;
    if (status !== 0) {
      this.stats.bindsRefused += 1;
      this.log(`refused bind_${mode} from ${client.socket.remote} as ${systemId}: 0x${status.toString(16)}`);
      client.socket.respond(pdu, {}, status);
      return;
    }
    client.mode = mode;
    client.systemId = systemId;
    this.stats.binds += 1;
    client.socket.respond(pdu, { system_id: 'HERALDSIM' });
    this.log(`bound ${mode} ${systemId} from ${client.socket.remote}`);
    const waiting = canReceive(client) ? this.backlog.get(systemId) : undefined;
    if (waiting) {
      this.backlog.delete(systemId);
      this.stats.receiptsWaiting -= waiting.length;
      for (const fields of waiting) this.deliver(systemId, client, fields);
    }
  }

  private submit(client: Client, pdu: Pdu): void {
    if (client.mode !== 'transceiver' && client.mode !== 'transmitter') {
      client.socket.respond(pdu, {}, STATUS.ESME_RINVBNDSTS);
      return;
    }
    if (this.swallow) return;
    this.submitCount += 1;
    if (this.throttleEvery > 0 && this.submitCount % this.throttleEvery === 0) {
      this.stats.throttled += 1;
      client.socket.respond(pdu, {}, STATUS.ESME_RTHROTTLED);
      return;
    }
    this.accept(client, pdu);
  }

  /** Hands out a message id, draws the outcome, and schedules the receipt when one is asked for. */
  private accept(client: Client, pdu: Pdu): void {
    const f = pdu.fields;
    const short = fieldBuffer(f, 'short_message') ?? Buffer.alloc(0);
    const payload = fieldBuffer(f, 'message_payload');
    const viaPayload = short.length === 0 && payload !== null && payload.length > 0;
    const esmClass = fieldNumber(f, 'esm_class') ?? 0;
    const dataCoding = fieldNumber(f, 'data_coding') ?? 0;
    const { udh, body } = splitUdh(viaPayload ? (payload as Buffer) : short, esmClass);
    const id = this.nextId++;
    const messageId = this.options.idFormat === 'hex' ? id.toString(16).toUpperCase() : String(id);
    const status = pickOutcome(this.outcomes, this.random());
    this.stats.submits += 1;
    this.stats.outcomes[status] = (this.stats.outcomes[status] ?? 0) + 1;
    const registeredDelivery = fieldNumber(f, 'registered_delivery') ?? 0;
    const source = fieldString(f, 'source_addr') ?? '';
    const destination = fieldString(f, 'destination_addr') ?? '';
    if (this.options.record) this.received.push({ systemId: client.systemId, messageId, source, destination, dataCoding, esmClass, udh: udh ? Buffer.from(udh) : null, body: Buffer.from(body), registeredDelivery, viaPayload, status });
    client.socket.respond(pdu, { message_id: messageId });

    if (!wantsReceipt(registeredDelivery, status)) return;
    const fields = receiptFields(this.options, { fields: f, source, destination, body, dataCoding }, id, messageId, status, this.delay);
    this.receipts.schedule({ due: Date.now() + this.delay, systemId: client.systemId, origin: client, fields });
  }

  /** A refused receipt is sent again after the receipt delay, as SMSCs retry. */
  private receiptAnswered(client: Client, pdu: Pdu): void {
    const fields = client.unacked.get(pdu.sequence);
    if (!fields) return;
    client.unacked.delete(pdu.sequence);
    if (pdu.commandStatus === 0) {
      this.stats.receiptsAcked += 1;
    } else {
      this.stats.receiptsRefused += 1;
      this.receipts.schedule({ due: Date.now() + this.delay, systemId: client.systemId, origin: client, fields });
    }
  }
}

export async function startSmscSimulator(options: SmscSimulatorOptions = {}): Promise<SmscSimulator> {
  const host = options.host ?? '127.0.0.1';
  const smsc = new Smsc(options);
  const listener = await listenSmpp(host, options.port ?? 0, (socket) => smsc.connect(socket));

  const keepalive =
    (options.enquireLinkMs ?? 0) > 0
      ? setInterval(() => {
          for (const c of smsc.clients) if (c.mode) c.socket.send('enquire_link', ++c.sequence);
        }, options.enquireLinkMs)
      : null;

  return {
    host,
    port: listener.port,
    stats: smsc.stats,
    received: smsc.received,
    dropConnections: () => {
      for (const c of smsc.clients) c.socket.destroy('dropped by the simulator');
    },
    setThrottleEvery: (n) => {
      smsc.throttleEvery = n;
    },
    swallowSubmits: (on) => {
      smsc.swallow = on;
    },
    close: async () => {
      if (keepalive) clearInterval(keepalive);
      smsc.receipts.stop();
      await listener.close();
    },
  };
}
