import { InProcessSignal } from '../../signal.js';

/** A campaign was sent or approved here: this process's campaign ticker looks at once. */
const campaignsChanged = new InProcessSignal();

export const onCampaignsChanged = (listener: () => void): (() => void) => campaignsChanged.on(listener);
export const signalCampaignsChanged = (): void => campaignsChanged.emit();
