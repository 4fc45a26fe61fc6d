import type { ResilienceConfig } from '../config/config-schema.js';
import type { UpstreamObserver } from '../http/upstream-observer.js';
import { createDqopsSourceAdapter } from './dqops/adapter.js';
import { createRocksetSourceAdapter } from './rockset/adapter.js';
import type { SourceAdapter, Vendor } from './source.js';
import { createWaldurSourceAdapter } from './waldur/adapter.js';

export interface AdapterConfig {
  name: string;
  vendor: Vendor;
  url: string;
  timeoutMs: number;
  resilience?: ResilienceConfig;
  /** Told of every upstream try (metrics). */
  observe?: UpstreamObserver;
}

/** The adapter of a configured source: adding a vendor means one more case here (README, "Adding a vendor"). */
export function createSourceAdapter(config: AdapterConfig): SourceAdapter {
  const { name, url, timeoutMs } = config;
  const options = {
    name,
    url,
    timeoutMs,
    ...(config.resilience ? { resilience: config.resilience } : {}),
    ...(config.observe ? { observe: config.observe } : {}),
  };
  switch (config.vendor) {
    case 'dqops':
      return createDqopsSourceAdapter(options);
    case 'waldur':
      return createWaldurSourceAdapter(options);
    case 'rockset':
      return createRocksetSourceAdapter(options);
  }
}
