import type { AbortLike } from '../http/cut-signal.js';
/**
 * What several gateway replicas must share (PRODUCT.md section 7, "Scale-out"), behind one
 * interface with two implementations: in memory (one process, the default, nothing to run) and
 * Redis (any number of replicas). What stays per process is listed in the README.
 */
export interface StateStore {
  readonly kind: 'memory' | 'redis';

  /**
   * Runs `task` holding the lock `key` (one per vendor account): held at most `ttlMs` (longer than
   * the write's own deadline, so a crashed holder cannot block forever), waited for at most
   * `waitMs` or until `signal` aborts. A lock that cannot be had is a LockUnavailable error, and
   * `task` never runs.
   */
  withLock<T>(key: string, options: { ttlMs: number; waitMs: number; signal?: AbortLike }, task: () => Promise<T>): Promise<T>;

  /**
   * A fixed-window limiter of `points` per `durationSec` per key. With `mirrorBlocks`, the keys it
   * blocks are told to every replica as they are blocked, so `blockedFor` is answered in memory
   * rather than asked of the shared store on each call (for a check made on every request).
   */
  limiter(name: string, points: number, durationSec: number, options?: { mirrorBlocks?: boolean }): Limiter;

  /** Tells every replica (this one included) that a source's data changed. */
  publishInvalidation(source: string): void;
  /** `listener(source)` on every invalidation; `listener(null)` when the store can no longer tell (drop everything). */
  onInvalidation(listener: (source: string | null) => void): void;
  /** False while invalidations from other replicas may be missed (Redis subscription down): shared snapshots are not used then. */
  readonly invalidationsHeard: boolean;

  /** Stored answers of mutations sent with an Idempotency-Key. */
  readonly idempotency: IdempotencyStore;

  /** Resolves true once the store answers (at once in memory), false after `timeoutMs` without it. */
  ready(timeoutMs: number): Promise<boolean>;

  close(): Promise<void>;
}

export interface Limiter {
  /** Takes `points`; 0 when allowed, else the milliseconds until they would be. */
  consume(key: string, points?: number): Promise<number>;
  /** The milliseconds `key` is blocked for (it used up its points), or 0; takes nothing. */
  blockedFor(key: string): Promise<number>;
  /**
   * blockedFor's answer at once, when this process knows it (a limiter made with `mirrorBlocks`
   * whose blocks are all known here); undefined when only the shared store can tell.
   */
  blockedNow(key: string): number | undefined;
  /** For a limiter made with `mirrorBlocks`: whether blockedNow answers now, and how many blocks this process holds. */
  mirrorStatus?(): MirrorStatus;
}

/** What a replica's mirror of blocks says of itself (for the metrics). */
export interface MirrorStatus {
  /** blockedNow answers from memory; false while it must ask the shared store (syncing, Redis down, overflowed). */
  trusted: boolean;
  /** Blocks held in memory that have not ended yet. */
  blocks: number;
}

/** A stored answer: what the first request with this key got. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'running'; sameBody: boolean } | { kind: 'done'; sameBody: boolean; answer: StoredAnswer };

export interface IdempotencyStore {
  /** Claims `key` for a request whose body hashes to `bodyHash`, or says what already holds it. */
  claim(key: string, bodyHash: string, ttlMs: number): Promise<IdempotencyClaim>;
  /** Stores the answer of a claimed key for `ttlMs`. */
  complete(key: string, bodyHash: string, answer: StoredAnswer, ttlMs: number): Promise<void>;
  /** Lets a claimed key go (the request failed before it had an answer worth keeping). */
  release(key: string): Promise<void>;
}

/** The lock of a write could not be had in time, or the shared store cannot be reached. Nothing was sent. */
export class LockUnavailable extends Error {
  readonly reason: 'busy' | 'store-down';

  constructor(reason: 'busy' | 'store-down', message: string) {
    super(message);
    this.name = 'LockUnavailable';
    this.reason = reason;
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function pause(ms: number, signal?: AbortLike): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
