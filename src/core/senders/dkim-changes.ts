import { InProcessSignal } from '../signal.js';

/*
 * From the DKIM key operations to the email channel's key cache of this process, so a key created
 * through the API signs the very next message instead of one up to a refresh later. Processes that
 * did not make the change (a `herald worker`, the server after `herald dkim create`) pick it up at
 * their cache's next periodic refresh.
 */
const keysChanged = new InProcessSignal();

export const onDkimKeysChanged = (listener: () => Promise<void>): (() => void) => keysChanged.on(listener);
/** Resolves once every cache has reloaded; a failed reload is left to the periodic refresh. */
export const signalDkimKeysChanged = (): Promise<void> => keysChanged.emitAndWait();
