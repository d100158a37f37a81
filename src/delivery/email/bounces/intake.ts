// Connects the inbound SMTP listener to the core: each report is tied to its message through the
// VERP return path (`bounces+REF@domain`) or the original Message-ID it quotes — both carry the
// message reference with its MAC, so a report can only name messages Herald really sent — and then
// applied. Reports that name no message of ours are logged and dropped: the listener still answers
// 250, since retrying them would never help. Only a failure to apply (the database) is a 451.
import type { CoreContext } from '../../../core/context.js';
import { messageIdFromHeader, parseMessageReference } from '../../../core/messages/reference.js';
import { applyBounceReport, applyComplaint, type ReportResult } from '../../../core/messages/reports.js';
import { referenceKey } from '../start.js';
import type { InboundReport } from './inbound-report.js';
import { startInboundListener, type InboundListener } from './listener.js';

export interface BounceIntakeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Domain of the return paths; complaint feeds are accepted at fbl@ and abuse@ of it. */
  bounceDomain: string;
  maxSize?: number;
  maxClients?: number;
  socketTimeoutMs?: number;
  log?: (msg: string, data?: object) => void;
}

/** DSNs may quote the whole original message, attachments included. */
const DEFAULT_MAX_SIZE = 25 * 1024 * 1024;
/** Reports arrive one at a time from a few MTAs; more connections than this is a flood. */
const DEFAULT_MAX_CLIENTS = 20;
/** RFC 5321 4.5.3.2 asks servers for 5 minutes; an MTA answering a DSN is never that slow. */
const DEFAULT_SOCKET_TIMEOUT_MS = 60_000;

/** The message a report is about, if it names one of ours with a valid MAC. */
export function reportedMessageId(key: Buffer, report: InboundReport): number | null {
  for (const token of report.returnPathTokens) {
    const id = parseMessageReference(key, token);
    if (id !== null) return id;
  }
  if (report.kind === 'unknown' || report.originalMessageId === null) return null;
  return messageIdFromHeader(key, report.originalMessageId);
}

/** Applies one classified report; what happened, for the log. */
export async function applyInboundReport(core: CoreContext, key: Buffer, report: InboundReport): Promise<ReportResult> {
  if (report.kind === 'unknown') return { result: 'ignored', reason: report.reason };
  const messageId = reportedMessageId(key, report);
  if (messageId === null) return { result: 'ignored', reason: 'names no message of ours' };
  if (report.kind === 'bounce') return applyBounceReport(core.db, messageId, report.recipients);
  return applyComplaint(core.db, messageId, { feedbackType: report.feedbackType });
}

/** Starts the inbound listener for bounces and complaints, applying what it receives. */
export async function startBounceIntake(core: CoreContext, options: BounceIntakeOptions): Promise<InboundListener> {
  const log = options.log ?? (() => undefined);
  const key = referenceKey(core);
  const domain = options.bounceDomain.toLowerCase();
  return startInboundListener({
    host: options.host,
    port: options.port,
    maxSize: options.maxSize ?? DEFAULT_MAX_SIZE,
    maxClients: options.maxClients ?? DEFAULT_MAX_CLIENTS,
    socketTimeoutMs: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
    domain,
    feedbackAddresses: [`fbl@${domain}`, `abuse@${domain}`],
    log,
    async onReport(report) {
      const outcome = await applyInboundReport(core, key, report);
      if (outcome.result === 'ignored') log('inbound report ignored', { kind: report.kind, reason: outcome.reason, tokens: report.returnPathTokens });
      else log('inbound report applied', { kind: report.kind, result: outcome.detail });
    },
  });
}
