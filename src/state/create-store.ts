import type { StateConfig } from '../config/config-schema.js';
import { MemoryStateStore } from './memory-store.js';
import { RedisStateStore } from './redis-store.js';
import type { StateStore } from './state-store.js';

/** What the store tells its owner: a limiter fell back to memory (said once a minute at most). */
export interface StoreEvents {
  fallback(limiter: string, firstInMinute: boolean): void;
}

/** The configured state store: memory (the default), or Redis for several replicas. */
export function createStateStore(config: StateConfig, events: StoreEvents): StateStore {
  if (config.store === 'memory' || !config.redis) return new MemoryStateStore();
  let lastSaid = 0;
  return new RedisStateStore({
    url: config.redis.url,
    keyPrefix: config.redis.keyPrefix,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    commandTimeoutMs: config.redis.commandTimeoutMs,
    onFallback: (limiter) => {
      const now = Date.now();
      const first = now - lastSaid >= 60_000;
      if (first) lastSaid = now;
      events.fallback(limiter, first);
    },
  });
}
