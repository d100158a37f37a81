/**
 * The `taskqueue` module: getStatus, the progress of a background task (recipients added from
 * contact groups or a file: AddRecipients answered code 100 with the task id). Docs: data
 * `{progress: 0..100, status: 0 waiting | 1 running | 2 done | 3 rejected}`; no live success
 * capture exists, so types follow the service's habit: counters as strings (`"42"`), status codes
 * as integers (as sendSMSMessage's `status`).
 */
import { getTask } from '../../core/tasks/queue.js';
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { stringParam } from './params.js';
import type { MobizonHandler } from './registry.js';

/** taskqueue/getStatus: id → {progress, status}; code 2 for an unknown task or another account's. */
export const getTaskStatus: MobizonHandler = async (_ctx, scope, params) => {
  const raw = stringParam(params, 'id')?.trim() ?? '';
  // The live service answers an invalid id with code 11 (a third-party capture).
  if (!/^\d+$/.test(raw)) throw new MobizonError(MobizonCode.REQUIRED_MISSING, raw === '' ? 'id is required' : 'id must be a task identifier');
  const task = await getTask(scope, Number(raw));
  return success({ progress: String(task.progress), status: task.status });
};
