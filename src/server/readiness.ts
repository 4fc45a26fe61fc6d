import { type SourceStatus, type StatusReason, UNKNOWN_HEALTH } from '../http/source-health.js';
import type { SourceRuntime } from '../request/source-runtime.js';
import { probeOnce } from './health-probes.js';

export interface Readiness {
  ready: boolean;
  sources: { name: string; status: SourceStatus; reason: StatusReason; required: boolean; lastError: { code: string; at: string } | null }[];
}

/**
 * `/readyz`: ready while no required source is DOWN (with none marked required: while at least
 * one source is not DOWN). Health comes from the breakers and recent calls; a source whose open
 * circuit is due for its probe gets that probe here (one cheap read with the service credential),
 * so a recovered vendor makes the gateway ready again without waiting for traffic.
 */
export async function readiness(runtimes: readonly SourceRuntime[]): Promise<Readiness> {
  const sources = await Promise.all(
    runtimes.map(async (r) => {
      let health = r.adapter.health?.() ?? UNKNOWN_HEALTH;
      if (health.status === 'DOWN' && health.halfOpenAt && health.halfOpenAt.getTime() <= Date.now() && r.credentials.mode === 'service') {
        await probeOnce(r, 5_000);
        health = r.adapter.health?.() ?? UNKNOWN_HEALTH;
      }
      const lastError = health.lastError ? { code: health.lastError.code, at: health.lastError.at.toISOString() } : null;
      return { name: r.info.name, status: health.status, reason: health.reason, required: r.required, lastError };
    }),
  );
  const required = sources.filter((s) => s.required);
  const ready = required.length > 0 ? required.every((s) => s.status !== 'DOWN') : sources.some((s) => s.status !== 'DOWN');
  return { ready, sources };
}
