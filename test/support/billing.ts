import type { BillingChange } from '../../src/core/billing/ledger.js';

/** Tests set billing through the core, as the `herald billing` CLI does. */
export const BY_TEST: BillingChange = { actor: 'cli', reason: 'set by a test' };
