/**
 * SmartFocus / EmailVision Campaign Commander client: Member REST, Batch Member REST and the
 * Notification (NMP trigger) API, with the PHP library's method names, typed results parsed from
 * the XML (each with its raw body) and failures as SmartFocusError.
 */
export { Member, MEMBER_BASE_PATH } from './member.js';
export { BatchMember, BATCH_BASE_PATH, MAX_UPLOADS_PAGE_SIZE, type UploadBodyInput } from './batch-member.js';
export { Notification, NOTIFICATION_BASE_URL, type NotificationOptions, type NotificationResult, type SendRequestOutcome, type SynchronizationType } from './notification.js';
export { TransactionalRequest, trackedContent, type FieldValue } from './transactional-request.js';
export type { SmartFocusClientOptions, ConnectionResult } from './session.js';
export { SmartFocusError, SmartFocusNotConnectedError, INVALID_RESPONSE } from './errors.js';
export { buildSynchroMemberXml, type SynchroMember, type SynchroMemberInput } from './synchro-member.js';
export { insertUploadBody, mergeUploadBody, detectDelimiter, type UploadBody, type UploadFile, type Separator } from './batch-body.js';
export type {
  RawResult, TextResult, JobResult, JobStatusResult, MemberJobStatus, MemberEntry, MemberValue, SmartFocusMember, MembersResult, MembersPageResult, MemberTableResult,
} from './member-results.js';
export { FINAL_UPLOAD_STATUSES, type UploadStatus, type UploadIdResult, type LastUploadsResult, type UploadStatusResult, type UploadSummary, type UploadsResult } from './batch-results.js';
export { parseResponse } from './parse.js';
export type { HttpTransport, HttpRequest, HttpResponse } from '../transport.js';
export { nodeTransport, RecordingTransport } from '../transport.js';
