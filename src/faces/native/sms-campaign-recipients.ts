/**
 * Adding recipients to a NEW SMS campaign: numbers or contacts at once (≤ 500, an answer per
 * recipient), contact groups or an uploaded file as a background task (202 and the task).
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { TSchema } from '@sinclair/typebox';
import type { AccountScope, CoreContext } from '../../core/context.js';
import { ValidationError } from '../../core/errors.js';
import { withAddingLock } from '../../core/sms/campaigns/lock.js';
import { addRecipientsLocked, type RecipientInput } from '../../core/sms/campaigns/recipients.js';
import { startRecipientsTask, type RecipientSource } from '../../core/sms/campaigns/sources/task.js';
import { getTask } from '../../core/tasks/queue.js';
import type { PlaceholdersFlag } from '../../core/sms/placeholders.js';
import { scopeOf } from './auth.js';
import { ErrorBody, IdParams, errorResponses, ref } from './common.schemas.js';
import { UnsupportedMediaTypeError } from './errors.js';
import {
  AddRecipientsBody,
  AddRecipientsQuery,
  AddRecipientsResult,
  MAX_RECIPIENTS_FILE_BYTES,
  RecipientsFileForm,
  RecipientsFileQuery,
  toAddRecipientsResult,
  type AddRecipientsQueryType,
} from './sms-campaign-recipients.schemas.js';
import { TaskSchema, toTaskDto } from './tasks.schemas.js';
import { nativeValidatorCompiler } from './validation.js';

const tags = ['SMS campaigns'];

/**
 * Runs `fn`, renaming the fields of its ValidationError: the campaign core names fields as Mobizon
 * does (`deferredToTs`, `validity`, `recipientsFile`…), this API as its own request does.
 */
export async function withFieldNames<T>(names: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(err.issues.map((issue) => ({ ...issue, field: names[issue.field] ?? issue.field })));
  }
}

/** The core's (Mobizon's) field names → this API's. */
const SOURCE_FIELDS = {
  recipientGroups: 'groupIds',
  recipientsFile: 'file',
  recipientsFileEncoding: 'encoding',
  recipientsFileDelimiter: 'delimiter',
  recipientsFileEnclosure: 'enclosure',
};
const QueuedTask = ref(TaskSchema, 'The queued task: poll GET /tasks/{id}; its result counts the recipients per code');

function addOptions(query: AddRecipientsQueryType, core: CoreContext): { replace: boolean; placeholdersFlag: PlaceholdersFlag; publicUrl: string; dataDir: string } {
  return { replace: query.replace === 'true', placeholdersFlag: (query.placeholdersFlag ?? 1) as PlaceholdersFlag, publicUrl: core.publicUrl, dataDir: core.dataDir };
}

async function startTask(scope: AccountScope, campaignId: number, source: RecipientSource, options: ReturnType<typeof addOptions>) {
  const taskId = await withFieldNames(SOURCE_FIELDS, () => startRecipientsTask(scope, campaignId, source, options));
  return { taskId, task: toTaskDto(await getTask(scope, taskId)) };
}

/** The form schema documents the upload; the handler reads the stream, so the body is not validated. */
function uploadValidator<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (input: unknown) => ({ value: input });
  return nativeValidatorCompiler(route as unknown as Parameters<FastifySchemaCompiler<TSchema>>[0]);
}

