import { Worker } from 'node:worker_threads';
import type { Channel, ChannelResult } from '../channel.js';
import type { ClaimedMessage } from '../claim.js';
import type { DkimSigning } from './compose.js';
import { createSmtpSender, type SmtpSenderOptions } from './smtp-sender.js';
import type { FromSmtpThread, SmtpThreadData, ToSmtpThread } from './smtp-thread.js';

export interface SmtpChannelOptions extends SmtpSenderOptions {
  /** Sending threads; 0 sends on the calling thread. */
  threads: number;
  /** The signing keys the threads need, and word when they change. */
  dkim: { entries(): [string, DkimSigning][]; onChange(listener: () => void): () => void };
}

interface Waiting {
  message: ClaimedMessage;
  done: (message: ClaimedMessage, result: ChannelResult) => void;
  batch: { left: number; resolve: () => void };
}

/** A thread that stopped takes its messages' outcomes with it: they are retried. */
const THREAD_LOST: ChannelResult = { kind: 'temporary', response: 'internal error: the sending thread stopped', statusIfFinal: 'ERROR_DELIVERY' };

/** Under tsx (running from source) a worker needs the TypeScript loader registered first. */
function spawnThread(data: SmtpThreadData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './smtp-thread.ts' : './smtp-thread.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: data });
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/**
 * Email over SMTP through the configured relays (nodemailer's pooled transport). With threads,
 * each claimed batch is spread over sending threads and results come back as they happen.
 */
export function createSmtpChannel(options: SmtpChannelOptions): Channel {
  if (options.threads === 0) return inProcessChannel(options);
  return new ThreadedSmtpChannel(options);
}

function threadDataOf(options: SmtpChannelOptions): SmtpThreadData {
  return {
    relays: options.relays,
    poolSize: options.poolSize,
    allowSelfSignedRelays: options.allowSelfSignedRelays ?? false,
    publicUrl: options.compose.publicUrl,
    trackingKey: new Uint8Array(options.compose.trackingKey),
    referenceKey: new Uint8Array(options.compose.referenceKey),
    bounceDomain: options.compose.bounceDomain,
  };
}

/** Sending threads, each given its share of a batch; a thread that dies is replaced. */
class ThreadedSmtpChannel implements Channel {
  readonly name = 'email';
  private readonly data: SmtpThreadData;
  private readonly waiting = new Map<number, Waiting>();
  /** The messages each thread holds, settled as lost if it exits. */
  private readonly assigned = new Map<Worker, Set<number>>();
  private closing = false;
  private readonly threads: Worker[];
  private readonly stopWatching: () => void;
  private next = 0;

  constructor(private readonly options: SmtpChannelOptions) {
    this.data = threadDataOf(options);
    this.threads = Array.from({ length: options.threads }, () => this.start());
    this.stopWatching = options.dkim.onChange(() => {
      for (const t of this.threads) t.postMessage({ type: 'dkim', keys: options.dkim.entries() } satisfies ToSmtpThread);
    });
  }

  send(messages: ClaimedMessage[], done: Waiting['done']): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const batch = { left: messages.length, resolve };
      const perThread = new Map<Worker, ClaimedMessage[]>();
      for (const message of messages) {
        const thread = this.threads[this.next++ % this.threads.length] as Worker;
        this.waiting.set(message.id, { message, done, batch });
        this.assigned.get(thread)?.add(message.id);
        perThread.set(thread, [...(perThread.get(thread) ?? []), message]);
      }
      for (const [thread, list] of perThread) thread.postMessage({ type: 'send', messages: list } satisfies ToSmtpThread);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopWatching();
    await Promise.all(this.threads.map((t) => closeThread(t)));
  }

  private settle(id: number, result: ChannelResult): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    w.done(w.message, result);
    if (--w.batch.left === 0) w.batch.resolve();
  }

  private start(): Worker {
    const worker = spawnThread(this.data);
    this.assigned.set(worker, new Set());
    worker.postMessage({ type: 'dkim', keys: this.options.dkim.entries() } satisfies ToSmtpThread);
    worker.on('message', (message: FromSmtpThread) => {
      if (message.type !== 'results') return;
      const mine = this.assigned.get(worker);
      for (const [id, result] of message.results) {
        mine?.delete(id);
        this.settle(id, result);
      }
    });
    worker.on('exit', () => {
      const lost = this.assigned.get(worker) ?? new Set<number>();
      this.assigned.delete(worker);
      for (const id of lost) this.settle(id, THREAD_LOST);
      if (!this.closing) this.threads[this.threads.indexOf(worker)] = this.start();
    });
    worker.on('error', () => undefined);
    return worker;
  }
}

/** Asks a thread to close its connections and waits for it to exit. */
function closeThread(t: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    t.once('exit', () => resolve());
    t.once('message', (m: FromSmtpThread) => {
      if (m.type === 'closed') void t.terminate();
    });
    t.postMessage({ type: 'close' } satisfies ToSmtpThread);
  });
}

function inProcessChannel(options: SmtpSenderOptions): Channel {
  const sender = createSmtpSender(options);
  return {
    name: 'email',
    async send(messages, done): Promise<void> {
      await Promise.all(messages.map(async (message) => done(message, await sender.send(message))));
    },
    close: () => sender.close(),
  };
}
