/*
 * In-process signal from acceptEmails to the dispatchers of this process, so a new message goes out
 * at once instead of at the next poll. Dispatchers in other processes (PostgreSQL) find it by polling.
 */
const listeners = new Set<() => void>();

export function onMessagesQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalMessagesQueued(): void {
  for (const listener of listeners) listener();
}
