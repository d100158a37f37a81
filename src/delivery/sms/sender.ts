import type { SmsFailureStatus } from '../../core/sms/statuses.js';
import type { SmsEncoding } from '../../core/sms/encoding/segments.js';
import { buildParts, type BuiltMessage, type SmsToSend } from './parts.js';
import { RouteTable, type SmppRoute } from './routes.js';
import { SmppClient, type SmppClientOptions, type SubmitError, type SubmitPart, type SubmitResult } from './smpp/client.js';
import type { DeliveryReceipt } from './smpp/receipt.js';
import { statusName } from './smpp/pdu-fields.js';
import { DEFAULT_PACE, initialPace, reserve, retryDelayMs, throttled, type PaceConfig, type PaceState } from './throttle.js';

export type { SmsToSend } from './parts.js';

/*
 * Sends one SMS at a time over the route its destination's prefix chooses, one SmppClient (one
 * bound session with its own window and reconnects) per route. All parts of a message go over the
 * same route. The first part goes alone, so a destination the SMSC refuses costs one submit, not
 * every part; the rest then go together through the window.
 *
 * Outcomes:
 * - every part accepted → `submitted` with the SMSC's id of each part (receipts come per part);
 * - a part refused for good (invalid destination, generic_nack, any status SMPP does not call
 *   temporary) → `failed` REJECTD with that command_status;
 * - a part that could not get through now (connection lost, no response, the SMSC's own trouble,
 *   still throttled after `maxRetries` paced retries, or a pacing slot further off than
 *   `maxWaitMs`) → `temporary`: the dispatcher retries the whole message later. Parts the SMSC
 *   already accepted are sent again then, under a new concatenation reference, so a phone may also
 *   show the first attempt's parts as an incomplete message — accepted, because resending single
 *   parts would need per-part state the message tables do not have yet. `submitted` lists them.
 * Nothing here waits unboundedly: pacing waits ≤ maxWaitMs, throttle retries ≤ maxRetries ×
 * retryMaxMs, each submit ≤ the client's response timeout.
 */

export interface SubmittedPart {
  partNo: number;
  smscId: string;
}

export type SmsSendResult =
  | { kind: 'submitted'; route: string; encoding: SmsEncoding; parts: SubmittedPart[] }
  /** `statusIfFinal`: what the dispatcher records when no time is left to retry (EXPIRED: the message's time ran out undelivered). */
  | { kind: 'temporary'; reason: string; statusIfFinal: SmsFailureStatus; commandStatus: number | null; route: string | null; submitted: SubmittedPart[] }
  /** `commandStatus` null: Herald refused it before the SMSC saw it (no route, text too long, bad validity). */
  | { kind: 'failed'; status: 'REJECTD'; commandStatus: number | null; reason: string; route: string | null; submitted: SubmittedPart[] };

export interface RoutedReceipt {
  route: string;
  receipt: DeliveryReceipt;
}

/** A receipt listener; a rejected promise makes the SMSC redeliver the receipt later (ESME_RX_T_APPN). */
export type ReceiptListener = (receipt: RoutedReceipt) => void | Promise<void>;

type ClientTuning = Omit<SmppClientOptions, 'host' | 'port' | 'systemId' | 'password' | 'systemType' | 'window' | 'bind' | 'onReceipt' | 'onBadReceipt' | 'onState'>;

export interface SmsSenderOptions {
  routes: readonly SmppRoute[];
  pace?: Partial<PaceConfig>;
  /** Timeouts, keepalive and reconnect delays for every route's client. */
  client?: Partial<ClientTuning>;
  log?: (message: string) => void;
}

interface RouteEntry {
  route: SmppRoute;
  client: SmppClient;
  pace: PaceState;
  /** Concatenation reference of the next long message (8-bit, wraps). */
  reference: number;
}

const FINAL_IF_OUT_OF_TIME: SmsFailureStatus = 'EXPIRED';

