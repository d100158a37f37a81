/*
 * In-process signal from the DKIM key operations to the email channel's key cache of this process,
 * so a key created through the API signs the very next message instead of one up to a refresh later.
 * Processes that did not make the change (a `herald worker`, the server after `herald dkim create`)
 * pick it up at their cache's next periodic refresh.
 */
type Listener = () => Promise<void>;

const listeners = new Set<Listener>();

export function onDkimKeysChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Resolves once every cache has reloaded; a failed reload is left to the periodic refresh. */
export async function signalDkimKeysChanged(): Promise<void> {
  await Promise.all([...listeners].map((listener) => listener().catch(() => undefined)));
}
