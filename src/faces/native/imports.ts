import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { TSchema } from '@sinclair/typebox';
import type { CoreContext } from '../../core/context.js';
import { ValidationError } from '../../core/errors.js';
import { createImport, getImport, listImports, openImportBadFile, openImportLog } from '../../core/imports/jobs.js';
import { MAX_IMPORT_FILE_BYTES } from '../../core/imports/types.js';
import { scopeOf } from './auth.js';
import { ErrorBody, errorResponses, ref } from './common.schemas.js';
import { streamResponse } from './downloads.js';
import { UnsupportedMediaTypeError } from './errors.js';
import { toImportOptions, type FormFields } from './import-form.js';
import { ImportForm, ImportIdParams, ImportJobSchema, ImportListQuery, ImportPageSchema, toImportJobDto } from './imports.schemas.js';
import { nativeValidatorCompiler } from './validation.js';

const tags = ['Imports'];
const Job = ref(ImportJobSchema, 'The import job');
/** Room for the option fields and part headers around a file of the maximum size. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** The form schema documents the upload; the handler parses the stream itself, so it validates nothing. */
function uploadValidator<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (input: unknown) => ({ value: input });
  return nativeValidatorCompiler(route as unknown as Parameters<FastifySchemaCompiler<TSchema>>[0]);
}

/** Text fields that came before the file; a repeated or file-typed field is a mistake worth a 400. */
function formFields(part: MultipartFile): FormFields {
  const out: FormFields = {};
  for (const [name, value] of Object.entries(part.fields)) {
    if (value === undefined || value === part) continue;
    if (Array.isArray(value) || value.type !== 'field' || typeof value.value !== 'string') {
      throw ValidationError.single(name, 'invalid', `${name} must be sent once, as a text field`);
    }
    out[name] = value.value;
  }
  return out;
}

type App = Parameters<FastifyPluginAsyncTypebox>[0];
type FileTooLarge = App['multipartErrors']['RequestFileTooLargeError'];

export function importRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Registered here only: no other native route accepts multipart bodies.
    await app.register(multipart, { limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 20, fieldSize: 1024 * 1024, parts: 22 } });
    uploadRoute(app, core);
    jobRoutes(app);
    downloadRoutes(app, core);
  };
}

function uploadRoute(app: App, core: CoreContext): void {
  const { RequestFileTooLargeError } = app.multipartErrors;
  app.post(
    '/imports',
    {
      validatorCompiler: uploadValidator,
      schema: {
        tags,
        operationId: 'createImport',
        summary: 'Upload a file and queue its import',
        description: 'multipart/form-data: the option fields, then the file part (named `file`). The file is streamed to storage, never held in memory. Answers as soon as the job is queued; poll `GET /imports/{id}`.',
        consumes: ['multipart/form-data'],
        body: ImportForm,
        response: {
          202: ref(ImportJobSchema, 'The queued job'),
          ...errorResponses(400, 401, 409, 413, 500),
          415: ref(ErrorBody, 'Request is not multipart/form-data'),
        },
      },
    },
    async (request, reply) => queueUpload(core, request, reply, RequestFileTooLargeError),
  );
}

/** Streams the uploaded file into a new import job and answers 202 with the queued job. */
async function queueUpload(core: CoreContext, request: FastifyRequest, reply: FastifyReply, RequestFileTooLargeError: FileTooLarge): Promise<FastifyReply> {
  if (!request.isMultipart()) throw new UnsupportedMediaTypeError('Send the file as multipart/form-data');
  // A declared length over the limit is refused before a byte is stored.
  const declared = Number(request.headers['content-length']);
  if (declared > MAX_IMPORT_FILE_BYTES + FORM_OVERHEAD_BYTES) throw new RequestFileTooLargeError();
  const part = await request.file();
  if (!part) throw ValidationError.single('file', 'required', 'Send the file in a part named file');
  let tooLarge = false;
  const content = new PassThrough();
  try {
    const options = toImportOptions(formFields(part));
    // busboy ends a file stream quietly at the size limit; failing the stream is what stops createImport storing a truncated file.
    part.file.once('limit', () => {
      tooLarge = true;
      content.destroy(new RequestFileTooLargeError());
    });
    part.file.once('error', (err) => content.destroy(err));
    part.file.pipe(content);
    const job = await createImport(core, scopeOf(request), { source: 'native', fileName: part.filename || 'upload', content, options });
    return await reply.code(202).send(toImportJobDto(job));
  } catch (err) {
    // Whatever was not read is discarded so the request completes and the connection is reusable.
    part.file.unpipe(content);
    part.file.resume();
    // The core counts bytes too (ValidationError on `file`); over the limit is a 413 whichever notices first.
    const coreTooLarge = err instanceof ValidationError && err.issues.some((i) => i.field === 'file' && i.code === 'too_long');
    throw tooLarge || coreTooLarge ? new RequestFileTooLargeError() : err;
  }
}

function jobRoutes(app: App): void {
  app.get(
    '/imports',
    {
      schema: {
        tags,
        operationId: 'listImports',
        summary: 'List import jobs, newest first',
        querystring: ImportListQuery,
        response: { 200: ImportPageSchema, ...errorResponses(400, 401, 500) },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 50, status, source } = request.query;
      const filter = { page, pageSize, sort: 'id' as const, descending: true, ...(status ? { status } : {}), ...(source ? { source } : {}) };
      const result = await listImports(scopeOf(request), filter);
      return { items: result.items.map(toImportJobDto), total: result.total, page, pageSize };
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        operationId: 'getImport',
        summary: 'Get an import job: status, counters, progress and times',
        params: ImportIdParams,
        response: { 200: Job, ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request) => toImportJobDto(await getImport(scopeOf(request), request.params.id)),
  );
}

function downloadRoutes(app: App, core: CoreContext): void {
  app.get(
    '/imports/:id/log',
    {
      schema: {
        tags,
        operationId: 'getImportLog',
        summary: 'Download the job’s log',
        description: 'One line per rejected row (row number, column, reason), then a summary. Kept for the retention period after the job ends (HERALD_IMPORT_RETENTION_DAYS, default 30), then 410.',
        params: ImportIdParams,
        response: { 200: streamResponse(['text/plain'], 'The log, streamed'), ...errorResponses(400, 401, 404, 410, 500) },
      },
    },
    async (request, reply) => {
      const log = await openImportLog(core, scopeOf(request), request.params.id);
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="import-${request.params.id}.log"`).send(log);
    },
  );

  app.get(
    '/imports/:id/bad-file',
    {
      schema: {
        tags,
        operationId: 'getImportBadFile',
        summary: 'Download the rejected rows',
        description: 'Every rejected row’s original line, unchanged, in the file’s original encoding.',
        params: ImportIdParams,
        response: { 200: streamResponse(['application/octet-stream'], 'The bad file, streamed'), ...errorResponses(400, 401, 404, 410, 500) },
      },
    },
    async (request, reply) => {
      const bad = await openImportBadFile(core, scopeOf(request), request.params.id);
      return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="import-${request.params.id}-bad"`).send(bad);
    },
  );
}
