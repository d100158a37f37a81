/**
 * An insertUpload / mergeUpload request → the engine's ImportOptions. insertUpload inserts only;
 * mergeUpload inserts or updates (SmartFocus "merge"). autoMapping means the file's first line
 * names the columns; a `<mapping>` names them instead, and mergeUpload's file (as the PHP library
 * builds it) has its header line removed, so it has no header unless `skipFirstLine` says so.
 */
import type { AccountScope } from '../../../core/context.js';
import { listCustomFields } from '../../../core/audience/custom-fields/custom-fields.js';
import { resolveMapping } from '../../../core/imports/reading/mapping.js';
import type { ColumnMapping, ImportOptions } from '../../../core/imports/types.js';
import { CELLPHONE_DIGITS } from '../member/columns.js';
import type { UploadRequest } from './upload-xml.js';

/** Pure part: everything but resolving field names. */
export function baseImportOptions(req: UploadRequest): ImportOptions {
  return {
    mode: req.kind === 'insert' ? 'insert' : 'upsert',
    encoding: req.encoding,
    delimiter: req.delimiter,
    header: req.autoMapping || req.skipFirstLine,
    dateFormat: req.dateFormat,
    // Without a <dedup>, SmartFocus still keys members on their email.
    dedupKey: req.dedupKey ?? 'email',
    dedupOrder: req.dedupOrder,
    skipUnsubscribedAndHardBounced: req.skipUnsubscribedAndHardBounced,
    groupIds: [],
    officeId: null,
    phoneDigits: CELLPHONE_DIGITS,
  };
}

/** The `<mapping>` columns as the engine's mapping, names not yet resolved. */
export function explicitMapping(req: UploadRequest): ColumnMapping[] {
  return req.columns.map((c) => ({ column: c.colNum, field: c.fieldName, replace: c.toReplace }));
}

/**
 * Resolves the mapping's SmartFocus names (EMAIL, FIRSTNAME, EMVCELLPHONE, MEMBER_ID) and custom
 * field names now, so a wrong name is an INVALID_PARAMETERS answer rather than a failed job.
 * @throws ValidationError
 */
export async function toImportOptions(scope: AccountScope, req: UploadRequest): Promise<ImportOptions> {
  const options = baseImportOptions(req);
  if (req.columns.length > 0) {
    const customFields = (await listCustomFields(scope)).map((f) => ({ id: f.id, name: f.name }));
    options.mapping = resolveMapping(null, explicitMapping(req), customFields);
  }
  return options;
}
