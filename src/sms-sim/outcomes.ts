import type { ReceiptStatus } from '../delivery/sms/smpp/receipt.js';

/*
 * The simulator's dice: a receipt-outcome distribution parsed from `DELIVRD=90,UNDELIV=5,EXPIRED=5`
 * and a small seeded PRNG, so a run with the same seed and submit order gives the same receipts.
 */

export const RECEIPT_STATUSES: readonly ReceiptStatus[] = ['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'UNKNOWN', 'ACCEPTD', 'ENROUTE'];

export interface Outcome {
  status: ReceiptStatus;
  weight: number;
}

/** Parses `STATUS=weight,…`; weights are relative (they need not add up to 100). */
export function parseOutcomes(spec: string): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]+)\s*[=:]\s*(\d+(?:\.\d+)?)$/.exec(item);
    if (!m) throw new Error(`outcome "${item}" is not STATUS=weight`);
    const status = (m[1] as string).toUpperCase() as ReceiptStatus;
    if (!RECEIPT_STATUSES.includes(status)) throw new Error(`unknown receipt status ${m[1]} (one of ${RECEIPT_STATUSES.join(', ')})`);
    outcomes.push({ status, weight: Number(m[2]) });
  }
  if (outcomes.length === 0 || outcomes.every((o) => o.weight === 0)) throw new Error('at least one outcome needs a positive weight');
  return outcomes;
}

/** mulberry32: tiny, fast and good enough for test dice; returns a function giving [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickOutcome(outcomes: readonly Outcome[], roll: number): ReceiptStatus {
  const total = outcomes.reduce((sum, o) => sum + o.weight, 0);
  let at = roll * total;
  for (const o of outcomes) {
    if (at < o.weight) return o.status;
    at -= o.weight;
  }
  // Rounding can leave `at` a hair past the end: the last outcome that can happen takes it.
  return ([...outcomes].reverse().find((o) => o.weight > 0) as Outcome).status;
}

/** The `err:` a real SMSC would put beside each status (network-specific; these are common ones). */
export function errorCodeOf(status: ReceiptStatus): string {
  switch (status) {
    case 'DELIVRD': case 'ACCEPTD': case 'ENROUTE': return '000';
    case 'UNDELIV': return '001';
    case 'EXPIRED': return '027';
    case 'REJECTD': return '011';
    case 'DELETED': return '005';
    default: return '999';
  }
}
