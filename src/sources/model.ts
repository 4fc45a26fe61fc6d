import type { Capability, Vendor } from './source.js';

/** A configured upstream instance as the rest of the gateway sees it (no credentials). */
export interface SourceInfo {
  /** The config id; unique; what clients name in queries. */
  readonly name: string;
  readonly vendor: Vendor;
  readonly url: string;
  readonly capabilities: readonly Capability[];
}
