/**
 * insertUpload / mergeUpload: the multipart body is read as it arrives — the XML parameters part
 * first, then the file part decoded (base64 or binary) straight into the engine's upload stream —
 * so memory stays flat whatever the file size.
 */
import { Readable } from 'node:stream';
import type { AccountScope, CoreContext } from '../../../core/context.js';
import { ConflictError, ValidationError } from '../../../core/errors.js';
import { createImport } from '../../../core/imports/jobs.js';
import { MAX_IMPORT_FILE_BYTES } from '../../../core/imports/types.js';
import type { SfReply, SfRequest } from '../common/router.js';
import { failure, ok } from '../common/connection.js';
import { resultResponse } from '../common/xml.js';
import { Base64Error, FileTooLargeError, decodeBase64, limitBytes } from './base64-stream.js';
import { MultipartError, MultipartReader, boundaryOf, type PartInfo } from './multipart.js';
import { toImportOptions } from './upload-options.js';
import { MAX_UPLOAD_XML_BYTES, UPLOAD_ELEMENT, UploadParameterError, parseUploadXml, type UploadKind } from './upload-xml.js';
import { BATCH_SOURCE } from './statuses.js';

/** The file part: the library names it `inputStream`; any part with a filename will do. */
function isFilePart(part: PartInfo): boolean {
  return part.fileName !== null || part.name?.toLowerCase() === 'inputstream';
}

function isStream(body: unknown): body is Readable {
  return body instanceof Readable;
}

/** Decoded file bytes, refused past the 256 MB documented limit. */
function fileContent(reader: MultipartReader, part: PartInfo, limit: number): Readable {
  const raw = reader.body();
  const decoded = part.transferEncoding === 'base64' ? decodeBase64(raw) : raw;
  // objectMode off: the engine receives Buffers and applies backpressure by pulling.
  return Readable.from(limitBytes(decoded, limit), { objectMode: false });
}

function errorReply(err: unknown, kind: UploadKind): SfReply {
  if (err instanceof UploadParameterError) return failure(err.message, err.fields, 'INVALID_PARAMETERS');
  if (err instanceof FileTooLargeError || err instanceof Base64Error || err instanceof MultipartError) {
    return failure(err.message, 'inputStream', 'INVALID_FILE');
  }
  if (err instanceof ConflictError) {
    return failure('The maximum number of pending uploads (5) is reached: wait until one is finished.', UPLOAD_ELEMENT[kind], 'MAX_NB_UPLOADS');
  }
  if (err instanceof ValidationError) {
    const first = err.issues[0];
    const description = err.issues.map((i) => i.message).join('; ');
    if (first?.field === 'file') return failure(description, 'inputStream', 'INVALID_FILE');
    return failure(description, first?.field ?? UPLOAD_ELEMENT[kind], 'INVALID_PARAMETERS');
  }
  throw err;
}

export interface UploadLimits {
  fileBytes: number;
}

export function uploadHandler(ctx: CoreContext, kind: UploadKind, limits: UploadLimits = { fileBytes: MAX_IMPORT_FILE_BYTES }) {
  const element = UPLOAD_ELEMENT[kind];
  return async (scope: AccountScope, req: SfRequest): Promise<SfReply> => {
    const boundary = boundaryOf(req.request.headers['content-type']);
    if (boundary === null || !isStream(req.body)) {
      return failure(`A multipart/form-data body with a boundary, holding the ${element} XML and the file, is required`, element, 'INVALID_PARAMETERS');
    }
    const reader = new MultipartReader(req.body, boundary);
    try {
      let part = await reader.nextPart();
      while (part !== null && part.name?.toLowerCase() !== element.toLowerCase()) {
        if (isFilePart(part)) {
          // Streaming needs the parameters first (both the library and the vendor examples send them first).
          throw new UploadParameterError(`The ${element} part must come before the file part`, element);
        }
        part = await reader.nextPart();
      }
      if (part === null) throw new UploadParameterError(`Element '${element}' is required`, element);
      const request = parseUploadXml(kind, await reader.text(MAX_UPLOAD_XML_BYTES));
      const options = await toImportOptions(scope, request);

      let file = await reader.nextPart();
      while (file !== null && !isFilePart(file)) file = await reader.nextPart();
      if (file === null) return failure('The file part (inputStream) is missing', 'inputStream', 'INVALID_FILE');

      const job = await createImport(ctx, scope, {
        source: BATCH_SOURCE,
        fileName: request.fileName,
        content: fileContent(reader, file, limits.fileBytes),
        options,
      });
      return ok(resultResponse('xs:long', job.id));
    } catch (err) {
      return errorReply(err, kind);
    } finally {
      reader.discard();
    }
  };
}
