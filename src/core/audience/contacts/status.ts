import type { ContactStatus } from '../../../store/schema.js';

const BY_KEY: Record<string, ContactStatus> = { permitted: 'Permitted', dormant: 'Dormant', excluded: 'Excluded' };

/** The canonical status for any casing of Permitted/Dormant/Excluded, else null. */
export function normaliseStatus(raw: string): ContactStatus | null {
  return BY_KEY[raw.trim().toLowerCase()] ?? null;
}

export const DEFAULT_STATUS: ContactStatus = 'Permitted';
