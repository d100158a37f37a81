/*
 * In-process signal from createImport to the runners of this process, so a new job starts at once
 * instead of at the next poll. Runners in other processes (PostgreSQL) find it by polling.
 */
const listeners = new Set<() => void>();

export function onImportQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalImportQueued(): void {
  for (const listener of listeners) listener();
}
