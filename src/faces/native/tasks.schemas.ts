import { Type, type Static } from '@sinclair/typebox';
import type { TaskView } from '../../core/tasks/queue.js';
import { IsoTimestamp, nullable } from './common.schemas.js';

const STATUS_NAMES = ['waiting', 'running', 'done', 'failed'] as const;

export const TaskSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String({ description: '`sms-recipients`: recipients added to an SMS campaign from contact groups or a file' }),
    campaignId: nullable(Type.Integer()),
    status: Type.Union(STATUS_NAMES.map((s) => Type.Literal(s)), { description: 'waiting (Mobizon 0), running (1), done (2), failed (3)' }),
    statusCode: Type.Integer({ minimum: 0, maximum: 3, description: 'The status as Mobizon taskqueue/getStatus gives it' }),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    result: Type.Unknown({
      description: 'Once done: what the task produced; for sms-recipients `{total, codes}` with the number of recipients per Mobizon recipient code (0 added, 4 duplicate, 31 contact without mobile…). null before.',
    }),
    error: nullable(Type.String({ description: 'Why the task failed' })),
    createdAt: IsoTimestamp,
    startedAt: nullable(IsoTimestamp),
    finishedAt: nullable(IsoTimestamp),
  },
  { $id: 'Task' },
);
export type TaskDto = Static<typeof TaskSchema>;

export function toTaskDto(task: TaskView): TaskDto {
  return {
    id: task.id,
    kind: task.kind,
    campaignId: task.campaignId,
    status: STATUS_NAMES[task.status],
    statusCode: task.status,
    progress: task.progress,
    result: task.result ?? null,
    error: task.error,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
  };
}
