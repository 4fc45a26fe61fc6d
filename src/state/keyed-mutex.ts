/**
 * Runs tasks one at a time per key, in arrival order, and different keys in parallel. Writes that
 * read, modify and write back a user's roles (DQOps, Rockset) hold the user's key, so two grants
 * in flight cannot lose each other's change. Within one gateway process only: several instances
 * behind a load balancer do not share it (README).
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // The last holder cleans up, so the map does not grow with every user ever written.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Keys with a task running or waiting (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
