import { UpstreamError } from '../errors.js';
import { UpstreamStats } from '../http/upstream-stats.js';
import type { SourceRuntime } from '../request/source-runtime.js';
import { listSomeUsers } from '../sources/source.js';

export interface ProbeSettings {
  /** Between two probes of one source; 0 turns probing off. */
  intervalMs: number;
  /** Probe every service-credential source, not only the required ones. */
  all: boolean;
}

/**
 * Background probes: each `required` source (every one with `all`) that calls with the gateway's
 * own credential gets its cheapest read every `intervalMs`, the first at once, so `/readyz` and
 * `Source.status` tell the truth on a gateway nobody has called yet. A probe goes through the
 * source's policies like any call (an open breaker is not hammered: it answers without a call until
 * its half-open probe is due) and is marked as one, so metrics count it apart from caller traffic.
 * Forward-credential sources are not probed: the gateway holds no credential of theirs.
 * Returns the function that stops the probes.
 */
export function startHealthProbes(runtimes: readonly SourceRuntime[], settings: ProbeSettings, timeoutMs: (r: SourceRuntime) => number): () => void {
  if (settings.intervalMs <= 0) return () => undefined;
  const probed = runtimes.filter((r) => (r.required || settings.all) && r.credentials.mode === 'service');
  const running = new Set<SourceRuntime>();
  const probeAll = () => {
    for (const runtime of probed) {
      // A probe still waiting on a slow vendor is not doubled.
      if (running.has(runtime)) continue;
      running.add(runtime);
      void probeOnce(runtime, timeoutMs(runtime)).finally(() => running.delete(runtime));
    }
  };
  const timer = setInterval(probeAll, settings.intervalMs);
  timer.unref();
  probeAll();
  return () => clearInterval(timer);
}

/** One probe of one source; its outcome goes to the source's health, never to a caller. */
export async function probeOnce(runtime: SourceRuntime, timeoutMs: number): Promise<void> {
  if (runtime.credentials.mode !== 'service') return;
  // Tries, retries and backoff together: a little more than one try's deadline, at most.
  const ctx = { credential: runtime.credentials.secret, stats: new UpstreamStats(), signal: AbortSignal.timeout(timeoutMs * 2 + 1_000), probe: true };
  try {
    await listSomeUsers(runtime.adapter, ctx);
    runtime.adapter.probed?.(null);
  } catch (err) {
    runtime.adapter.probed?.(err instanceof UpstreamError ? err.code : 'UPSTREAM_UNAVAILABLE');
  }
}
