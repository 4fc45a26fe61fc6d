/**
 * Counts failed authentications per client address in fixed one-minute windows. A client over the
 * limit is refused before any hashing or JWKS work, so guessing keys or flooding bad tokens costs
 * the gateway next to nothing. Held in memory per process; the map is bounded.
 */
export class FailureLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(options: { maxPerWindow: number; windowMs?: number; maxClients?: number; now?: () => number }) {
    this.#max = options.maxPerWindow;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxClients = options.maxClients ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds until the client may try again, or 0 when it may try now. */
  blockedFor(client: string): number {
    const w = this.#windows.get(client);
    if (!w) return 0;
    const left = w.start + this.#windowMs - this.#now();
    if (left <= 0) {
      this.#windows.delete(client);
      return 0;
    }
    return w.failures >= this.#max ? Math.ceil(left / 1000) : 0;
  }

  recordFailure(client: string): void {
    const now = this.#now();
    const w = this.#windows.get(client);
    if (w && now < w.start + this.#windowMs) {
      w.failures++;
      return;
    }
    if (this.#windows.size >= this.#maxClients) this.#evict(now);
    this.#windows.set(client, { start: now, failures: 1 });
  }

  /** Drops expired windows; when every window is live, the oldest (Map keeps insertion order). */
  #evict(now: number): void {
    for (const [client, w] of this.#windows) if (now >= w.start + this.#windowMs) this.#windows.delete(client);
    const oldest = this.#windows.keys().next();
    if (this.#windows.size >= this.#maxClients && !oldest.done) this.#windows.delete(oldest.value);
  }
}