export class SmsSender {
  private readonly table: RouteTable;
  private readonly entries = new Map<string, RouteEntry>();
  private readonly paceConfig: PaceConfig;
  private readonly listeners = new Set<ReceiptListener>();
  private readonly sleepers = new Set<() => void>();
  private readonly log: (message: string) => void;
  private closed = false;

  constructor(options: SmsSenderOptions) {
    this.table = new RouteTable(options.routes);
    this.paceConfig = { ...DEFAULT_PACE, ...options.pace };
    this.log = options.log ?? (() => undefined);
    const now = Date.now();
    for (const route of options.routes) {
      const client = new SmppClient({
        ...options.client,
        host: route.host,
        port: route.port,
        systemId: route.systemId,
        password: route.password,
        systemType: route.systemType,
        window: route.window,
        bind: route.bind,
        onReceipt: (receipt) => this.forward(route.name, receipt),
        onBadReceipt: (text) => this.log(`SMPP route ${route.name}: a delivery receipt without a message id: ${JSON.stringify(text.slice(0, 200))}`),
        onState: (state, detail, link) => this.log(`SMPP route ${route.name} (${link}): ${state}: ${detail}`),
      });
      // Starting references at random keeps a restart from reusing the ones still on phones.
      this.entries.set(route.name, { route, client, pace: initialPace(now), reference: Math.floor(Math.random() * 256) });
    }
  }

