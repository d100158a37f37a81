// RFC 5965 abuse feedback reports (ARF): multipart/report; report-type=feedback-report with a
// human-readable part, a message/feedback-report part and the original message (or its headers).
import { findReport, headerValue, headerValues, parseFieldGroups, parseMimeEntity } from './mime.js';
import { findOriginalPart, readOriginalMessage, type OriginalMessage } from './original.js';

export interface FeedbackReport {
  /** Lower-cased: abuse, fraud, virus, other, not-spam, auth-failure … */
  feedbackType: string;
  userAgent: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string[];
  sourceIp: string | null;
  arrivalDate: string | null;
  original: OriginalMessage | null;
}

const bare = (value: string | undefined): string | null => {
  const v = value?.trim().replace(/^<(.*)>$/, '$1').trim();
  return v === undefined || v === '' ? null : v;
};

/** The feedback report in a raw message, or null when it is not one. */
export async function parseArf(raw: Buffer): Promise<FeedbackReport | null> {
  const report = findReport(parseMimeEntity(raw), 'feedback-report');
  if (report === null) return null;
  const part = report.children.find((child) => child.type === 'message/feedback-report');
  if (part === undefined) return null;
  const fields = parseFieldGroups(part.content).flat();
  const feedbackType = (headerValue(fields, 'feedback-type') ?? '').trim().toLowerCase();
  if (feedbackType === '') return null;
  const originalPart = findOriginalPart(report);
  return {
    feedbackType,
    userAgent: bare(headerValue(fields, 'user-agent')),
    originalMailFrom: bare(headerValue(fields, 'original-mail-from')),
    originalRcptTo: headerValues(fields, 'original-rcpt-to').map(bare).filter((v): v is string => v !== null),
    sourceIp: bare(headerValue(fields, 'source-ip')),
    arrivalDate: bare(headerValue(fields, 'arrival-date') ?? headerValue(fields, 'received-date')),
    original: originalPart === null ? null : await readOriginalMessage(originalPart),
  };
}
