import type { ErrorCode } from '../errors.js';

export type SourceStatus = 'UP' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

export interface HealthSnapshot {
  status: SourceStatus;
  lastError: { code: ErrorCode; at: Date } | null;
  /** Median latency of the recent calls (ms); null before the first. */
  latencyMs: number | null;
  /** When the breaker lets a probe through, while it is open. */
  halfOpenAt: Date | null;
}

/** The health of a source that has no policies (and so no record of its calls). */
export const UNKNOWN_HEALTH: HealthSnapshot = { status: 'UNKNOWN', lastError: null, latencyMs: null, halfOpenAt: null };

/** The last outcomes of a source's calls, for `Source.status` and `/readyz`: known without calling the vendor. */
export class SourceHealth {
  readonly #size: number;
  readonly #latencies: number[] = [];
  readonly #failed: boolean[] = [];
  #lastError: { code: ErrorCode; at: Date } | null = null;

  constructor(size = 50) {
    this.#size = size;
  }

  record(outcome: { ok: true; latencyMs: number } | { ok: false; latencyMs: number; code: ErrorCode }): void {
    this.#latencies.push(outcome.latencyMs);
    this.#failed.push(!outcome.ok);
    if (this.#latencies.length > this.#size) {
      this.#latencies.shift();
      this.#failed.shift();
    }
    if (!outcome.ok) this.#lastError = { code: outcome.code, at: new Date() };
  }

  /** The breaker closed again after a successful probe: what came before no longer describes the source. */
  recovered(): void {
    this.#failed.fill(false);
  }

  /** `open`: the breaker refuses calls until `halfOpenAt`. */
  snapshot(breaker: { open: boolean; halfOpenAt: Date | null }): HealthSnapshot {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const latencyMs = sorted.length > 0 ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? null) : null;
    let status: SourceStatus;
    if (breaker.open) status = 'DOWN';
    else if (this.#failed.length === 0) status = 'UNKNOWN';
    else if (this.#failed.slice(-10).some(Boolean)) status = 'DEGRADED';
    else status = 'UP';
    return { status, lastError: this.#lastError, latencyMs: latencyMs === null ? null : Math.round(latencyMs * 10) / 10, halfOpenAt: breaker.halfOpenAt };
  }
}
