import type { SourceInfo } from './sources/model.js';

/** What every resolver gets for one GraphQL request. */
export interface GatewayContext {
  /** The configured sources, in config order. */
  readonly sources: readonly SourceInfo[];
}
