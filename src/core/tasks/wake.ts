import { InProcessSignal } from '../signal.js';

/*
 * From createTask to the task runners of this process, so a new task starts at once instead of at
 * the next poll. Runners in other processes (PostgreSQL workers) find it by polling.
 */
const taskQueued = new InProcessSignal();

export const onTaskQueued = (listener: () => void): (() => void) => taskQueued.on(listener);
export const signalTaskQueued = (): void => taskQueued.emit();
