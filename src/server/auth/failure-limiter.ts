import type { Limiter, MirrorStatus, StateStore } from '../../state/state-store.js';

/**
 * Counts failed authentications per client address in fixed one-minute windows, through the
 * state store (so, with Redis, across replicas). A client over the limit is refused before any
 * hashing or JWKS work, so guessing keys or flooding bad tokens costs the gateway next to nothing,
 * and Redis nothing once its block is known (block-mirror.ts).
 */
export class FailureLimiter {
  readonly #limiter: Limiter;

  constructor(store: StateStore, maxPerMinute: number) {
    // Every authenticated request asks whether its address is blocked: with Redis, the blocks are
    // mirrored in each replica's memory, so that question is no round trip.
    this.#limiter = store.limiter('auth-failures', maxPerMinute, 60, { mirrorBlocks: true });
  }

  /** Seconds until the client may try again, or 0 when it may try now. */
  async blockedFor(client: string): Promise<number> {
    return seconds(await this.#limiter.blockedFor(client));
  }

  /** blockedFor at once, when this process knows (almost always: the blocks are mirrored); undefined when the store must be asked. */
  blockedNow(client: string): number | undefined {
    const ms = this.#limiter.blockedNow(client);
    return ms === undefined ? undefined : seconds(ms);
  }

  /** Whether the blocks are answered from this process's memory now, and how many it holds. */
  mirrorStatus(): MirrorStatus | undefined {
    return this.#limiter.mirrorStatus?.();
  }

  /**
   * Counts a failure; the seconds the client must wait when it was already past the limit (0
   * otherwise). With Redis, a replica that had not yet heard of the block learns it here, from the
   * shared count, so a wrong key past the limit is refused on any replica.
   */
  async recordFailure(client: string): Promise<number> {
    return seconds(await this.#limiter.consume(client, 1));
  }
}

function seconds(ms: number): number {
  return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
}