export function smsCampaignRecipientRoutes(core: CoreContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sms/campaigns/:id/recipients',
      {
        schema: {
          tags,
          operationId: 'addSmsCampaignRecipients',
          summary: 'Add recipients to a NEW campaign',
          description:
            'recipients or contactIds (≤ 500): added at once, 200 with a code per recipient (added, or why not: bad format, duplicate, stop list…). groupIds: 202 and a background task. 409 while another addition runs or once the campaign was sent.',
          params: IdParams,
          querystring: AddRecipientsQuery,
          body: AddRecipientsBody,
          response: { 200: AddRecipientsResult, 202: QueuedTask, ...errorResponses(400, 401, 404, 409, 413, 415, 500) },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const id = request.params.id;
        const body = request.body;
        const given = (['recipients', 'contactIds', 'groupIds'] as const).filter((key) => body[key] !== undefined);
        if (given.length !== 1) {
          throw ValidationError.single(given[1] ?? '', given.length === 0 ? 'required' : 'not_allowed', 'Send exactly one of recipients, contactIds or groupIds');
        }
        const options = addOptions(request.query, core);
        if (body.groupIds !== undefined) {
          const { taskId, task } = await startTask(scope, id, { kind: 'groups', groupIds: body.groupIds }, options);
          return reply.code(202).header('location', `/api/v1/tasks/${taskId}`).send(task);
        }
        const inputs: RecipientInput[] = body.recipients
          ? body.recipients.map((r) => ({ number: r.number, ...(r.values !== undefined ? { values: r.values } : {}) }))
          : (body.contactIds ?? []).map((contactId) => ({ contactId }));
        const results = await withAddingLock(scope, id, () => addRecipientsLocked(scope, id, inputs, options));
        return reply.code(200).send(toAddRecipientsResult(results));
      },
    );

    // Its own scope: only this route takes multipart bodies.
    const uploadRoute: FastifyPluginAsyncTypebox = async (upload) => {
      await upload.register(multipart, { limits: { fileSize: MAX_RECIPIENTS_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 11 } });
      upload.post(
        '/sms/campaigns/:id/recipients/file',
        {
          validatorCompiler: uploadValidator,
          schema: {
            tags,
            operationId: 'uploadSmsCampaignRecipients',
            summary: 'Add recipients to a NEW campaign from a file',
            description: `multipart/form-data with the file in a part named \`file\` (CSV, XLS or XLSX, at most ${MAX_RECIPIENTS_FILE_BYTES / 1024 / 1024} MB); options in the query. 202 and a background task; the campaign takes no other recipients until it ends.`,
            consumes: ['multipart/form-data'],
            params: IdParams,
            querystring: RecipientsFileQuery,
            body: RecipientsFileForm,
            response: { 202: QueuedTask, ...errorResponses(400, 401, 404, 409, 413, 500), 415: ref(ErrorBody, 'Request is not multipart/form-data') },
          },
        },
        async (request, reply) => {
          if (!request.isMultipart()) throw new UnsupportedMediaTypeError('Send the file as multipart/form-data');
          const scope = scopeOf(request);
          const part = await request.file();
          if (!part) throw ValidationError.single('file', 'required', 'Send the file in a part named file');
          // toBuffer fails with the 413 error when the file passes the size limit.
          const bytes = await part.toBuffer();
          if (part.fieldname !== 'file') throw ValidationError.single(part.fieldname, 'not_allowed', 'Send the file in a part named file');
          const extra = Object.keys(part.fields).find((name) => name !== part.fieldname);
          if (extra !== undefined) throw ValidationError.single(extra, 'not_allowed', `Unknown form field ${extra}: options go in the query`);
          const q = request.query;
          const source: RecipientSource = {
            kind: 'file',
            fileName: part.filename || 'recipients',
            bytes,
            ...(q.encoding !== undefined ? { encoding: q.encoding } : {}),
            ...(q.delimiter !== undefined ? { delimiter: q.delimiter } : {}),
            ...(q.enclosure !== undefined ? { enclosure: q.enclosure } : {}),
            ...(q.skipHeader !== undefined ? { skipHeader: q.skipHeader === 'true' } : {}),
          };
          const { taskId, task } = await startTask(scope, request.params.id, source, addOptions(q, core));
          return reply.code(202).header('location', `/api/v1/tasks/${taskId}`).send(task);
        },
      );
    };
    await app.register(uploadRoute);
  };
}
