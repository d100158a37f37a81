import { connectSmpp, type Pdu, type SmppSocket } from './wire.js';
import { statusName } from './pdu-fields.js';

/*
 * One bound SMPP connection that stays bound: connect, bind, keep alive with enquire_link, answer
 * what the SMSC asks (enquire_link, unbind, deliver_sm through the owner), and after a drop
 * reconnect with exponential backoff until closed. Submitting and windowing are the client's.
 */

export type BindMode = 'transceiver' | 'transmitter' | 'receiver';

export interface BindCredentials {
  systemId: string;
  password: string;
  systemType?: string;
  /** Address range the SMSC routes to this ESME (receivers); TON/NPI of it. */
  addressRange?: string;
  addrTon?: number;
  addrNpi?: number;
}

export interface LinkOptions extends BindCredentials {
  host: string;
  port: number;
  mode: BindMode;
  connectTimeoutMs: number;
  /** How long a bind, enquire_link or unbind may wait for its response. */
  responseTimeoutMs: number;
  /** Interval of our enquire_link; 0 turns keepalive off. */
  enquireLinkMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
}

export type LinkState = 'connecting' | 'bound' | 'disconnected' | 'closed';

export interface LinkOwner {
  /** A request or response the link does not handle itself (submit_sm_resp, deliver_sm, generic_nack…). */
  onPdu(pdu: Pdu, link: SmppLink): void;
  onState(state: LinkState, detail: string, link: SmppLink): void;
}

export class BindError extends Error {
  constructor(
    message: string,
    readonly commandStatus: number | null,
  ) {
    super(message);
    this.name = 'BindError';
  }
}

const MAX_SEQUENCE = 0x7fffffff;

export class SmppLink {
  private socket: SmppSocket | null = null;
  private sequence = 0;
  private stateValue: LinkState = 'disconnected';
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private readonly control = new Map<number, { resolve: (pdu: Pdu | null) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly options: LinkOptions,
    private readonly owner: LinkOwner,
  ) {}

  get state(): LinkState {
    return this.stateValue;
  }

  get name(): string {
    return `${this.options.mode} ${this.options.systemId}@${this.options.host}:${this.options.port}`;
  }

  /** Octets waiting in the socket: lets a fast sender notice the kernel not keeping up. */
  get bufferedBytes(): number {
    return this.socket?.bufferedBytes ?? 0;
  }

  nextSequence(): number {
    this.sequence = this.sequence >= MAX_SEQUENCE ? 1 : this.sequence + 1;
    return this.sequence;
  }

  /** Writes a request on the bound connection; null when written, else why not. */
  send(command: string, sequence: number, fields: Record<string, unknown>): string | null {
    if (this.stateValue !== 'bound' || !this.socket) return `not bound (${this.stateValue})`;
    return this.socket.send(command, sequence, fields);
  }

  respond(request: Pdu, fields: Record<string, unknown> = {}, commandStatus = 0): void {
    this.socket?.respond(request, fields, commandStatus);
  }

