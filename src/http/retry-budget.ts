/**
 * Envoy's retry budget: retries may be at most `percent` of the calls a source got over a sliding
 * window (plus a small floor, so a quiet source can still retry), so that when a vendor struggles
 * the gateway adds at most that much load on top of its callers' own.
 */
export class RetryBudget {
  readonly #ratio: number;
  readonly #floor: number;
  readonly #bucketMs: number;
  readonly #now: () => number;
  /** Ring of per-bucket counts over the window: [calls, retries]. */
  readonly #calls: number[];
  readonly #retries: number[];
  #bucket = 0;
  #bucketStart: number;

  constructor(options: { percent: number; windowMs?: number; buckets?: number; floor?: number; now?: () => number }) {
    const buckets = options.buckets ?? 10;
    this.#ratio = options.percent / 100;
    this.#floor = options.floor ?? 3;
    this.#bucketMs = (options.windowMs ?? 10_000) / buckets;
    this.#now = options.now ?? Date.now;
    this.#calls = new Array<number>(buckets).fill(0);
    this.#retries = new Array<number>(buckets).fill(0);
    this.#bucketStart = this.#now();
  }

  /** A first try (not a retry) was made. */
  recordCall(): void {
    this.#advance();
    this.#calls[this.#bucket] = (this.#calls[this.#bucket] ?? 0) + 1;
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    this.#advance();
    const calls = this.#calls.reduce((a, b) => a + b, 0);
    const retries = this.#retries.reduce((a, b) => a + b, 0);
    if (retries >= Math.max(this.#floor, Math.floor(calls * this.#ratio))) return false;
    this.#retries[this.#bucket] = (this.#retries[this.#bucket] ?? 0) + 1;
    return true;
  }

  #advance(): void {
    const now = this.#now();
    let steps = Math.floor((now - this.#bucketStart) / this.#bucketMs);
    if (steps <= 0) return;
    this.#bucketStart += steps * this.#bucketMs;
    steps = Math.min(steps, this.#calls.length);
    for (let i = 0; i < steps; i++) {
      this.#bucket = (this.#bucket + 1) % this.#calls.length;
      this.#calls[this.#bucket] = 0;
      this.#retries[this.#bucket] = 0;
    }
  }
}
