import type { VendorSimulator } from '../sim-types.js';

// Placeholder until the waldur simulator lands.
export function createWaldurSimulator(_seed: unknown): VendorSimulator {
  throw new Error('the waldur simulator is not built yet');
}
