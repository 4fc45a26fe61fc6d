import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AbortLike } from '../http/cut-signal.js';
import { BlockMirror } from './block-mirror.js';
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

/** Keys a SCAN of one limiter's counters reads per round trip. */
const SCAN_COUNT = 1_000;

/** A Redis glob pattern matching `literal` itself (SCAN MATCH): `*`, `?`, `[`, `]` and `\\` escaped. */
function globLiteral(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * The state of several replicas in Redis (or Valkey), through ioredis: its offline queue is off, so
 * a command while Redis is unreachable fails at once instead of waiting for a reconnection that may
 * never come, and it reconnects in the background on its own. A second connection subscribes to
 * invalidations and to the blocks of mirrored limiters (a subscribed connection can issue nothing else).
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #onFallback: (what: string) => void;
  readonly #listeners: ((source: string | null) => void)[] = [];
  /** Where the blocks of mirrored limiters are told: `{"limiter","key","ms"}`. */
  readonly #blockChannel: string;
  readonly #blocks = new BlockMirror();
  /** The mirrored limiters, by name: their points and Redis key prefix, for the scan. */
  readonly #mirrored = new Map<string, { points: number; durationSec: number; keyPrefix: string }>();
  /** Bumped at every (re)sync, so a scan overtaken by a newer one does not trust the mirror. */
  #syncs = 0;
  /** A sync after the mirror overflowed, once the blocks that filled it have had time to end. */
  #laterSync: NodeJS.Timeout | undefined;
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
    this.#blockChannel = `${options.keyPrefix}blocked`;
    this.#onFallback = options.onFallback;
    this.idempotency = new RedisIdempotency(this.#client, `${options.keyPrefix}idem:`);
    void this.#subscriber.subscribe(this.#channel, this.#blockChannel).catch(() => undefined);
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#blockChannel) this.#heardBlock(message);
      else for (const listener of this.#listeners) listener(message);
    });
    // While the subscription is down, invalidations from other replicas are lost: drop everything
    // now, and again when it is back (what came in between was never heard). Blocks are asked of
    // Redis again until a scan has found the ones told in between.
    this.#subscriber.on('close', () => {
      this.#dropAll();
      this.#blocks.distrust();
    });
    this.#subscriber.on('ready', () => {
      this.#dropAll();
      void this.#syncBlocks();
    });
    this.#client.on('close', () => this.#blocks.distrust());
    this.#client.on('ready', () => void this.#syncBlocks());
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

  limiter(name: string, points: number, durationSec: number, options?: { mirrorBlocks?: boolean }): Limiter {
    const insurance = memoryLimiter(`${name}:insurance`, points, durationSec);
    const keyPrefix = `${this.#prefix}rl:${name}`;
    const shared = fromFlexible(new RateLimiterRedis({ storeClient: this.#client, keyPrefix, points, duration: durationSec, rejectIfRedisNotReady: true }));
    const mirror = options?.mirrorBlocks === true;
    if (mirror) {
      this.#mirrored.set(name, { points, durationSec, keyPrefix });
      void this.#syncBlocks();
    }
    // Blocks are answered from this replica's memory only while it can trust it has heard of every one.
    const fromMemory = () => mirror && this.connected && this.#blocks.trusted;
    // Fails open to a limiter in this process's memory: a Redis outage loosens the limits (each
    // replica counts alone), it never refuses callers.
    return {
      consume: async (key, pts) => {
        if (!this.connected) return this.#fallback(name, () => insurance.consume(key, pts));
        // A call that used the key's last point, or came past it, blocked the key: on every replica.
        const blocked = mirror ? (ms: number) => this.#tellBlock(name, key, ms) : undefined;
        return shared.consume(key, pts, blocked).catch(() => this.#fallback(name, () => insurance.consume(key, pts)));
      },
      blockedFor: async (key) => {
        if (!this.connected) return this.#fallback(name, () => insurance.blockedFor(key));
        if (fromMemory()) return this.#blocks.blockedFor(name, key);
        return shared.blockedFor(key).catch(() => this.#fallback(name, () => insurance.blockedFor(key)));
      },
      blockedNow: (key) => (fromMemory() ? this.#blocks.blockedFor(name, key) : undefined),
      ...(mirror ? { mirrorStatus: () => ({ trusted: fromMemory(), blocks: this.#blocks.active() }) } : {}),
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
    clearTimeout(this.#laterSync);
    this.#client.disconnect();
    this.#subscriber.disconnect();
  }

  #dropAll(): void {
    for (const listener of this.#listeners) listener(null);
  }

  /**
   * Notes the block here at once and tells the other replicas; resolves when Redis has sent it to
   * them (its PUBLISH reply comes after), so the failure that made the block is answered only then:
   * the caller's next try, on any replica, comes after the message. Never rejects: should Redis go
   * between the count and the message, the other replicas lack this block until their next sync.
   */
  #tellBlock(limiter: string, key: string, ms: number): Promise<void> {
    this.#note(limiter, key, ms);
    return this.#client.publish(this.#blockChannel, JSON.stringify({ limiter, key, ms })).then(
      () => undefined,
      () => undefined,
    );
  }

  #heardBlock(message: string): void {
    let told: unknown;
    try {
      told = JSON.parse(message);
    } catch {
      return;
    }
    if (typeof told !== 'object' || told === null) return;
    const { limiter, key, ms } = told as { limiter?: unknown; key?: unknown; ms?: unknown };
    if (typeof limiter !== 'string' || typeof key !== 'string' || typeof ms !== 'number' || !this.#mirrored.has(limiter)) return;
    this.#note(limiter, key, Math.min(ms, 24 * 3_600_000));
  }

  #note(limiter: string, key: string, ms: number): void {
    this.#blocks.note(limiter, key, ms);
    if (!this.#blocks.overflowed || this.#laterSync) return;
    // Full of live blocks (many addresses at once): ask Redis until they have had time to end, then sync again.
    const windowMs = 1_000 * Math.max(...[...this.#mirrored.values()].map((m) => m.durationSec));
    this.#laterSync = setTimeout(() => {
      this.#laterSync = undefined;
      void this.#syncBlocks();
    }, windowMs);
    this.#laterSync.unref();
  }

  /**
   * Rebuilds the mirror: subscribed first (a block told from then on is heard), then every
   * mirrored limiter's counters read with SCAN (a block from before is found), and only then
   * trusted. Runs whenever either connection is (back) up; one overtaken by a newer run, or that
   * fails, leaves the mirror untrusted, and blocks are asked of Redis as without it.
   */
  async #syncBlocks(): Promise<void> {
    const run = ++this.#syncs;
    this.#blocks.distrust();
    if (this.#mirrored.size === 0 || !this.connected || !this.invalidationsHeard) return;
    // Cleared before subscribing: a block heard from here on is kept, and every one from before
    // (or forgotten by Redis) is what the scan finds, since each block is a counter at its limit.
    this.#blocks.clear();
    try {
      await this.#subscriber.subscribe(this.#blockChannel);
      for (const [name, { points, keyPrefix }] of this.#mirrored) {
        const pattern = `${globLiteral(keyPrefix)}:*`;
        let cursor = '0';
        do {
          const [next, keys] = await this.#client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
          cursor = next;
          if (keys.length === 0) continue;
          const pipeline = this.#client.pipeline();
          for (const key of keys) pipeline.get(key).pttl(key);
          const replies = (await pipeline.exec()) ?? [];
          keys.forEach((key, i) => {
            const consumed = Number(replies[2 * i]?.[1]);
            const ttl = Number(replies[2 * i + 1]?.[1]);
            if (consumed >= points && ttl > 0) this.#note(name, key.slice(keyPrefix.length + 1), ttl);
          });
        } while (cursor !== '0');
      }
      if (run === this.#syncs && this.connected && this.invalidationsHeard) this.#blocks.trust();
    } catch {
      // Left untrusted: the next (re)connection syncs again.
    }
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
