import { type SourceTransportConfig, type UpstreamClient, upstreamClientFor } from '../../http/upstream-client.js';
import type { SourceInfo } from '../model.js';
import type { Capability, SourceAdapter, Vendor } from '../source.js';

/**
 * The adapter of one configured source: its own UpstreamClient (undici Pool, timeouts, retry and
 * breaker), its info with the vendor's capabilities, and its health read from that client's
 * policies (no vendor call). `create` is the vendor's adapter factory (Auth.js's
 * `PostgresAdapter(client)`: the client comes in, so a test can hand it another).
 */
export function configuredAdapter<A extends SourceAdapter>(
  config: SourceTransportConfig,
  vendor: Vendor,
  capabilities: readonly Capability[],
  create: (info: SourceInfo, http: UpstreamClient) => A,
): A {
  const http = upstreamClientFor(config);
  const info: SourceInfo = { name: config.name, vendor, url: config.url, capabilities };
  return { ...create(info, http), health: () => http.policy.snapshot(), probed: (failure) => http.policy.health.probed(failure) };
}

/**
 * Binds functions that take a vendor's write dependencies first to one source's: `createUser(deps,
 * ctx, user)` becomes the adapter's `createUser(ctx, user)`.
 */
export function bindDeps<D, F extends Record<string, (deps: D, ...args: never[]) => unknown>>(deps: D, functions: F): BoundTo<D, F> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(functions)) bound[name] = (...args: never[]) => fn(deps, ...args);
  // Each entry was bound as its type below says.
  return bound as BoundTo<D, F>;
}

export type BoundTo<D, F> = { [K in keyof F]: F[K] extends (deps: D, ...args: infer A) => infer R ? (...args: A) => R : never };