  /**
   * First connection: resolves once bound, rejects (and closes the link) when the SMSC cannot be
   * reached or refuses the bind — a wrong password should stop a start-up, not loop quietly.
   */
  async open(): Promise<void> {
    try {
      await this.connectOnce();
    } catch (err) {
      this.setState('closed', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /** Unbinds politely (bounded by responseTimeoutMs) and stops reconnecting. */
  async close(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    const wasBound = this.stateValue === 'bound';
    this.setState('closed', 'closed by Herald');
    if (socket && wasBound) await this.request(socket, 'unbind', {});
    socket?.destroy('closed by Herald');
    this.socket = null;
    this.stopKeepalive();
  }

  private async connectOnce(): Promise<void> {
    const o = this.options;
    this.setState('connecting', `connecting to ${o.host}:${o.port}`);
    const socket = await connectSmpp(o.host, o.port, o.connectTimeoutMs);
    if (this.stateValue === 'closed') {
      socket.destroy('closed by Herald');
      return;
    }
    this.socket = socket;
    socket.setHandlers({ onPdu: (pdu) => this.handle(socket, pdu), onClose: (reason) => this.dropped(socket, reason) });
    const response = await this.request(socket, `bind_${o.mode}`, {
      system_id: o.systemId,
      password: o.password,
      system_type: o.systemType ?? '',
      interface_version: 0x34,
      addr_ton: o.addrTon ?? 0,
      addr_npi: o.addrNpi ?? 0,
      address_range: o.addressRange ?? '',
    });
    if (!response || response.commandStatus !== 0) {
      const why = response ? `SMSC refused bind_${o.mode} for ${o.systemId}: ${statusName(response.commandStatus)}` : `no bind_${o.mode}_resp within ${o.responseTimeoutMs} ms`;
      socket.destroy(why);
      throw new BindError(why, response?.commandStatus ?? null);
    }
    this.attempt = 0;
    this.setState('bound', `bound as ${o.mode} to ${o.host}:${o.port}`);
    this.startKeepalive(socket);
  }

  /** A request the link itself waits on (bind, enquire_link, unbind); null on timeout or drop. */
  private request(socket: SmppSocket, command: string, fields: Record<string, unknown>): Promise<Pdu | null> {
    const sequence = this.nextSequence();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.control.delete(sequence);
        resolve(null);
      }, this.options.responseTimeoutMs);
      this.control.set(sequence, { resolve, timer });
      if (socket.send(command, sequence, fields) !== null) {
        clearTimeout(timer);
        this.control.delete(sequence);
        resolve(null);
      }
    });
  }

  private handle(socket: SmppSocket, pdu: Pdu): void {
    const waiting = this.control.get(pdu.sequence);
    if (waiting && (pdu.command.endsWith('_resp') || pdu.command === 'generic_nack')) {
      clearTimeout(waiting.timer);
      this.control.delete(pdu.sequence);
      waiting.resolve(pdu);
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        socket.respond(pdu);
        return;
      case 'enquire_link_resp':
        return;
      case 'unbind':
        // The SMSC is going away (maintenance, rebalancing): acknowledge, then reconnect as after a drop.
        socket.respond(pdu);
        socket.end();
        return;
      case 'unknown':
        socket.respond(pdu, {}, 0x03);
        return;
      default:
        this.owner.onPdu(pdu, this);
    }
  }

  private dropped(socket: SmppSocket, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.stopKeepalive();
    for (const [sequence, waiting] of this.control) {
      clearTimeout(waiting.timer);
      this.control.delete(sequence);
      waiting.resolve(null);
    }
    if (this.stateValue === 'closed') return;
    const wasBound = this.stateValue === 'bound';
    this.setState('disconnected', reason);
    // The first connection's failures are open()'s to report; reconnecting starts once bound.
    if (wasBound || this.attempt > 0) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stateValue === 'closed' || this.reconnectTimer) return;
    const delay = Math.min(this.options.reconnectMaxMs, this.options.reconnectInitialMs * 2 ** Math.min(this.attempt, 20));
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connectOnce().catch((err: unknown) => {
        if (this.stateValue === 'closed') return;
        this.setState('disconnected', err instanceof Error ? err.message : String(err));
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private startKeepalive(socket: SmppSocket): void {
    if (this.options.enquireLinkMs <= 0) return;
    this.keepaliveTimer = setInterval(() => {
      void this.request(socket, 'enquire_link', {}).then((response) => {
        // No answer means a dead peer or a half-open TCP connection: drop it and reconnect.
        if (response === null && this.socket === socket) socket.destroy(`no enquire_link_resp within ${this.options.responseTimeoutMs} ms`);
      });
    }, this.options.enquireLinkMs);
    this.keepaliveTimer.unref();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  private setState(state: LinkState, detail: string): void {
    if (this.stateValue === 'closed' && state !== 'closed') return;
    this.stateValue = state;
    this.owner.onState(state, detail, this);
  }
}
