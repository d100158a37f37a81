/**
 * Batch Member REST (Data Mass Update): the PHP library's Rest\BatchMember, same method names, the
 * token kept in the instance (docs/protocols/smartfocus.md §Batch Member).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { boundaryOf, insertUploadBody, mergeUploadBody, type UploadBody, type UploadFile } from './batch-body.js';
import {
  lastUploadsResult, uploadIdResult, uploadStatusResult, uploadsResult,
  type LastUploadsResult, type UploadIdResult, type UploadStatusResult, type UploadsResult,
} from './batch-results.js';
import { dynQueryValue, pathSegment as seg } from './encoding.js';
import { textResult, type TextResult } from './member-results.js';
import { SessionService, type SmartFocusClientOptions } from './session.js';

export const BATCH_BASE_PATH = '/apibatchmember/services/rest';

/** The most getUploads returns a page (the library clamps pageSize to 1..1000). */
export const MAX_UPLOADS_PAGE_SIZE = 1000;

async function uploadFile(file: string | UploadFile): Promise<UploadFile> {
  return typeof file === 'string' ? { name: basename(file), content: await readFile(file) } : file;
}

/** A body from buildInsertXml/buildUpdateXml, or one built elsewhere (its boundary read from its first line). */
export type UploadBodyInput = UploadBody | string | Uint8Array;

function asUploadBody(input: UploadBodyInput): UploadBody {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  const boundary = boundaryOf(input);
  return { boundary, contentType: `multipart/form-data; boundary=${boundary}`, body: typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input) };
}

export class BatchMember extends SessionService {
  constructor(options: SmartFocusClientOptions) {
    super(options, BATCH_BASE_PATH);
  }

  /**
   * The insertUpload body for a CSV file (a path, read here, or a name and content). The first
   * line names the columns (autoMapping); the separator is detected from it. No request is sent.
   * `boundary` is for reproducible bodies (tests); by default it is random.
   */
  async buildInsertXml(file: string | UploadFile, dateFormat = 'yyyy-MM-dd', dedup = true, boundary?: string): Promise<UploadBody> {
    return insertUploadBody(await uploadFile(file), dateFormat, dedup, boundary);
  }

  /** PUT batchmemberservice/{token}/batchmember/insertUpload */
  async insert(body: UploadBodyInput): Promise<UploadIdResult> {
    const b = asUploadBody(body);
    return uploadIdResult(await this.put(`batchmemberservice/${this.requireToken()}/batchmember/insertUpload`, b.contentType, b.body));
  }

  /** The mergeUpload body: members matched on email, every other column of the header line replaced. */
  async buildUpdateXml(file: string | UploadFile, dateFormat = 'yyyy-MM-dd', boundary?: string): Promise<UploadBody> {
    return mergeUploadBody(await uploadFile(file), dateFormat, boundary);
  }

  /** PUT batchmemberservice/{token}/batchmember/mergeUpload */
  async update(body: UploadBodyInput): Promise<UploadIdResult> {
    const b = asUploadBody(body);
    return uploadIdResult(await this.put(`batchmemberservice/${this.requireToken()}/batchmember/mergeUpload`, b.contentType, b.body));
  }

  /** The last 20 uploads, newest first. */
  async getLastUpload(): Promise<LastUploadsResult> {
    return lastUploadsResult(await this.get(`batchmemberservice/${this.requireToken()}/batchmember/getLastUpload`));
  }

  async getUploadStatus(uploadId: number | string): Promise<UploadStatusResult> {
    return uploadStatusResult(await this.get(`batchmemberservice/${this.requireToken()}/batchmember/${seg(uploadId)}/getUploadStatus`));
  }

  /**
   * `uploads/{page}?pageSize=N[&sort={column}:][&search=status:{status}|source:{source}]`, as the
   * library writes it (an empty sort direction after the column, a raw `|`); pageSize clamped to
   * 1..1000. A status with a space ("DONE WITH ERRORS") is percent-encoded where the library throws.
   */
  async getUploads(page: number, pageSize = MAX_UPLOADS_PAGE_SIZE, sort?: string | null, status?: string | null, source?: string | null): Promise<UploadsResult> {
    const size = Math.min(MAX_UPLOADS_PAGE_SIZE, Math.max(1, Math.trunc(pageSize)));
    let query = `pageSize=${size}`;
    if (sort) query += `&sort=${dynQueryValue(sort)}:`;
    const search = [status ? `status:${status}` : null, source ? `source:${source}` : null].filter((t) => t !== null);
    if (search.length > 0) query += `&search=${dynQueryValue(search.join('|'))}`;
    return uploadsResult(await this.get(`batchmemberservice/${this.requireToken()}/uploads/${seg(page)}?${query}`));
  }

  /** The upload's import log (text). */
  async getLogFile(uploadId: number | string): Promise<TextResult> {
    return textResult(await this.get(`batchmemberservice/${this.requireToken()}/batchmember/${seg(uploadId)}/getLogFile`));
  }

  /** The upload's rejected lines, as they were in the file. */
  async getBadFile(uploadId: number | string): Promise<TextResult> {
    return textResult(await this.get(`batchmemberservice/${this.requireToken()}/batchmember/${seg(uploadId)}/getBadFile`));
  }
}
