import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getTask } from '../../core/tasks/queue.js';
import { scopeOf } from './auth.js';
import { IdParams, errorResponses, ref } from './common.schemas.js';
import { TaskSchema, toTaskDto } from './tasks.schemas.js';

const tags = ['Tasks'];

/** Background tasks (recipients from groups or files): poll one until it is done or failed. */
export const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tasks/:id',
    {
      schema: {
        tags,
        operationId: 'getTask',
        summary: 'Progress and result of a background task',
        description: 'Tasks run in the background and survive restarts: a task left running by a stopped process is finished by the next one.',
        params: IdParams,
        response: { 200: ref(TaskSchema, 'The task'), ...errorResponses(400, 401, 404, 500) },
      },
    },
    async (request) => toTaskDto(await getTask(scopeOf(request), request.params.id)),
  );
};
