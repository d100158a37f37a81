import { InProcessSignal } from '../signal.js';

/*
 * From acceptEmails to the dispatchers of this process, so a new message goes out at once instead
 * of at the next poll. Dispatchers in other processes (PostgreSQL) find it by polling.
 */
const messagesQueued = new InProcessSignal();

export const onMessagesQueued = (listener: () => void): (() => void) => messagesQueued.on(listener);
export const signalMessagesQueued = (): void => messagesQueued.emit();
