import { createDqopsSourceAdapter } from './dqops/adapter.js';
import { createRocksetSourceAdapter } from './rockset/adapter.js';
import type { SourceAdapter, Vendor } from './source.js';
import { createWaldurSourceAdapter } from './waldur/adapter.js';

export interface AdapterConfig {
  name: string;
  vendor: Vendor;
  url: string;
  timeoutMs: number;
}

/** The adapter of a configured source: adding a vendor means one more case here (README, "Adding a vendor"). */
export function createSourceAdapter(config: AdapterConfig): SourceAdapter {
  const { name, url, timeoutMs } = config;
  switch (config.vendor) {
    case 'dqops':
      return createDqopsSourceAdapter({ name, url, timeoutMs });
    case 'waldur':
      return createWaldurSourceAdapter({ name, url, timeoutMs });
    case 'rockset':
      return createRocksetSourceAdapter({ name, url, timeoutMs });
  }
}