  /** Binds every route; rejects naming each route that could not (and closes them all) — a wrong password should stop the start. */
  async start(): Promise<void> {
    const entries = [...this.entries.values()];
    const outcomes = await Promise.allSettled(entries.map((e) => e.client.connect()));
    const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${entries[i]?.route.name}: ${o.reason instanceof Error ? o.reason.message : String(o.reason)}`] : []));
    if (failures.length > 0) {
      await this.close();
      throw new Error(`SMPP routes failed to bind: ${failures.join('; ')}`);
    }
  }

  /** Receipts from every route, tagged with its name. Returns the function that removes the listener. */
  onReceipt(listener: ReceiptListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  routeFor(destination: string): SmppRoute | null {
    return this.table.choose(destination);
  }

  /** The route's pacing now (null for an unknown route): `rate` null means not paced. */
  pace(routeName: string): PaceState | null {
    return this.entries.get(routeName)?.pace ?? null;
  }

  /** Whether the route's session is bound (after a drop it reconnects by itself). */
  bound(routeName: string): boolean {
    return this.entries.get(routeName)?.client.bound ?? false;
  }

  async send(message: SmsToSend): Promise<SmsSendResult> {
    const route = this.table.choose(message.destination);
    if (!route) {
      if (this.entries.size === 0) return temporary('no SMPP routes are configured (HERALD_SMPP_ROUTES)', null, null, []);
      return { kind: 'failed', status: 'REJECTD', commandStatus: null, reason: `no SMPP route serves ${message.destination} and there is no default route`, route: null, submitted: [] };
    }
    const entry = this.entries.get(route.name) as RouteEntry;
    let built: BuiltMessage;
    try {
      built = buildParts(message, entry.reference);
    } catch (err) {
      return { kind: 'failed', status: 'REJECTD', commandStatus: null, reason: err instanceof Error ? err.message : String(err), route: route.name, submitted: [] };
    }
    const parts = built.parts;
    if (parts.length > 1) entry.reference = (entry.reference + 1) & 0xff;

    const encoding = built.encoding;
    const first = await this.submitPart(entry, parts[0] as SubmitPart);
    const results: SubmitResult[] = [first];
    if ('messageId' in first && parts.length > 1) results.push(...(await Promise.all(parts.slice(1).map((p) => this.submitPart(entry, p)))));
    return outcome(route.name, encoding, parts.length, results, entry.client.bound);
  }

  /** Fails what is waiting (as temporary), unbinds every route. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.sleepers]) wake();
    await Promise.all([...this.entries.values()].map((e) => e.client.close()));
  }

  /** One part through the route's pacing, retried while the SMSC throttles it (a bounded number of times). */
  private async submitPart(entry: RouteEntry, part: SubmitPart): Promise<SubmitResult> {
    const config = this.paceConfig;
    for (let attempt = 0; ; attempt++) {
      const slot = reserve(entry.pace, Date.now(), config);
      entry.pace = slot.state;
      if (slot.waitMs === null) {
        return { error: { kind: 'throttled', commandStatus: null, retryable: true, message: `route ${entry.route.name} is paced at ${entry.pace.rate?.toFixed(1)} parts/s; its next slot is ${Math.round(slot.retryInMs)} ms away` } };
      }
      if (slot.waitMs > 0 && !(await this.sleep(slot.waitMs))) return closedError();
      const result = await entry.client.submit(part);
      if ('messageId' in result || result.error.kind !== 'throttled') return result;
      entry.pace = throttled(entry.pace, Date.now(), config);
      if (attempt >= config.maxRetries) return result;
      if (!(await this.sleep(retryDelayMs(entry.pace, attempt + 1, config)))) return closedError();
    }
  }

  /** Waits; false when the sender closed meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(true);
      }, ms);
      this.sleepers.add(wake);
    });
  }

  private forward(route: string, receipt: DeliveryReceipt): void | Promise<void> {
    if (this.listeners.size === 0) {
      // Acknowledging would lose it: refuse, so the SMSC keeps it and delivers it again later.
      this.log(`SMPP route ${route}: receipt for ${receipt.messageId} (${receipt.status}) arrived with no listener; the SMSC will redeliver it`);
      return Promise.reject(new Error('no receipt listener'));
    }
    const pending: Promise<void>[] = [];
    for (const listener of this.listeners) {
      const r = listener({ route, receipt });
      if (r instanceof Promise) pending.push(r);
    }
    if (pending.length > 0) return Promise.all(pending).then(() => undefined);
  }
}

function closedError(): SubmitResult {
  return { error: { kind: 'closed', commandStatus: null, retryable: true, message: 'the SMS sender is closing' } };
}

function temporary(reason: string, commandStatus: number | null, route: string | null, submitted: SubmittedPart[]): SmsSendResult {
  return { kind: 'temporary', reason, statusIfFinal: FINAL_IF_OUT_OF_TIME, commandStatus, route, submitted };
}

/** One message's result from its parts' results (in part order; fewer than `total` when the first part failed). */
export function outcome(route: string, encoding: SmsEncoding, total: number, results: readonly SubmitResult[], stillBound = true): SmsSendResult {
  const submitted: SubmittedPart[] = [];
  let permanent: SubmitError | null = null;
  let transient: SubmitError | null = null;
  results.forEach((r, i) => {
    if ('messageId' in r) submitted.push({ partNo: i + 1, smscId: r.messageId });
    else if (r.error.retryable || r.error.kind === 'closed') transient ??= r.error;
    else permanent ??= r.error;
  });
  const which = (e: SubmitError): string => (total > 1 ? `part ${results.findIndex((r) => 'error' in r && r.error === e) + 1} of ${total}: ` : '');
  // A refusal for good outweighs a temporary trouble: sending again would be refused again.
  const p = permanent as SubmitError | null;
  if (p) {
    const reason = `${which(p)}${p.message}${p.commandStatus !== null && !p.message.includes('0x') ? ` (${statusName(p.commandStatus)})` : ''}`;
    return { kind: 'failed', status: 'REJECTD', commandStatus: p.commandStatus, reason, route, submitted };
  }
  const t = transient as SubmitError | null;
  if (t) return temporary(`${which(t)}${t.message}${stillBound ? '' : ' (reconnecting)'}`, t.commandStatus, route, submitted);
  return { kind: 'submitted', route, encoding, parts: submitted };
}
