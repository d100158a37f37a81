/* The campaign core's recipient input, as the sources produce it. */
export type { RecipientInput } from '../recipients.js';
