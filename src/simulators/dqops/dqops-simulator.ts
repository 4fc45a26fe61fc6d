import type { VendorSimulator } from '../sim-types.js';

// Placeholder until the dqops simulator lands.
export function createDqopsSimulator(_seed: unknown): VendorSimulator {
  throw new Error('the dqops simulator is not built yet');
}
