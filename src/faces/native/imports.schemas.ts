import { Type, type Static } from '@sinclair/typebox';
import { MAX_INT32 } from '../../core/bounds.js';
import type { ImportJob } from '../../core/imports/types.js';
import { MAX_IMPORT_FILE_BYTES, MAX_PENDING_IMPORTS } from '../../core/imports/types.js';
import { Id, IsoTimestamp, nullable, ref } from './common.schemas.js';

const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});

export const IMPORT_STATUSES = ['stored', 'validated', 'queued', 'importing', 'done', 'done_with_errors', 'error', 'failed'] as const;
export const IMPORT_MODES = ['insert', 'update', 'upsert'] as const;
export const DEDUP_KEYS = ['email', 'mobile', 'memberId'] as const;

export const ImportStatusSchema = literals(
  IMPORT_STATUSES,
  'stored → validated → queued → importing → done | done_with_errors (some rows rejected) | error (could not run) | failed (stopped while importing).',
);
const ModeSchema = literals(IMPORT_MODES, 'insert: skip existing contacts; update: only existing ones; upsert: both.');
const DedupKeySchema = literals(DEDUP_KEYS, 'What identifies the same contact: email (case-insensitive), mobile (E.164) or memberId.');

const ColumnMappingSchema = Type.Object({
  column: Type.Integer({ minimum: 1, description: '1-based column number in the file.' }),
  field: Type.String({ description: 'Standard field (`email`, `firstName`, `dateOfBirth`, `memberId`…) or `custom:<id>`.' }),
  replace: Type.Boolean({ description: 'true: an empty cell clears the stored value; false: it keeps it.' }),
});

export const ImportJobSchema = Type.Object(
  {
    id: Type.Integer(),
    status: ImportStatusSchema,
    source: Type.String({ description: 'Who created the job: `native`, `cli`, `API_BATCH_MEMBER`, …' }),
    mode: ModeSchema,
    fileName: Type.String(),
    size: Type.Integer({ description: 'Bytes of the uploaded file.' }),
    options: Type.Object({
      mode: ModeSchema,
      format: Type.Optional(literals(['csv', 'xlsx', 'xls'] as const)),
      encoding: Type.Optional(Type.String()),
      delimiter: Type.Optional(Type.String()),
      enclosure: Type.Optional(Type.String()),
      header: Type.Boolean(),
      mapping: Type.Optional(Type.Array(ColumnMappingSchema)),
      dateFormat: Type.Optional(Type.String()),
      dedupKey: DedupKeySchema,
      dedupOrder: Type.Optional(literals(['first', 'last'] as const)),
      skipUnsubscribedAndHardBounced: Type.Boolean(),
      groupIds: Type.Array(Type.Integer()),
      officeId: nullable(Type.Integer()),
    }),
    counters: Type.Object({
      read: Type.Integer({ description: 'Data rows read (header excluded).' }),
      inserted: Type.Integer(),
      updated: Type.Integer(),
      unchanged: Type.Integer(),
      rejected: Type.Integer({ description: 'Rows written to the bad file and named in the log.' }),
    }),
    progress: Type.Number({ minimum: 0, maximum: 100, description: 'Percent of the file read.' }),
    error: nullable(Type.String({ description: 'Why the job ended in error or failed.' })),
    createdAt: IsoTimestamp,
    startedAt: nullable(IsoTimestamp),
    finishedAt: nullable(IsoTimestamp),
  },
  { $id: 'ImportJob' },
);
export type ImportJobDto = Static<typeof ImportJobSchema>;

export const ImportListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_INT32, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
    status: Type.Optional(ImportStatusSchema),
    source: Type.Optional(Type.String({ minLength: 1, description: 'e.g. `native`, `cli`, `API_BATCH_MEMBER`.' })),
  },
  { additionalProperties: false },
);
export type ImportListQueryType = Static<typeof ImportListQuery>;

export const ImportPageSchema = Type.Object(
  {
    items: Type.Array(ref(ImportJobSchema)),
    total: Type.Integer({ description: 'Jobs matching the filter, ignoring paging.' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  },
  { description: 'One page of import jobs, newest first' },
);

export const ImportIdParams = Type.Object({ id: Id }, { additionalProperties: false });

/**
 * The multipart form, for the OpenAPI document only: the handler reads the stream itself (the
 * file is never buffered), so this schema is not used for validation.
 */
export const ImportForm = Type.Object(
  {
    mode: Type.Optional(ModeSchema),
    header: Type.Optional(Type.String({ enum: ['true', 'false'], default: 'true', description: 'Whether the first line names the columns.' })),
    delimiter: Type.Optional(Type.String({ description: '`,` `;` `|` or `\\t`; detected when absent.' })),
    encoding: Type.Optional(Type.String({ description: 'UTF-8, WINDOWS-1251, WINDOWS-1252, KOI8-R, CP866, ISO-8859-1, ISO-8859-15, UTF-16LE/BE; BOM or UTF-8 when absent.' })),
    enclosure: Type.Optional(Type.String({ description: 'Quote character; default `"`.' })),
    dateFormat: Type.Optional(Type.String({ description: 'e.g. `yyyy-MM-dd` (default), `dd/MM/yyyy HH:mm`.' })),
    dedupKey: Type.Optional(DedupKeySchema),
    dedupOrder: Type.Optional(literals(['first', 'last'] as const, 'Which of several rows with the same key wins; default first.')),
    skipUnsubscribedAndHardBounced: Type.Optional(Type.String({ enum: ['true', 'false'], default: 'false' })),
    groupIds: Type.Optional(Type.String({ description: 'Comma separated group ids every imported contact joins.' })),
    officeId: Type.Optional(Type.String({ description: 'Target office id; absent = the default office; 0 = allocate by post code.' })),
    mapping: Type.Optional(Type.String({ description: 'JSON array of `{"column":1,"field":"email","replace":true}`; default: from the header row.' })),
    file: Type.String({ format: 'binary', description: `The CSV/TSV, XLS or XLSX file, at most ${MAX_IMPORT_FILE_BYTES} bytes. Send it after the option fields.` }),
  },
  { description: `Options first, then the file. At most ${MAX_PENDING_IMPORTS} jobs of an account may be pending at once.` },
);

export function toImportJobDto(job: ImportJob): ImportJobDto {
  const o = job.options;
  return {
    id: job.id,
    status: job.status,
    source: job.source,
    mode: job.mode,
    fileName: job.fileName,
    size: job.size,
    options: {
      mode: o.mode,
      ...(o.format === undefined ? {} : { format: o.format }),
      ...(o.encoding === undefined ? {} : { encoding: o.encoding }),
      ...(o.delimiter === undefined ? {} : { delimiter: o.delimiter }),
      ...(o.enclosure === undefined ? {} : { enclosure: o.enclosure }),
      header: o.header,
      ...(o.mapping === undefined ? {} : { mapping: o.mapping.map((m) => ({ column: m.column, field: m.field, replace: m.replace })) }),
      ...(o.dateFormat === undefined ? {} : { dateFormat: o.dateFormat }),
      dedupKey: o.dedupKey,
      ...(o.dedupOrder === undefined ? {} : { dedupOrder: o.dedupOrder }),
      skipUnsubscribedAndHardBounced: o.skipUnsubscribedAndHardBounced,
      groupIds: o.groupIds,
      officeId: o.officeId,
    },
    counters: { ...job.counters },
    progress: job.progress,
    error: job.error,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
