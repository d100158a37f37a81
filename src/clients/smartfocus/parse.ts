/**
 * The response parser on its own, for bodies obtained elsewhere (recorded, logged, from another
 * HTTP stack): the PHP library's RestResponseParser::getResult() and one parser per result type.
 * Each throws SmartFocusError for a failure response.
 */
import { responseOf } from '../transport.js';
import { lastUploadsResult, uploadIdResult, uploadStatusResult, uploadsResult } from './batch-results.js';
import { readEnvelope, resultText, type Envelope } from './envelope.js';
import { jobResult, jobStatusResult, membersPageResult, membersResult, memberTableResult, textResult } from './member-results.js';
import { notificationResult } from './notification.js';

function envelope(body: string | Buffer, httpStatus: number): Envelope {
  return readEnvelope(responseOf(httpStatus, body));
}

const parser = <T>(read: (env: Envelope) => T) => (body: string | Buffer, httpStatus = 200): T => read(envelope(body, httpStatus));

export const parseResponse = {
  /** The `<result>` text (a token, "connection closed", a log file…), like RestResponseParser::getResult(). */
  getResult: parser(resultText),
  text: parser(textResult),
  jobId: parser(jobResult),
  jobStatus: parser(jobStatusResult),
  members: parser(membersResult),
  membersPage: parser(membersPageResult),
  memberTable: parser(memberTableResult),
  uploadId: parser(uploadIdResult),
  lastUploads: parser(lastUploadsResult),
  uploadStatus: parser(uploadStatusResult),
  uploads: parser(uploadsResult),
  notification: parser(notificationResult),
};
