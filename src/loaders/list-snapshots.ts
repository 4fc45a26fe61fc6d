import { createHash } from 'node:crypto';
import type { UnifiedUser } from '../sources/model.js';
import { indexUsers, type UserIndex } from './user-index.js';

export interface SnapshotOptions {
  /** How long a snapshot answers without asking the vendor; 0 turns sharing off. */
  ttlMs: number;
  /** How long past the TTL a snapshot may still answer while a fresh one loads in the background. */
  staleMs: number;
  /** Distinct credentials kept (forward mode has one per caller); the least recently used go first. */
  maxCredentials: number;
  /** A list longer than this is served but not kept. */
  maxUsers: number;
  now?: () => number;
}

interface Entry {
  index: UserIndex;
  loadedAt: number;
}

export interface SnapshotStats {
  hits: number;
  misses: number;
  /** Age of the newest snapshot held, in ms; null when none is. */
  ageMs: number | null;
}

/**
 * The parsed, mapped and indexed user list of one list-everything source, shared by every request
 * for a short TTL, per upstream credential (never across credentials: the key is a hash of it).
 * Concurrent requests on a cold or expired snapshot make one call (single flight); a stale one
 * answers while a fresh one loads (stale-while-revalidate, up to `staleMs`); a write through the
 * gateway drops every snapshot of the source at once, and a load that began before the write is
 * not kept. Changes made directly at the vendor show within the TTL.
 */
export class ListSnapshots {
  readonly #options: SnapshotOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<UserIndex>>();
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: SnapshotOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.#options.ttlMs > 0;
  }

  /** The index for this credential, from the snapshot or from `load` (one call for all who ask at once). */
  get(credential: string, load: () => Promise<UnifiedUser[]>): Promise<UserIndex> {
    const key = createHash('sha256').update(credential).digest('base64url');
    const entry = this.#entries.get(key);
    const age = entry ? this.#now() - entry.loadedAt : Number.POSITIVE_INFINITY;
    if (entry && age < this.#options.ttlMs) {
      this.#hits++;
      this.#touch(key, entry);
      return Promise.resolve(entry.index);
    }
    if (entry && age < this.#options.ttlMs + this.#options.staleMs) {
      this.#hits++;
      this.#refresh(key, load).catch(() => undefined);
      return Promise.resolve(entry.index);
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

  #refresh(key: string, load: () => Promise<UnifiedUser[]>): Promise<UserIndex> {
    const running = this.#loading.get(key);
    if (running) return running;
    const generation = this.#generation;
    const loading = load()
      .then((users) => {
        const index = indexUsers(users);
        if (generation === this.#generation && users.length <= this.#options.maxUsers) this.#store(key, { index, loadedAt: this.#now() });
        return index;
      })
      .finally(() => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
      });
    this.#loading.set(key, loading);
    return loading;
  }

  #store(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#options.maxCredentials) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  #touch(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }
}
