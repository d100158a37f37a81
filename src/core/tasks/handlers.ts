import { RECIPIENTS_TASK_KIND, runRecipientsTask } from '../sms/campaigns/sources/task.js';
import { TaskRegistry } from './registry.js';

/** Every kind of background task Herald runs, with its handler. */
export function defaultTaskHandlers(): TaskRegistry {
  return new TaskRegistry().register(RECIPIENTS_TASK_KIND, runRecipientsTask);
}
