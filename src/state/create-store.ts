import type { StateConfig } from '../config/config-schema.js';
import { MemoryStateStore } from './memory-store.js';
import type { StateStore } from './state-store.js';

/** What the store tells its owner: a limiter fell back to memory (said once a minute at most). */
export interface StoreEvents {
  fallback(limiter: string, firstInMinute: boolean): void;
}

/**
 * The configured state store: memory (the default), or Redis for several replicas. The Redis
 * client (ioredis, about 50 modules) is loaded only when it is configured.
 */
export async function createStateStore(config: StateConfig, events: StoreEvents): Promise<StateStore> {
  if (config.store === 'memory' || !config.redis) return new MemoryStateStore();
  const { RedisStateStore } = await import('./redis-store.js');
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
