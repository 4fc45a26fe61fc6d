import type { SourceTransportConfig } from '../http/upstream-client.js';
import { createDqopsSourceAdapter } from './dqops/adapter.js';
import { createRocksetSourceAdapter } from './rockset/adapter.js';
import type { SourceAdapter, Vendor } from './source.js';
import { createWaldurSourceAdapter } from './waldur/adapter.js';

export interface AdapterConfig extends SourceTransportConfig {
  vendor: Vendor;
}

/** The adapter of a configured source: adding a vendor means one more case here (CONTRIBUTING, "Adding a vendor"). */
export function createSourceAdapter(config: AdapterConfig): SourceAdapter {
  const { vendor, ...transport } = config;
  switch (vendor) {
    case 'dqops':
      return createDqopsSourceAdapter(transport);
    case 'waldur':
      return createWaldurSourceAdapter(transport);
    case 'rockset':
      return createRocksetSourceAdapter(transport);
  }
}
