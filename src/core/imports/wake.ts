import { InProcessSignal } from '../signal.js';

/*
 * From createImport to the runners of this process, so a new job starts at once instead of at the
 * next poll. Runners in other processes (PostgreSQL) find it by polling.
 */
const importQueued = new InProcessSignal();

export const onImportQueued = (listener: () => void): (() => void) => importQueued.on(listener);
export const signalImportQueued = (): void => importQueued.emit();
