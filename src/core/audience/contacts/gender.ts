export type Gender = 'Male' | 'Female';

/** 'Male' or 'Female' for either word in any case, else null. */
export function normaliseGender(raw: string): Gender | null {
  const g = raw.trim().toLowerCase();
  return g === 'male' ? 'Male' : g === 'female' ? 'Female' : null;
}

export function asGender(stored: string | null): Gender | null {
  return stored === 'Male' || stored === 'Female' ? stored : null;
}
