/**
 * The keys (client addresses) that a shared limiter has blocked, as this replica has heard of
 * them: from its own failures, from the other replicas' messages, and from a scan of Redis when the
 * subscription (re)starts. While trusted, "is this client blocked?" is a lookup here instead of a
 * Redis round trip on every authenticated request. It is trusted only between a completed scan and
 * the next time a message could have been missed (a connection closed, the map overflowed); the
 * store asks Redis itself the rest of the time.
 */
export class BlockMirror {
  /** `${limiter}\0${key}` → when the block ends (this process's clock). */
  readonly #until = new Map<string, number>();
  readonly #maxEntries: number;
  #trusted = false;
  /** A block was not kept since the last clear: the mirror cannot be trusted until a sync fits. */
  #overflowed = false;

  /** `maxEntries` bounds the memory one attacker with many addresses can make it take. */
  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  get trusted(): boolean {
    return this.#trusted;
  }

  get size(): number {
    return this.#until.size;
  }

  /** The blocks still running, once those that ended are dropped (for the metrics: a walk of the map). */
  active(now = Date.now()): number {
    this.#sweep(now);
    return this.#until.size;
  }

  /** Whether a block was left out for want of room since the last clear. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** After a scan that began once the subscription was up: every block is known from here on (unless one did not fit). */
  trust(): void {
    if (!this.#overflowed) this.#trusted = true;
  }

  /** A message may have been missed: blocks are asked of Redis until the next scan. */
  distrust(): void {
    this.#trusted = false;
  }

  /**
   * `key` of `limiter` is blocked for `ms` from now. When the map is full even after dropping
   * what has expired, this block is not kept and the mirror is no longer trusted (the store then
   * asks Redis, as without a mirror, until a scan fits again).
   */
  note(limiter: string, key: string, ms: number, now = Date.now()): void {
    if (ms <= 0) return;
    const id = `${limiter}\u0000${key}`;
    const until = now + ms;
    const known = this.#until.get(id);
    if (known !== undefined) {
      if (until > known) this.#until.set(id, until);
      return;
    }
    if (this.#until.size >= this.#maxEntries) this.#sweep(now);
    if (this.#until.size >= this.#maxEntries) {
      this.#trusted = false;
      this.#overflowed = true;
      return;
    }
    this.#until.set(id, until);
  }

  /** Milliseconds `key` of `limiter` is still blocked for, or 0. */
  blockedFor(limiter: string, key: string, now = Date.now()): number {
    if (this.#until.size === 0) return 0;
    const id = `${limiter}\u0000${key}`;
    const until = this.#until.get(id);
    if (until === undefined) return 0;
    if (until > now) return until - now;
    this.#until.delete(id);
    return 0;
  }

  /** Forgets every block (before a scan rebuilds them). */
  clear(): void {
    this.#until.clear();
    this.#overflowed = false;
  }

  #sweep(now: number): void {
    for (const [id, until] of this.#until) if (until <= now) this.#until.delete(id);
  }
}
