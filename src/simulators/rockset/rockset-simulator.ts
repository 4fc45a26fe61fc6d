import type { VendorSimulator } from '../sim-types.js';
import { rocksetErrorForStatus } from './errors.js';
import { createRocksetRouter, routeRockset } from './routes.js';
import { parseRocksetSeed } from './seed.js';
import { RocksetStore } from './state.js';

/**
 * A Rockset API server's user management, in memory (contracts/rockset). `seed` is the
 * `rockset` section of a seed file, or undefined for an empty org; a section that does not fit
 * throws a SeedError naming the key path (`invalid seed: rockset.users[0].email: Required`).
 */
export function createRocksetSimulator(seed: unknown): VendorSimulator {
  const store = new RocksetStore(parseRocksetSeed(seed));
  const router = createRocksetRouter();
  return {
    vendor: 'rockset',
    route: (req) => routeRockset(router, store, req),
    // The spec declares no 413; CONTENTTOOLARGE is in its ErrorModel type enum, so this is the
    // answer Rockset's own error vocabulary has for it.
    bodyTooLarge: () => rocksetErrorForStatus(413),
    errorResponse: (_req, status, retryAfterSeconds) => rocksetErrorForStatus(status, retryAfterSeconds),
    state: () => store.dump(),
    outbox: () => [],
    reset: () => store.reset(),
  };
}
