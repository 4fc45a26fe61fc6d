import type { GatewayConfigInput } from '../../src/config/config-schema.js';
import type { RunningGateway } from '../../src/server/create-gateway.js';
import type { Logger } from '../../src/server/logger.js';
import type { RequestCounters } from '../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { startTestGateway } from './gateway.js';
import { hook, startSim } from './sim.js';

/** The reference seed's administrators, one per vendor. */
export const ADMIN_CREDENTIALS: Record<VendorName, string> = {
  dqops: 'dqops-key-ada-admin',
  waldur: 'waldur-token-ada',
  rockset: 'rockset-key-ada-admin',
};

/** Source names the stack gives each vendor's simulator. */
export const SOURCE: Record<VendorName, string> = { dqops: 'dqops-ref', waldur: 'waldur-ref', rockset: 'rockset-ref' };

export interface Stack {
  gateway: RunningGateway;
  sims: Record<VendorName, RunningSimulator>;
  /** Upstream requests each simulator received since the last `resetCounts`. */
  counts(): Promise<Record<VendorName, RequestCounters>>;
  resetCounts(): Promise<void>;
  /** Upstream requests of all three simulators together since the last `resetCounts`. */
  totalCalls(): Promise<number>;
  /** Restores every simulator's seed, clears faults and counts. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  timeoutMs?: number;
  logger?: Logger;
  auth?: GatewayConfigInput['auth'];
  server?: GatewayConfigInput['server'];
  /** A seed per vendor instead of the reference seed's part. */
  seeds?: Partial<Record<VendorName, unknown>>;
  /** Extra source config per vendor (`resilience`, `required`, ...). */
  sources?: Partial<Record<VendorName, Partial<GatewayConfigInput['sources'][number]>>>;
}

/** Three simulators with the reference seed and a gateway over them, upstream stats on. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const vendors: VendorName[] = ['dqops', 'waldur', 'rockset'];
  const started = await Promise.all(vendors.map((v) => (options.seeds?.[v] === undefined ? startSim(v) : startSim(v, options.seeds[v]))));
  const sims = Object.fromEntries(vendors.map((v, i) => [v, started[i]!])) as Record<VendorName, RunningSimulator>;
  const sources = vendors.map((v) => ({
    name: SOURCE[v],
    vendor: v,
    url: sims[v].url,
    credentials: { mode: 'service' as const, secret: ADMIN_CREDENTIALS[v] },
    timeoutMs: options.timeoutMs ?? 2_000,
    // Per-request counts are what most tests assert: shared snapshots only where a test asks for them.
    cache: { listTtlMs: 0 },
    ...options.sources?.[v],
  }));
  const gateway = await startTestGateway(
    { server: { upstreamStats: true, ...options.server }, sources, ...(options.auth ? { auth: options.auth } : {}) },
    options.logger ? { logger: options.logger } : {},
  );
  const forEach = (f: (sim: RunningSimulator) => Promise<unknown>) => Promise.all(vendors.map((v) => f(sims[v])));
  return {
    gateway,
    sims,
    async counts() {
      const all = await Promise.all(vendors.map((v) => hook<RequestCounters>(sims[v], 'GET', 'counters')));
      return Object.fromEntries(vendors.map((v, i) => [v, all[i]!])) as Record<VendorName, RequestCounters>;
    },
    async totalCalls() {
      const all = await Promise.all(vendors.map((v) => hook<RequestCounters>(sims[v], 'GET', 'counters')));
      return all.reduce((sum, c) => sum + c.total, 0);
    },
    resetCounts: async () => void (await forEach((s) => hook(s, 'DELETE', 'requests'))),
    reset: async () => void (await forEach((s) => hook(s, 'POST', 'reset'))),
    async stop() {
      await gateway.stop();
      await forEach((s) => s.close());
    },
  };
}
