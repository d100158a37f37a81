/**
 * Creating background tasks and reading them back. The runner (runner.ts) does the rest.
 */
import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { TaskStatus, type TaskStatusCode } from './types.js';
import { signalTaskQueued } from './wake.js';

export interface NewTask {
  accountId: number;
  kind: string;
  campaignId?: number | null;
  /** JSON-serialisable: everything the handler needs, since another process may run it. */
  payload: unknown;
}

/** Stores a task (status 0) and wakes this process's runners. `db` may be a transaction. */
export async function createTask(db: Db, task: NewTask): Promise<number> {
  const row = await db
    .insertInto('backgroundTasks')
    .values({ accountId: task.accountId, kind: task.kind, campaignId: task.campaignId ?? null, payload: JSON.stringify(task.payload ?? {}), createdAt: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  signalTaskQueued();
  return row.id;
}

export interface TaskView {
  id: number;
  kind: string;
  campaignId: number | null;
  status: TaskStatusCode;
  /** 0..100 */
  progress: number;
  /** What the task produced, once done (status 2); null before and on failure. */
  result: unknown;
  /** Why it failed (status 3). */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const isId = (v: number): boolean => Number.isSafeInteger(v) && v > 0;

/** A task of the account. @throws NotFoundError */
export async function getTask(scope: AccountScope, id: number): Promise<TaskView> {
  const row = isId(id)
    ? await scope.db.selectFrom('backgroundTasks').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('Task', id);
  const status = row.status as TaskStatusCode;
  return {
    id: row.id,
    kind: row.kind,
    campaignId: row.campaignId,
    status,
    progress: status === TaskStatus.DONE ? 100 : row.progress,
    // While running, `result` holds the handler's checkpoint: not a result yet.
    result: status === TaskStatus.DONE && row.result !== null ? (JSON.parse(row.result) as unknown) : null,
    error: status === TaskStatus.FAILED ? row.error : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
