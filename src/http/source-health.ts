import type { ErrorCode } from '../errors.js';

export type SourceStatus = 'UP' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

/** Why a source has the status it has. */
export type StatusReason = 'CIRCUIT_OPEN' | 'CREDENTIAL_REJECTED' | 'PROBE_FAILED' | 'RECENT_FAILURES' | 'NO_CALLS' | 'HEALTHY';

export interface HealthSnapshot {
  status: SourceStatus;
  reason: StatusReason;
  lastError: { code: ErrorCode; at: Date } | null;
  /** Median latency of the recent calls (ms); null before the first. */
  latencyMs: number | null;
  /** When the breaker lets a probe through, while it is open. */
  halfOpenAt: Date | null;
}

/** The health of a source that has no policies (and so no record of its calls). */
export const UNKNOWN_HEALTH: HealthSnapshot = { status: 'UNKNOWN', reason: 'NO_CALLS', lastError: null, latencyMs: null, halfOpenAt: null };

/** One try's outcome. `credentialRejected`: the vendor refused the gateway's own credential; `credentialAccepted`: it took it. */
export type TryOutcome =
  | { ok: true; latencyMs: number; credentialAccepted?: boolean }
  | { ok: false; latencyMs: number; code: ErrorCode; credentialRejected?: boolean };

/** The last outcomes of a source's calls, for `Source.status` and `/readyz`: known without calling the vendor. */
export class SourceHealth {
  readonly #size: number;
  readonly #latencies: number[] = [];
  readonly #failed: boolean[] = [];
  #lastError: { code: ErrorCode; at: Date } | null = null;
  #credentialRejected = false;
  #probeFailed = false;

  constructor(size = 50) {
    this.#size = size;
  }

  record(outcome: TryOutcome): void {
    // A rejected service credential stays the verdict until the vendor takes it again.
    if (!outcome.ok && outcome.credentialRejected) this.#credentialRejected = true;
    if (outcome.ok && outcome.credentialAccepted && this.#credentialRejected) {
      // The failures before were the credential's, now fixed: they no longer describe the source.
      this.#credentialRejected = false;
      this.#failed.fill(false);
    }
    if (outcome.ok) this.#probeFailed = false;
    this.#latencies.push(outcome.latencyMs);
    this.#failed.push(!outcome.ok);
    if (this.#latencies.length > this.#size) {
      this.#latencies.shift();
      this.#failed.shift();
    }
    if (!outcome.ok) this.#lastError = { code: outcome.code, at: new Date() };
  }

  /**
   * A background probe's outcome. A probe that could not reach the vendor (or got no usable
   * answer) makes the source DOWN at once, without waiting for the breaker's count of failures:
   * the gateway looked, and the vendor is not there. Any successful call clears it.
   */
  probed(failure: ErrorCode | null): void {
    if (failure === 'UPSTREAM_UNAVAILABLE' || failure === 'UPSTREAM_TIMEOUT' || failure === 'UPSTREAM_BAD_RESPONSE') this.#probeFailed = true;
    if (failure === null) this.#probeFailed = false;
  }

  /** Whether the gateway's own credential was last refused (401, or 403 on a read). */
  get credentialRejected(): boolean {
    return this.#credentialRejected;
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
    let reason: StatusReason;
    if (breaker.open) [status, reason] = ['DOWN', 'CIRCUIT_OPEN'];
    else if (this.#credentialRejected) [status, reason] = ['DOWN', 'CREDENTIAL_REJECTED'];
    else if (this.#probeFailed) [status, reason] = ['DOWN', 'PROBE_FAILED'];
    else if (this.#failed.length === 0) [status, reason] = ['UNKNOWN', 'NO_CALLS'];
    else if (this.#failed.slice(-10).some(Boolean)) [status, reason] = ['DEGRADED', 'RECENT_FAILURES'];
    else [status, reason] = ['UP', 'HEALTHY'];
    return {
      status,
      reason,
      lastError: this.#lastError,
      latencyMs: latencyMs === null ? null : Math.round(latencyMs * 10) / 10,
      halfOpenAt: breaker.halfOpenAt,
    };
  }
}
