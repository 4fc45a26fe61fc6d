import type { VendorSimulator } from '../sim-types.js';

// Placeholder until the rockset simulator lands.
export function createRocksetSimulator(_seed: unknown): VendorSimulator {
  throw new Error('the rockset simulator is not built yet');
}
