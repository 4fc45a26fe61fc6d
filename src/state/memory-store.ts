import { EventEmitter } from 'node:events';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AbortLike } from '../http/cut-signal.js';
import { BlockMirror } from './block-mirror.js';
import { KeyedMutex } from './keyed-mutex.js';
import { type IdempotencyClaim, type IdempotencyStore, type Limiter, LockUnavailable, type StateStore, type StoredAnswer } from './state-store.js';

/**
 * rate-limiter-flexible's limiter in this process's memory. With `mirrorBlocks`, the keys it blocks
 * are also noted in a BlockMirror (trusted from the start: every block is made here), so `blockedNow`
 * answers without a promise. Should the mirror overflow (a flood of blocked addresses), it is no
 * longer trusted, and rate-limiter-flexible's own counters answer from then on, as without it.
 */
export function memoryLimiter(name: string, points: number, durationSec: number, options?: { mirrorBlocks?: boolean; mirrorMaxEntries?: number }): Limiter {
  const limiter = fromFlexible(new RateLimiterMemory({ keyPrefix: name, points, duration: durationSec }));
  if (options?.mirrorBlocks !== true) return limiter;
  const blocks = new BlockMirror(options.mirrorMaxEntries);
  blocks.trust();
  return {
    consume: (key, pts) => limiter.consume(key, pts, (ms) => blocks.note(name, key, ms)),
    blockedFor: (key) => (blocks.trusted ? Promise.resolve(blocks.blockedFor(name, key)) : limiter.blockedFor(key)),
    blockedNow: (key) => (blocks.trusted ? blocks.blockedFor(name, key) : undefined),
    mirrorStatus: () => ({ trusted: blocks.trusted, blocks: blocks.active() }),
  };
}

/**
 * A Limiter whose consume can say when it blocked the key (the call that used its last point, or one
 * past it): consume resolves once `blocked` has (so a block told to other replicas is theirs before
 * the caller answers).
 */
export interface FlexibleLimiter extends Limiter {
  consume(key: string, points?: number, blocked?: (ms: number) => void | Promise<void>): Promise<number>;
}

/** A rate-limiter-flexible limiter as a Limiter: its rejection (a RateLimiterRes) is the wait, anything else is thrown. */
export function fromFlexible(limiter: {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  points: number;
}): FlexibleLimiter {
  return {
    async consume(key, points = 1, blocked) {
      try {
        const res = await limiter.consume(key, points);
        if (blocked && res.consumedPoints >= limiter.points) await blocked(Math.max(1, res.msBeforeNext));
        return 0;
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const wait = Math.max(1, err.msBeforeNext);
        await blocked?.(wait);
        return wait;
      }
    },
    async blockedFor(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= limiter.points ? Math.max(1, res.msBeforeNext) : 0;
    },
    blockedNow: () => undefined,
  };
}

/** The state of one process: nothing to run, nothing shared (state.store: memory, the default). */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory' as const;
  readonly invalidationsHeard = true;
  readonly #locks = new KeyedMutex();
  readonly #events = new EventEmitter();
  readonly idempotency: IdempotencyStore = new MemoryIdempotency();

  async withLock<T>(key: string, options: { ttlMs: number; waitMs: number; signal?: AbortLike }, task: () => Promise<T>): Promise<T> {
    // Within one process the mutex is exact: a holder cannot die without releasing.
    if (options.signal?.aborted) throw new LockUnavailable('busy', 'the request deadline passed while waiting for the lock');
    return this.#locks.run(key, task);
  }

  limiter(name: string, points: number, durationSec: number, options?: { mirrorBlocks?: boolean }): Limiter {
    return memoryLimiter(name, points, durationSec, options);
  }

  publishInvalidation(source: string): void {
    this.#events.emit('invalidate', source);
  }

  onInvalidation(listener: (source: string | null) => void): void {
    this.#events.on('invalidate', listener);
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.#events.removeAllListeners();
  }
}

/** Idempotency records in a Map, each dropped at its expiry (and bounded, oldest first). */
class MemoryIdempotency implements IdempotencyStore {
  readonly #records = new Map<string, { hash: string; answer: StoredAnswer | null; expires: number }>();
  readonly #max = 10_000;

  async claim(key: string, bodyHash: string, ttlMs: number): Promise<IdempotencyClaim> {
    const now = Date.now();
    const record = this.#records.get(key);
    if (record && record.expires > now) {
      const sameBody = record.hash === bodyHash;
      return record.answer ? { kind: 'done', sameBody, answer: record.answer } : { kind: 'running', sameBody };
    }
    if (this.#records.size >= this.#max) {
      const oldest = this.#records.keys().next();
      if (!oldest.done) this.#records.delete(oldest.value);
    }
    this.#records.set(key, { hash: bodyHash, answer: null, expires: now + ttlMs });
    return { kind: 'claimed' };
  }

  async complete(key: string, bodyHash: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    this.#records.set(key, { hash: bodyHash, answer, expires: Date.now() + ttlMs });
  }

  async release(key: string): Promise<void> {
    this.#records.delete(key);
  }
}
