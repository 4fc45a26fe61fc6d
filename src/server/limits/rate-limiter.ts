import type { RateLimitsConfig } from '../../config/config-schema.js';
import type { Principal } from '../auth/principal.js';

type Bucket = RateLimitsConfig['viewer'];

/** Whose limits a request spends: the principal, or the client address when anonymous. */
export function rateKeyOf(principal: Principal, client: string): string {
  return principal.id === 'anonymous' ? `anonymous@${client}` : principal.id;
}

/** The bucket sizes of a principal: its role's, or the anonymous ones. */
export function bucketOf(rates: RateLimitsConfig, principal: Principal): Bucket {
  return rates[principal.id === 'anonymous' ? 'anonymous' : principal.role];
}
interface State {
  requests: number;
  cost: number;
  at: number;
}

/**
 * Token buckets per caller, in requests and in cost per minute (each refills continuously up to
 * its per-minute size). Held in memory per gateway process, bounded in the number of callers: the
 * least recently seen are forgotten first, which can only make a limit more lenient.
 */
export class RateLimiter {
  readonly #callers = new Map<string, State>();
  readonly #maxCallers: number;
  readonly #now: () => number;

  constructor(options: { maxCallers?: number; now?: () => number } = {}) {
    this.#maxCallers = options.maxCallers ?? 50_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one request; 0 when allowed, else the seconds until one is available. */
  takeRequest(caller: string, bucket: Bucket): number {
    const state = this.#refill(caller, bucket);
    if (state.requests >= 1) {
      state.requests -= 1;
      return 0;
    }
    return Math.ceil(((1 - state.requests) * 60_000) / bucket.requestsPerMinute / 1000);
  }

  /** Takes `cost`; 0 when allowed, else the seconds until that much is available. */
  takeCost(caller: string, bucket: Bucket, cost: number): number {
    const state = this.#refill(caller, bucket);
    if (state.cost >= cost) {
      state.cost -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil(((cost - state.cost) * 60_000) / bucket.costPerMinute / 1000));
  }

  #refill(caller: string, bucket: Bucket): State {
    const now = this.#now();
    let state = this.#callers.get(caller);
    if (state) {
      this.#callers.delete(caller);
      const elapsed = now - state.at;
      state.requests = Math.min(bucket.requestsPerMinute, state.requests + (elapsed * bucket.requestsPerMinute) / 60_000);
      state.cost = Math.min(bucket.costPerMinute, state.cost + (elapsed * bucket.costPerMinute) / 60_000);
      state.at = now;
    } else {
      state = { requests: bucket.requestsPerMinute, cost: bucket.costPerMinute, at: now };
      if (this.#callers.size >= this.#maxCallers) {
        const oldest = this.#callers.keys().next();
        if (!oldest.done) this.#callers.delete(oldest.value);
      }
    }
    // Re-inserted so that Map order is least recently seen first.
    this.#callers.set(caller, state);
    return state;
  }
}
