import { createDqopsSimulator } from './dqops/dqops-simulator.js';
import { createRocksetSimulator } from './rockset/rockset-simulator.js';
import type { VendorName, VendorSimulator } from './sim-types.js';
import { createWaldurSimulator } from './waldur/waldur-simulator.js';

/**
 * Creates a vendor simulator from its section of a seed file (`undefined` for an empty instance).
 * Throws a SeedError naming the key path when the section does not fit the vendor's seed format.
 */
export function createVendorSimulator(vendor: VendorName, seed: unknown): VendorSimulator {
  switch (vendor) {
    case 'dqops':
      return createDqopsSimulator(seed);
    case 'waldur':
      return createWaldurSimulator(seed);
    case 'rockset':
      return createRocksetSimulator(seed);
  }
}
