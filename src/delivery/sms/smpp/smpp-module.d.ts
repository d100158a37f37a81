/*
 * Types for the untyped `smpp` 0.5.1 package: only the parts src/delivery/sms/smpp/wire.ts uses.
 * Nothing else in Herald imports `smpp`; everything goes through that one module.
 */
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    interface FieldType {
      read(buffer: Buffer, offset: number, length?: number): unknown;
      write(value: unknown, buffer: Buffer, offset: number): void;
      size(value: unknown): number;
      default: unknown;
    }

    interface FieldDefinition {
      type: FieldType;
      default?: unknown;
      filter?: { encode(value: unknown): unknown; decode(value: unknown, skipUdh?: boolean): unknown };
    }

    interface CommandDefinition {
      id: number;
      command: string;
      params?: Record<string, FieldDefinition>;
    }

    interface TlvDefinition extends FieldDefinition {
      id: number;
      tag: string;
      multiple?: boolean;
    }

    class PDU {
      constructor(command: string, options?: Record<string, unknown>);
      command: string;
      command_id: number;
      command_length: number;
      command_status: number;
      sequence_number: number;
      isResponse(): boolean;
      toBuffer(): Buffer;
      [field: string]: unknown;
    }

    class Session extends EventEmitter {
      socket: Socket;
      /** Writes the PDU; false (and no callbacks ever) when the socket is not writable. */
      send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
    }

    class Server extends NetServer {
      sessions: Session[];
    }

    function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    function connect(options: { host: string; port: number }, listener?: () => void): Session;

    const commands: Record<string, CommandDefinition>;
    const tlvs: Record<string, TlvDefinition>;
    const types: { buffer: FieldType; tlv: { buffer: FieldType } };
  }

  export = smpp;
}
