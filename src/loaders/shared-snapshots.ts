import { hash } from 'node:crypto';

export interface SnapshotOptions<T> {
  /** How long a snapshot answers without asking the vendor; 0 turns sharing off. */
  ttlMs: number;
  /** How long past the TTL a snapshot may still answer while a fresh one loads in the background. */
  staleMs: number;
  /** Snapshots kept (one per credential, or per credential and window); the least recently used go first. */
  maxEntries: number;
  /** Whether a loaded value may be kept (a list too long is served but not kept). Default: always. */
  keep?: (value: T) => boolean;
  now?: () => number;
}

interface Entry<T> {
  value: T;
  loadedAt: number;
}

export interface SnapshotStats {
  hits: number;
  misses: number;
  /** Age of the newest snapshot held, in ms; null when none is. */
  ageMs: number | null;
}

/**
 * What one source read, parsed and mapped, shared by every request for a short TTL: the indexed
 * list of a list-everything source (DQOps, Rockset), or the windows of a paging one (Waldur). Kept
 * per upstream credential (never across credentials: the key is a hash of it) and per `part` (the
 * window). Concurrent requests on a cold or expired snapshot make one call (single flight); a
 * stale one answers while a fresh one loads (stale-while-revalidate, up to `staleMs`); a write
 * through the gateway drops every snapshot of the source at once, and a load that began before the
 * write is not kept. Changes made directly at the vendor show within the TTL.
 */
export class SharedSnapshots<T> {
  readonly #options: SnapshotOptions<T>;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<T>>();
  readonly #loading = new Map<string, Promise<T>>();
  #generation = 0;
  /**
   * The last credential and its digest: a service account asks with the same one every time, so the
   * hash is made once. The credential stays in memory only, as the config's own copy does.
   */
  #lastCredential: { credential: string; digest: string } | undefined;
  #hits = 0;
  #misses = 0;

  constructor(options: SnapshotOptions<T>) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** A digest of the credential, so that no snapshot key holds a secret. */
  #credentialKey(credential: string): string {
    if (this.#lastCredential?.credential !== credential) this.#lastCredential = { credential, digest: hash('sha256', credential, 'base64url') };
    return this.#lastCredential.digest;
  }

  get enabled(): boolean {
    return this.#options.ttlMs > 0;
  }

  /**
   * The value for this credential and `part` (`''` for a whole list), from the snapshot or from
   * `load` (one call for all who ask at once).
   */
  get(credential: string, part: string, load: () => Promise<T>): Promise<T> {
    const key = `${this.#credentialKey(credential)}\n${part}`;
    const entry = this.#entries.get(key);
    const age = entry ? this.#now() - entry.loadedAt : Number.POSITIVE_INFINITY;
    if (entry && age < this.#options.ttlMs) {
      this.#hits++;
      this.#touch(key, entry);
      return Promise.resolve(entry.value);
    }
    if (entry && age < this.#options.ttlMs + this.#options.staleMs) {
      this.#hits++;
      this.#refresh(key, load).catch(() => undefined);
      return Promise.resolve(entry.value);
    }
    this.#misses++;
    return this.#refresh(key, load);
  }

  /** Drops every snapshot (after a write through the gateway to this source). */
  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
    this.#loading.clear();
  }

  stats(): SnapshotStats {
    let newest: number | null = null;
    for (const e of this.#entries.values()) newest = newest === null ? e.loadedAt : Math.max(newest, e.loadedAt);
    return { hits: this.#hits, misses: this.#misses, ageMs: newest === null ? null : this.#now() - newest };
  }

  #refresh(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.#loading.get(key);
    if (running) return running;
    const generation = this.#generation;
    const loading = load()
      .then((value) => {
        if (generation === this.#generation && (this.#options.keep?.(value) ?? true)) this.#store(key, { value, loadedAt: this.#now() });
        return value;
      })
      .finally(() => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
      });
    this.#loading.set(key, loading);
    return loading;
  }

  #store(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  #touch(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }
}
