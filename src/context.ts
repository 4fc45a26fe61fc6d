import { badUserInput } from './errors.js';
import { UpstreamStats } from './http/upstream-stats.js';
import { createLoaders, type RequestLoaders } from './loaders/create-loaders.js';
import type { KeyedMutex } from './mutations/keyed-mutex.js';
import type { Logger } from './server/logger.js';
import { PartialErrors } from './server/partial-errors.js';
import { credentialFor, type SourceRuntime } from './server/source-runtime.js';
import type { SourceInfo } from './sources/model.js';
import type { CallContext } from './sources/source.js';

/** What every resolver gets for one GraphQL request. */
export interface GatewayContext {
  /** The configured sources, in config order. */
  readonly sources: readonly SourceInfo[];
  readonly loaders: RequestLoaders;
  readonly stats: UpstreamStats;
  readonly partial: PartialErrors;
  /** The runtime of a configured source; BAD_USER_INPUT naming the known ones otherwise. */
  runtime(name: string): SourceRuntime;
  /** How to call a source for this request; throws UNAUTHENTICATED for a forward source without its header. */
  callContext(name: string): CallContext;
  readonly logger: Logger;
  /** Per-(source, user) write serialization, shared by every request of this gateway process. */
  readonly locks: KeyedMutex;
  /** Who is calling, for the audit log ('anonymous' until caller authentication lands). */
  readonly caller: string;
}

/** What lives as long as the gateway and every request shares. */
export interface GatewayShared {
  readonly runtimes: readonly SourceRuntime[];
  readonly logger: Logger;
  readonly locks: KeyedMutex;
}

export function createRequestContext(shared: GatewayShared, headers: Readonly<Record<string, string | undefined>>): GatewayContext {
  const { runtimes } = shared;
  const byName = new Map(runtimes.map((r) => [r.info.name, r]));
  const stats = new UpstreamStats();
  const runtime = (name: string): SourceRuntime => {
    const found = byName.get(name);
    if (!found) throw badUserInput(`no source is named ${JSON.stringify(name)}; the sources are ${[...byName.keys()].join(', ')}`);
    return found;
  };
  const callContext = (name: string): CallContext => ({ credential: credentialFor(runtime(name), headers), stats });
  return {
    sources: runtimes.map((r) => r.info),
    loaders: createLoaders({ adapter: (name) => runtime(name).adapter, callContext }),
    stats,
    partial: new PartialErrors(),
    runtime,
    callContext,
    logger: shared.logger,
    locks: shared.locks,
    caller: 'anonymous',
  };
}
