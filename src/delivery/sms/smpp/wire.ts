import smpp from 'smpp';
import type { PduFieldBag } from './pdu-fields.js';

/*
 * The one module that touches the `smpp` package (client link and simulator both go through it).
 * What it fixes about smpp 0.5.1 (see shared/dependency-notes.md):
 * - short_message and message_payload travel as raw octets. smpp's own text filter picks an
 *   encoding (data_coding 1 by default), mangles UDHs and decodes incoming bodies by guesswork;
 *   Herald encodes GSM 7-bit / UCS-2 itself and sets data_coding explicitly, so the filter is
 *   removed once here, at load.
 * - smpp never throws at us: a PDU it cannot encode (a short_message over 255 octets throws inside
 *   toBuffer) comes back from `send` as a reason, and so does an unwritable socket (where smpp
 *   would return false and never call back).
 * - sequence numbers are ours and responses are matched by the caller; smpp's callback table is not
 *   used, because it keeps callbacks forever when a response never comes.
 * - an 'error' listener is always attached, a PDU decode error closes the connection (smpp would
 *   stay wedged), and close is reported exactly once.
 */

for (const command of ['submit_sm', 'deliver_sm', 'replace_sm', 'submit_multi']) {
  const params = smpp.commands[command]?.params;
  if (params?.short_message) params.short_message = { type: smpp.types.buffer };
}
const payloadTlv = smpp.tlvs.message_payload;
if (payloadTlv) delete payloadTlv.filter;

/** A received PDU: its header and the decoded fields (read them with pdu-fields.ts helpers). */
export interface Pdu {
  readonly command: string;
  readonly commandStatus: number;
  readonly sequence: number;
  readonly fields: PduFieldBag;
}

export interface SocketHandlers {
  onPdu(pdu: Pdu): void;
  onClose(reason: string): void;
}

const IGNORE: SocketHandlers = { onPdu: () => undefined, onClose: () => undefined };

/** One SMPP connection, either side. */
export class SmppSocket {
  private handlers: SocketHandlers = IGNORE;
  private closedReason: string | null = null;

  constructor(private readonly session: smpp.Session) {
    session.on('pdu', (raw: smpp.PDU) => {
      const pdu: Pdu = { command: raw.command, commandStatus: raw.command_status, sequence: raw.sequence_number, fields: raw };
      try {
        this.handlers.onPdu(pdu);
      } catch (err) {
        // A handler bug must not escape into smpp's read loop (it would leave it wedged).
        this.destroy(`handler failed on ${pdu.command}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    session.on('error', (err: Error) => this.finish(err.message));
    session.on('close', () => this.finish('connection closed'));
  }

  setHandlers(handlers: SocketHandlers): void {
    this.handlers = handlers;
    if (this.closedReason !== null) handlers.onClose(this.closedReason);
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  get remote(): string {
    return `${this.session.socket.remoteAddress ?? '?'}:${this.session.socket.remotePort ?? '?'}`;
  }

  /** Octets queued in the socket beyond what the kernel took: a sender's backpressure signal. */
  get bufferedBytes(): number {
    return this.session.socket.writableLength;
  }

  /** Writes a request (or, with commandStatus, an error response); null when written, else why not. */
  send(command: string, sequence: number, fields: Record<string, unknown> = {}, commandStatus = 0): string | null {
    if (this.closedReason !== null || !this.session.socket.writable) return 'connection is not open';
    try {
      const pdu = new smpp.PDU(command, { ...fields, sequence_number: sequence, command_status: commandStatus });
      return this.session.send(pdu) ? null : 'connection is not writable';
    } catch (err) {
      return `cannot encode ${command}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /** Answers a request: `<command>_resp`, or generic_nack for a command smpp does not know. */
  respond(request: Pdu, fields: Record<string, unknown> = {}, commandStatus = 0): string | null {
    const command = request.command === 'unknown' ? 'generic_nack' : `${request.command}_resp`;
    return this.send(command, request.sequence, fields, commandStatus);
  }

  /** Closes after pending writes. */
  end(): void {
    this.session.close();
  }

  destroy(reason = 'closed locally'): void {
    this.session.destroy();
    this.finish(reason);
  }

  private finish(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    if (!this.session.socket.destroyed) this.session.socket.destroy();
    this.handlers.onClose(reason);
  }
}

/** Opens a TCP connection to an SMSC; rejects on refusal, error or timeout. */
export function connectSmpp(host: string, port: number, timeoutMs: number): Promise<SmppSocket> {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ host, port });
    const socket = new SmppSocket(session);
    const timer = setTimeout(() => socket.destroy(`no connection to ${host}:${port} within ${timeoutMs} ms`), timeoutMs);
    socket.setHandlers({
      onPdu: () => undefined,
      onClose: (reason) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to SMSC ${host}:${port}: ${reason}`));
      },
    });
    session.once('connect', () => {
      clearTimeout(timer);
      session.socket.setNoDelay(true);
      socket.setHandlers(IGNORE);
      resolve(socket);
    });
  });
}

export interface SmppListener {
  readonly port: number;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/** An SMPP server (the simulator's); each accepted connection is handed over as an SmppSocket. */
export function listenSmpp(host: string, port: number, onSocket: (socket: SmppSocket) => void): Promise<SmppListener> {
  const sockets = new Set<SmppSocket>();
  const server = smpp.createServer({}, (session) => {
    session.socket.setNoDelay(true);
    const socket = new SmppSocket(session);
    sockets.add(socket);
    session.socket.once('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy('server closed');
          }),
      });
    });
  });
}
