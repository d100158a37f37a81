import { listenSmpp, type Pdu, type SmppSocket } from '../delivery/sms/smpp/wire.js';
import { decodeBody, ESM_CLASS, fieldBuffer, fieldNumber, fieldString, splitUdh, STATUS } from '../delivery/sms/smpp/pdu-fields.js';
import { formatReceiptText, messageStateOf, type ReceiptStatus } from '../delivery/sms/smpp/receipt.js';
import { errorCodeOf, parseOutcomes, pickOutcome, seededRandom, type Outcome } from './outcomes.js';

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

interface PendingReceipt {
  due: number;
  systemId: string;
  origin: Client;
  fields: Record<string, unknown>;
}

export async function startSmscSimulator(options: SmscSimulatorOptions = {}): Promise<SmscSimulator> {
  const host = options.host ?? '127.0.0.1';
  const outcomes = typeof options.outcomes === 'string' ? parseOutcomes(options.outcomes) : (options.outcomes ?? [{ status: 'DELIVRD' as const, weight: 1 }]);
  const random = seededRandom(options.seed ?? 1);
  const delay = Math.max(0, options.receiptDelayMs ?? 50);
  const log = options.log ?? (() => undefined);
  let throttleEvery = options.throttleEvery ?? 0;
  let swallow = false;
  let nextId = 1;
  let submitCount = 0;
  const stats: SimulatorStats = { connections: 0, binds: 0, bindsRefused: 0, submits: 0, throttled: 0, receiptsSent: 0, receiptsAcked: 0, receiptsRefused: 0, receiptsWaiting: 0, enquireLinks: 0, enquireLinkResps: 0, outcomes: {} };
  const received: ReceivedPart[] = [];
  const clients = new Set<Client>();
  // Receipts are due in submit order (one fixed delay), so a FIFO with one timer serves them all.
  const due: PendingReceipt[] = [];
  let dueHead = 0;
  let timer: NodeJS.Timeout | null = null;
  const backlog = new Map<string, Record<string, unknown>[]>();

  const canReceive = (c: Client): boolean => c.mode === 'transceiver' || c.mode === 'receiver';

  function deliver(systemId: string, origin: Client | null, fields: Record<string, unknown>): void {
    let target = origin && clients.has(origin) && canReceive(origin) && !origin.socket.closed ? origin : null;
    if (!target) for (const c of clients) if (c.systemId === systemId && canReceive(c) && !c.socket.closed) target = c;
    if (!target) {
      const list = backlog.get(systemId) ?? [];
      list.push(fields);
      backlog.set(systemId, list);
      stats.receiptsWaiting += 1;
      return;
    }
    target.sequence += 1;
    if (target.socket.send('deliver_sm', target.sequence, fields) === null) {
      target.unacked.set(target.sequence, fields);
      stats.receiptsSent += 1;
    }
  }

  function fire(): void {
    timer = null;
    const now = Date.now();
    while (dueHead < due.length && (due[dueHead] as PendingReceipt).due <= now) {
      const r = due[dueHead] as PendingReceipt;
      due[dueHead] = undefined as unknown as PendingReceipt;
      dueHead += 1;
      deliver(r.systemId, r.origin, r.fields);
    }
    if (dueHead === due.length) {
      due.length = 0;
      dueHead = 0;
    } else {
      timer = setTimeout(fire, Math.max(1, (due[dueHead] as PendingReceipt).due - now));
    }
  }

  function schedule(receipt: PendingReceipt): void {
    due.push(receipt);
    if (!timer) timer = setTimeout(fire, delay);
  }

  function bind(client: Client, pdu: Pdu): void {
    const mode = pdu.command.slice('bind_'.length) as BindMode;
    const systemId = fieldString(pdu.fields, 'system_id') ?? '';
    const password = fieldString(pdu.fields, 'password') ?? '';
    let status = 0;
    if (client.mode) status = STATUS.ESME_RALYBND;
    else if (options.systemId !== undefined && systemId !== options.systemId) status = STATUS.ESME_RINVSYSID;
    else if (options.password !== undefined && password !== options.password) status = STATUS.ESME_RINVPASWD;
    if (status !== 0) {
      stats.bindsRefused += 1;
      log(`refused bind_${mode} from ${client.socket.remote} as ${systemId}: 0x${status.toString(16)}`);
      client.socket.respond(pdu, {}, status);
      return;
    }
    client.mode = mode;
    client.systemId = systemId;
    stats.binds += 1;
    client.socket.respond(pdu, { system_id: 'HERALDSIM' });
    log(`bound ${mode} ${systemId} from ${client.socket.remote}`);
    const waiting = canReceive(client) ? backlog.get(systemId) : undefined;
    if (waiting) {
      backlog.delete(systemId);
      stats.receiptsWaiting -= waiting.length;
      for (const fields of waiting) deliver(systemId, client, fields);
    }
  }

  function submit(client: Client, pdu: Pdu): void {
    if (client.mode !== 'transceiver' && client.mode !== 'transmitter') {
      client.socket.respond(pdu, {}, STATUS.ESME_RINVBNDSTS);
      return;
    }
    if (swallow) return;
    submitCount += 1;
    if (throttleEvery > 0 && submitCount % throttleEvery === 0) {
      stats.throttled += 1;
      client.socket.respond(pdu, {}, STATUS.ESME_RTHROTTLED);
      return;
    }
    const f = pdu.fields;
    const short = fieldBuffer(f, 'short_message') ?? Buffer.alloc(0);
    const payload = fieldBuffer(f, 'message_payload');
    const viaPayload = short.length === 0 && payload !== null && payload.length > 0;
    const esmClass = fieldNumber(f, 'esm_class') ?? 0;
    const dataCoding = fieldNumber(f, 'data_coding') ?? 0;
    const { udh, body } = splitUdh(viaPayload ? (payload as Buffer) : short, esmClass);
    const id = nextId++;
    const messageId = options.idFormat === 'hex' ? id.toString(16).toUpperCase() : String(id);
    const status = pickOutcome(outcomes, random());
    stats.submits += 1;
    stats.outcomes[status] = (stats.outcomes[status] ?? 0) + 1;
    const registeredDelivery = fieldNumber(f, 'registered_delivery') ?? 0;
    const source = fieldString(f, 'source_addr') ?? '';
    const destination = fieldString(f, 'destination_addr') ?? '';
    if (options.record) received.push({ systemId: client.systemId, messageId, source, destination, dataCoding, esmClass, udh: udh ? Buffer.from(udh) : null, body: Buffer.from(body), registeredDelivery, viaPayload, status });
    client.socket.respond(pdu, { message_id: messageId });

    const wantsReceipt = (registeredDelivery & 0x03) === 1 || ((registeredDelivery & 0x03) === 2 && status !== 'DELIVRD');
    if (!wantsReceipt) return;
    const now = new Date();
    const textId = options.receiptIdFormat === 'decimal' ? String(id) : messageId;
    const delivered = status === 'DELIVRD' ? 1 : 0;
    // The receipt's text: field is the start of the message, kept to printable ASCII.
    const sample = decodeBody(body, dataCoding).replace(/[^\x20-\x7e]/g, '?');
    const text = formatReceiptText({ id: textId, submitted: 1, delivered, submitDate: now, doneDate: new Date(now.getTime() + delay), status, error: errorCodeOf(status), text: sample });
    const fields: Record<string, unknown> = {
      source_addr_ton: fieldNumber(f, 'dest_addr_ton') ?? 0,
      source_addr_npi: fieldNumber(f, 'dest_addr_npi') ?? 0,
      source_addr: destination,
      dest_addr_ton: fieldNumber(f, 'source_addr_ton') ?? 0,
      dest_addr_npi: fieldNumber(f, 'source_addr_npi') ?? 0,
      destination_addr: source,
      esm_class: ESM_CLASS.DELIVERY_RECEIPT,
      data_coding: 0,
      short_message: Buffer.from(text, 'latin1'),
      ...(options.receiptTlvs === false ? {} : { receipted_message_id: messageId, message_state: messageStateOf(status) }),
    };
    schedule({ due: Date.now() + delay, systemId: client.systemId, origin: client, fields });
  }

  function handle(client: Client, pdu: Pdu): void {
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        bind(client, pdu);
        return;
      case 'submit_sm':
        submit(client, pdu);
        return;
      case 'deliver_sm_resp': {
        const fields = client.unacked.get(pdu.sequence);
        if (!fields) return;
        client.unacked.delete(pdu.sequence);
        if (pdu.commandStatus === 0) {
          stats.receiptsAcked += 1;
        } else {
          stats.receiptsRefused += 1;
          schedule({ due: Date.now() + delay, systemId: client.systemId, origin: client, fields });
        }
        return;
      }
      case 'enquire_link_resp':
        stats.enquireLinkResps += 1;
        return;
      case 'enquire_link':
        stats.enquireLinks += 1;
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

  const listener = await listenSmpp(host, options.port ?? 0, (socket) => {
    const client: Client = { socket, mode: null, systemId: '', sequence: 0, unacked: new Map() };
    clients.add(client);
    stats.connections += 1;
    socket.setHandlers({
      onPdu: (pdu) => handle(client, pdu),
      onClose: () => {
        clients.delete(client);
        stats.connections -= 1;
        for (const fields of client.unacked.values()) deliver(client.systemId, null, fields);
        client.unacked.clear();
      },
    });
  });

  const keepalive =
    (options.enquireLinkMs ?? 0) > 0
      ? setInterval(() => {
          for (const c of clients) if (c.mode) c.socket.send('enquire_link', ++c.sequence);
        }, options.enquireLinkMs)
      : null;

  return {
    host,
    port: listener.port,
    stats,
    received,
    dropConnections: () => {
      for (const c of clients) c.socket.destroy('dropped by the simulator');
    },
    setThrottleEvery: (n) => {
      throttleEvery = n;
    },
    swallowSubmits: (on) => {
      swallow = on;
    },
    close: async () => {
      if (keepalive) clearInterval(keepalive);
      if (timer) clearTimeout(timer);
      timer = null;
      await listener.close();
    },
  };
}
