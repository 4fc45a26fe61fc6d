import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AbortLike } from '../http/cut-signal.js';
import { fromFlexible, memoryLimiter } from './memory-store.js';
import { type IdempotencyClaim, type IdempotencyStore, type Limiter, LockUnavailable, pause, type StateStore, type StoredAnswer } from './state-store.js';

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** Told once a minute at most while a limiter answers from memory because Redis cannot be reached. */
  onFallback(what: string): void;
}

/**
 * Release only by the owner: delete the key if it still holds our token (the Redis documentation's
 * single-instance lock, "Distributed Locks with Redis", https://redis.io/docs/latest/develop/use/patterns/distributed-locks/).
 */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The state of several replicas in Redis (or Valkey), through ioredis: its offline queue is off, so
 * a command while Redis is unreachable fails at once instead of waiting for a reconnection that may
 * never come, and it reconnects in the background on its own. A second connection subscribes to
 * invalidations (a subscribed connection can issue nothing else).
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #onFallback: (what: string) => void;
  readonly #listeners: ((source: string | null) => void)[] = [];
  readonly idempotency: IdempotencyStore;

  constructor(options: RedisStoreOptions) {
    const common = {
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Reconnect for ever, at most every 2 s: Redis coming back needs no gateway restart.
      retryStrategy: (times: number) => Math.min(times * 100, 2_000),
      lazyConnect: false,
    };
    this.#client = new Redis(options.url, common);
    // The subscriber keeps its subscription across reconnects (ioredis resubscribes).
    this.#subscriber = new Redis(options.url, { ...common, enableOfflineQueue: true, commandTimeout: undefined });
    // Errors are connection states here, reported through the store's own answers; never the URL (it may hold a password).
    this.#client.on('error', () => undefined);
    this.#subscriber.on('error', () => undefined);
    this.#prefix = options.keyPrefix;
    this.#channel = `${options.keyPrefix}invalidate`;
    this.#onFallback = options.onFallback;
    this.idempotency = new RedisIdempotency(this.#client, `${options.keyPrefix}idem:`);
    void this.#subscriber.subscribe(this.#channel).catch(() => undefined);
    this.#subscriber.on('message', (_channel: string, source: string) => {
      for (const listener of this.#listeners) listener(source);
    });
    // While the subscription is down, invalidations from other replicas are lost: drop everything
    // now, and again when it is back (what came in between was never heard).
    this.#subscriber.on('close', () => this.#dropAll());
    this.#subscriber.on('ready', () => this.#dropAll());
  }

  /** Whether commands can be sent now. */
  get connected(): boolean {
    return this.#client.status === 'ready';
  }

  async ready(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.connected && this.invalidationsHeard) return true;
      await pause(25);
    }
    return this.connected;
  }

  /** Whether invalidations from other replicas reach this one now. */
  get invalidationsHeard(): boolean {
    return this.#subscriber.status === 'ready';
  }

  async withLock<T>(key: string, options: { ttlMs: number; waitMs: number; signal?: AbortLike }, task: () => Promise<T>): Promise<T> {
    const lockKey = `${this.#prefix}lock:${key}`;
    const token = randomBytes(16).toString('hex');
    const until = Date.now() + options.waitMs;
    for (let wait = 10; ; wait = Math.min(wait * 2, 100)) {
      let got: string | null;
      try {
        got = await this.#client.set(lockKey, token, 'PX', options.ttlMs, 'NX');
      } catch {
        throw new LockUnavailable('store-down', 'the shared state store (Redis) cannot be reached, so the write cannot be locked');
      }
      if (got === 'OK') break;
      if (Date.now() + wait > until || options.signal?.aborted) {
        throw new LockUnavailable('busy', 'another write to this account is still running');
      }
      await pause(wait, options.signal);
    }
    try {
      return await task();
    } finally {
      // A release that fails leaves the lock to its TTL: late, never wrong.
      await this.#client.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  limiter(name: string, points: number, durationSec: number): Limiter {
    const insurance = memoryLimiter(`${name}:insurance`, points, durationSec);
    const shared = fromFlexible(
      new RateLimiterRedis({ storeClient: this.#client, keyPrefix: `${this.#prefix}rl:${name}`, points, duration: durationSec, rejectIfRedisNotReady: true }),
    );
    // Fails open to a limiter in this process's memory: a Redis outage loosens the limits (each
    // replica counts alone), it never refuses callers.
    return {
      consume: async (key, pts) => {
        if (!this.connected) return this.#fallback(name, () => insurance.consume(key, pts));
        return shared.consume(key, pts).catch(() => this.#fallback(name, () => insurance.consume(key, pts)));
      },
      blockedFor: async (key) => {
        if (!this.connected) return this.#fallback(name, () => insurance.blockedFor(key));
        return shared.blockedFor(key).catch(() => this.#fallback(name, () => insurance.blockedFor(key)));
      },
    };
  }

  publishInvalidation(source: string): void {
    // This replica hears its own message back; should Redis be down, its own snapshots are dropped directly.
    this.#client.publish(this.#channel, source).catch(() => {
      for (const listener of this.#listeners) listener(source);
    });
  }

  onInvalidation(listener: (source: string | null) => void): void {
    this.#listeners.push(listener);
  }

  async close(): Promise<void> {
    this.#client.disconnect();
    this.#subscriber.disconnect();
  }

  #dropAll(): void {
    for (const listener of this.#listeners) listener(null);
  }

  #fallback<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.#onFallback(name);
    return run();
  }
}

/** `SET NX` claims a key with `running:<hash>`; the answer replaces it as `done:<hash>:<json>`. */
class RedisIdempotency implements IdempotencyStore {
  readonly #client: Redis;
  readonly #prefix: string;

  constructor(client: Redis, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async claim(key: string, bodyHash: string, ttlMs: number): Promise<IdempotencyClaim> {
    const k = this.#prefix + key;
    const set = await this.#client.set(k, `running:${bodyHash}`, 'PX', ttlMs, 'NX');
    if (set === 'OK') return { kind: 'claimed' };
    const value = (await this.#client.get(k)) ?? '';
    const [state, hash] = value.split(':', 2);
    const sameBody = hash === bodyHash;
    if (state === 'done') return { kind: 'done', sameBody, answer: JSON.parse(value.slice(`done:${hash}:`.length)) as StoredAnswer };
    return { kind: 'running', sameBody };
  }

  async complete(key: string, bodyHash: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    await this.#client.set(this.#prefix + key, `done:${bodyHash}:${JSON.stringify(answer)}`, 'PX', ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.#client.del(this.#prefix + key);
  }
}
