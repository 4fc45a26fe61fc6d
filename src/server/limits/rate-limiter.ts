import type { RateLimitsConfig } from '../../config/config-schema.js';
import type { Principal } from '../../request/principal.js';
import type { Limiter, StateStore } from '../../state/state-store.js';

type Bucket = RateLimitsConfig['viewer'];

export { rateKeyOf } from '../../request/principal.js';

/** The bucket sizes of a principal: its role's, or the anonymous ones. */
export function bucketOf(rates: RateLimitsConfig, principal: Principal): Bucket {
  return rates[principal.id === 'anonymous' ? 'anonymous' : principal.role];
}
/**
 * Requests and cost per minute per caller, on rate-limiter-flexible through the state store: in
 * this process's memory, or in Redis so that a caller gets its limit once across every replica
 * (falling back to memory while Redis cannot be reached). Fixed one-minute windows per caller;
 * the wait returned is what `Retry-After` says.
 */
export class RateLimiter {
  readonly #store: StateStore;
  readonly #limiters = new Map<string, Limiter>();

  constructor(store: StateStore) {
    this.#store = store;
  }

  /** Takes one request; 0 when allowed, else the seconds until one is available. */
  async takeRequest(caller: string, bucket: Bucket): Promise<number> {
    return seconds(await this.#limiter('requests', bucket.requestsPerMinute).consume(caller, 1));
  }

  /** Takes `cost`; 0 when allowed, else the seconds until that much is available. */
  async takeCost(caller: string, bucket: Bucket, cost: number): Promise<number> {
    if (cost <= 0) return 0;
    return seconds(await this.#limiter('cost', bucket.costPerMinute).consume(caller, cost));
  }

  /** One limiter per kind and size: the roles' buckets differ. */
  #limiter(kind: string, perMinute: number): Limiter {
    const name = `${kind}:${perMinute}`;
    let limiter = this.#limiters.get(name);
    if (!limiter) {
      limiter = this.#store.limiter(name, perMinute, 60);
      this.#limiters.set(name, limiter);
    }
    return limiter;
  }
}

function seconds(ms: number): number {
  return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
}
