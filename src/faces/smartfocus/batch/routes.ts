import type { AccountScope, CoreContext } from '../../../core/context.js';
import { getAccount } from '../../../core/accounts/accounts.js';
import { GoneError, NotFoundError } from '../../../core/errors.js';
import { getImport, lastImports, listImports, openImportBadFile, openImportLog } from '../../../core/imports/jobs.js';
import type { ImportJob } from '../../../core/imports/types.js';
import type { SfReply, SfRequest, SfRoute } from '../common/router.js';
import { failure, ok, withToken, type ScopedHandler } from '../common/connection.js';
import { badFileEncoding, streamedResult } from './downloads.js';
// A cycle with plugin.ts, harmless: the constant is read only when the plugin builds its routes.
import { BATCH_TOKEN_KIND } from './plugin.js';
import { uploadHandler } from './upload.js';
import { UploadParameterError } from './upload-xml.js';
import { parseUploadsQuery } from './uploads-query.js';
import { lastUploadsResponse, uploadStatusResponse, uploadSummariesResponse } from './uploads-xml.js';

/** getLastUpload lists this many (Data Mass Update guide). */
export const LAST_UPLOADS = 20;

/** The vendor's answer for an id that is not one of this account's uploads. */
function noUpload(id: string): SfReply {
  return failure('No flatUpload found!', id, 'GET_FLATUPLOAD_FAILED');
}

/**
 * Runs `handler` on the upload `:id` names, or answers GET_FLATUPLOAD_FAILED: an unknown id, another
 * account's, and one that cannot be an id at all look the same to the caller.
 */
function withUpload(handler: (scope: AccountScope, job: ImportJob) => Promise<SfReply>): ScopedHandler {
  return async (scope, req) => {
    const text = req.params.id ?? '';
    if (!/^\d{1,15}$/.test(text) || Number(text) < 1) return noUpload(text);
    let job: ImportJob;
    try {
      job = await getImport(scope, Number(text));
    } catch (err) {
      if (err instanceof NotFoundError) return noUpload(text);
      throw err;
    }
    try {
      return await handler(scope, job);
    } catch (err) {
      // Its log and bad files outlived their retention period and were deleted.
      if (err instanceof GoneError) return failure(err.message, text, 'GET_FLATUPLOAD_FAILED');
      throw err;
    }
  };
}

async function getUploads(ctx: CoreContext, scope: AccountScope, req: SfRequest): Promise<SfReply> {
  let filter;
  try {
    filter = parseUploadsQuery(req.params.page ?? '', req.query);
  } catch (err) {
    if (err instanceof UploadParameterError) return failure(err.message, err.fields, 'INVALID_PARAMETERS');
    throw err;
  }
  const [{ items, total }, account] = await Promise.all([listImports(scope, filter), getAccount(ctx, scope.accountId)]);
  return ok(uploadSummariesResponse({ page: filter.page, pageSize: filter.pageSize, total, items, manager: account.smartfocusLogin }));
}

/** Batch Member REST methods after connect/open|close (docs/protocols/smartfocus.md §Batch Member). */
export function batchMemberRoutes(ctx: CoreContext): SfRoute[] {
  const scoped = (handler: ScopedHandler) => withToken(ctx, BATCH_TOKEN_KIND, handler);
  const base = 'batchmemberservice/:token';
  return [
    { method: 'PUT', pattern: `${base}/batchmember/insertUpload`, ...scoped(uploadHandler(ctx, 'insert')) },
    { method: 'PUT', pattern: `${base}/batchmember/mergeUpload`, ...scoped(uploadHandler(ctx, 'merge')) },
    {
      method: 'GET',
      pattern: `${base}/batchmember/getLastUpload`,
      ...scoped(async (scope) => ok(lastUploadsResponse(await lastImports(scope, LAST_UPLOADS)))),
    },
    {
      method: 'GET',
      pattern: `${base}/batchmember/:id/getUploadStatus`,
      ...scoped(withUpload(async (_scope, job) => ok(uploadStatusResponse(job)))),
    },
    {
      method: 'GET',
      pattern: `${base}/batchmember/:id/getLogFile`,
      // The log is what Herald wrote: UTF-8. A job that could not run says why at its end.
      ...scoped(withUpload(async (scope, job) => streamedResult(await openImportLog(ctx, scope, job.id), 'UTF-8', job.error === null ? '' : `${job.error}\n`))),
    },
    {
      method: 'GET',
      pattern: `${base}/batchmember/:id/getBadFile`,
      ...scoped(withUpload(async (scope, job) => streamedResult(await openImportBadFile(ctx, scope, job.id), badFileEncoding(job)))),
    },
    { method: 'GET', pattern: `${base}/uploads/:page`, ...scoped((scope, req) => getUploads(ctx, scope, req)) },
  ];
}
