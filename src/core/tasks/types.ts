import type { Db } from '../../store/database.js';

/**
 * Background tasks (table background_tasks, Mobizon's taskqueue): a durable unit of long work
 * (recipients from contact groups or a file) that a client polls for progress. Status codes are
 * Mobizon's: 0 waiting, 1 running, 2 done, 3 failed.
 */
export const TaskStatus = { NEW: 0, RUNNING: 1, DONE: 2, FAILED: 3 } as const;
export type TaskStatusCode = (typeof TaskStatus)[keyof typeof TaskStatus];

/** What a handler is given: the task as stored, its payload parsed, and how to stop early. */
export interface RunningTask {
  id: number;
  accountId: number;
  kind: string;
  campaignId: number | null;
  payload: unknown;
  /** What an earlier, interrupted run of the same task saved with `checkpoint` (null: none). */
  checkpoint: unknown;
  db: Db;
  /** The data directory: working files (a recipients file being read) go under it. */
  dataDir: string;
  /** Aborted when the runner stops: the handler returns (or throws) soon, the task runs again later. */
  signal: AbortSignal;
}

export interface ProgressReporter {
  /** 0..100; stored as the task's progress (clamped, rounded, never above 99 before the end). */
  report(percent: number): Promise<void>;
  /**
   * Saves JSON state with the progress, so a run that dies after it resumes from there (the
   * next run sees it as `task.checkpoint`) instead of starting over.
   */
  checkpoint(state: unknown, percent: number): Promise<void>;
}

/** Runs one task to its end; what it returns is stored as the task's result (JSON). */
export type TaskHandler = (task: RunningTask, progress: ProgressReporter) => Promise<unknown>;

/** Thrown by a handler that stopped because `signal` was aborted: the task goes back to the queue. */
export class TaskInterrupted extends Error {
  constructor() {
    super('The task was interrupted; it resumes on the next start');
    this.name = 'TaskInterrupted';
  }
}
