import {
  BrokenCircuitError,
  type BulkheadPolicy,
  BulkheadRejectedError,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleWhen,
  type IBreaker,
  TaskCancelledError,
} from 'cockatiel';
import type { ResilienceConfig } from '../config/config-schema.js';
import { type ErrorCode, UpstreamError } from '../errors.js';
import { type AbortLike, cutAfter } from './cut-signal.js';
import { RetryBudget } from './retry-budget.js';
import { type HealthSnapshot, SourceHealth } from './source-health.js';
import { untilAborted } from './until-aborted.js';

/** What one try returned: an HTTP answer (any status) or a thrown UpstreamError. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** Statuses a vendor sends when it may answer the same request later (Envoy's retriable 5xx and 429). */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Errors of a try that say nothing about the request itself, so trying again may work. */
const RETRYABLE_CODES = new Set<ErrorCode>(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']);

/**
 * Everything between a call and the vendor for one source: a circuit breaker (cockatiel; opens
 * after `consecutiveFailures` in a row or a `failureRatio` of recent calls, fails fast while open,
 * lets one probe through after `halfOpenAfterMs`), a bulkhead (cockatiel; at most `maxConcurrent`
 * calls in flight, `maxQueue` waiting), and retries of idempotent reads and updates with full
 * jitter, Retry-After, a budget and the request's deadline. The retry loop is ours: cockatiel's
 * retry sleeps through an abort and cannot ask a budget or read Retry-After.
 */
export class SourcePolicy {
  readonly #source: string;
  readonly #config: ResilienceConfig;
  readonly #timeoutMs: number;
  readonly #serviceCredential: boolean;
  readonly #onRetry: ((source: string) => void) | undefined;
  readonly #breaker: CircuitBreakerPolicy | undefined;
  readonly #bulkhead: BulkheadPolicy;
  readonly #budget: RetryBudget;
  readonly health = new SourceHealth();
  #openedAt = 0;

  /**
   * `timeoutMs`: one try's deadline, time waiting for a slot included. `serviceCredential`: every
   * call carries the gateway's own credential, so a 401 (or a 403 on a read) says that credential
   * is rejected, not that one caller's is.
   */
  constructor(
    source: string,
    config: ResilienceConfig,
    options: { timeoutMs: number; serviceCredential?: boolean; onBreakerChange?: (state: BreakerChange) => void; onRetry?: (source: string) => void },
  ) {
    this.#source = source;
    this.#config = config;
    this.#timeoutMs = options.timeoutMs;
    this.#serviceCredential = options.serviceCredential === true;
    this.#onRetry = options.onRetry;
    this.#budget = new RetryBudget({ percent: config.retryBudgetPercent });
    this.#bulkhead = bulkhead(config.bulkhead.maxConcurrent, config.bulkhead.maxQueue);
    if (config.breaker.enabled) {
      const b = config.breaker;
      this.#breaker = circuitBreaker(
        handleWhen((err) => err instanceof UpstreamError && countsAgainstSource(err)).orWhenResult((r) => (r as Answer).status >= 500),
        {
          halfOpenAfter: b.halfOpenAfterMs,
          breaker: new EitherBreaker(
            new ConsecutiveBreaker(b.consecutiveFailures),
            new CountBreaker({ threshold: b.failureRatio, size: b.windowCalls, minimumNumberOfCalls: b.minimumCalls }),
          ),
        },
      );
      this.#breaker.onBreak(() => {
        this.#openedAt = Date.now();
        options.onBreakerChange?.('open');
      });
      this.#breaker.onHalfOpen(() => options.onBreakerChange?.('half_open'));
      this.#breaker.onReset(() => {
        this.health.recovered();
        options.onBreakerChange?.('closed');
      });
    }
  }

  /** The source's health from the breaker and the recent calls: no vendor call. */
  snapshot(): HealthSnapshot {
    const open = this.#breaker !== undefined && this.#breaker.state !== CircuitState.Closed;
    return this.health.snapshot({ open, halfOpenAt: open ? new Date(this.#openedAt + this.#config.breaker.halfOpenAfterMs) : null });
  }

  /**
   * Runs `attempt` (one try against the vendor, within `remainingMs`) under the policies.
   * `retryable`: the request may be sent again (idempotent GET, PUT or PATCH); a POST or DELETE is
   * tried once whatever happens. `method`: a 403 only tells of the credential on a read.
   */
  async run<T extends Answer>(
    attempt: (signal: AbortLike | undefined, remainingMs: number) => Promise<T>,
    retryable: boolean,
    signal: AbortLike | undefined,
    method = 'GET',
  ): Promise<T> {
    this.#budget.recordCall();
    for (let retry = 0; ; retry++) {
      let answer: T | undefined;
      let error: unknown;
      try {
        answer = await this.#once(attempt, signal, method);
      } catch (err) {
        error = err;
      }
      const again = retryable && retry < this.#config.retries && isRetryable(answer, error);
      const wait = again ? this.#backoff(retry, answer, error) : undefined;
      if (wait === undefined || !this.#budget.tryRetry() || !(await sleep(wait, signal))) {
        if (error !== undefined) throw error;
        return answer as T;
      }
      this.#onRetry?.(this.#source);
    }
  }

  /**
   * One try: a slot in the bulkhead, then the breaker, then the call. The try's `timeoutMs` runs
   * from the moment it asks for a slot, so time spent queued counts against it; and the breaker is
   * asked when the call leaves the queue, so a circuit that opened meanwhile fails it at once
   * instead of sending it to a vendor already known to be down.
   */
  async #once<T extends Answer>(
    attempt: (signal: AbortLike | undefined, remainingMs: number) => Promise<T>,
    signal: AbortLike | undefined,
    method: string,
  ): Promise<T> {
    const started = performance.now();
    try {
      const answer =
        this.#bulkhead.executionSlots > 0
          ? // A free slot: cockatiel runs the call at once, so there is no wait to bound.
            await this.#bulkhead.execute(() => this.#call(attempt, signal, this.#timeoutMs))
          : await this.#queued(attempt, signal, started);
      this.#recordAnswer(answer, method, performance.now() - started);
      return answer;
    } catch (err) {
      const mapped = this.#mapPolicyError(err, signal?.aborted === true);
      // A refusal by the policies themselves says nothing new about the vendor.
      if (!(err instanceof BrokenCircuitError || err instanceof BulkheadRejectedError || err instanceof TaskCancelledError)) {
        this.health.record({ ok: false, code: mapped instanceof UpstreamError ? mapped.code : 'UPSTREAM_UNAVAILABLE', latencyMs: performance.now() - started });
      }
      throw mapped;
    }
  }

  /** The call through the breaker, with `remainingMs` of its try left. */
  #call<T extends Answer>(
    attempt: (signal: AbortLike | undefined, remainingMs: number) => Promise<T>,
    signal: AbortLike | undefined,
    remainingMs: number,
  ): Promise<T> {
    return this.#breaker ? this.#breaker.execute(() => attempt(signal, remainingMs)) : attempt(signal, remainingMs);
  }

  /** Every slot busy: the call waits in the bulkhead's queue, at most until its try's deadline or the request's. */
  async #queued<T extends Answer>(
    attempt: (signal: AbortLike | undefined, remainingMs: number) => Promise<T>,
    signal: AbortLike | undefined,
    started: number,
  ): Promise<T> {
    const queue = cutAfter(this.#timeoutMs, signal);
    try {
      const run = () => {
        // Out of the queue: from here the call itself answers to the request's deadline.
        queue.release();
        // A call given up while queued still reaches the front (cockatiel takes only an AbortSignal):
        // the race below has already answered it, so it goes no further.
        if (queue.signal.aborted) throw new TaskCancelledError();
        return this.#call(attempt, signal, Math.max(1, this.#timeoutMs - (performance.now() - started)));
      };
      return await untilAborted(this.#bulkhead.execute(run), queue.signal, () => new TaskCancelledError());
    } finally {
      queue.release();
    }
  }

  #recordAnswer(answer: Answer, method: string, latencyMs: number): void {
    const rejected = this.#serviceCredential && (answer.status === 401 || (answer.status === 403 && method === 'GET'));
    if (rejected) {
      this.health.record({ ok: false, code: answer.status === 401 ? 'UPSTREAM_UNAUTHORIZED' : 'UPSTREAM_FORBIDDEN', latencyMs, credentialRejected: true });
      return;
    }
    const code = statusCode(answer.status);
    this.health.record(code ? { ok: false, code, latencyMs } : { ok: true, latencyMs, credentialAccepted: answer.status < 400 });
  }

  /** How long to wait before retry `retry` (0-based), or undefined when it is not worth waiting for. */
  #backoff(retry: number, answer: Answer | undefined, error: unknown): number | undefined {
    const retryAfterMs = answer ? retryAfterOf(answer) : error instanceof UpstreamError ? error.retryAfterMs : undefined;
    if (retryAfterMs !== undefined) return retryAfterMs <= this.#config.maxRetryAfterMs ? retryAfterMs : undefined;
    return Math.random() * Math.min(this.#config.backoffMaxMs, this.#config.backoffBaseMs * 2 ** retry);
  }

  #mapPolicyError(err: unknown, cut: boolean): unknown {
    if (err instanceof BrokenCircuitError) {
      const leftMs = Math.max(0, this.#openedAt + this.#config.breaker.halfOpenAfterMs - Date.now());
      return new UpstreamError(
        'UPSTREAM_UNAVAILABLE',
        `source "${this.#source}" is failing; calls are paused for ${Math.ceil(leftMs / 1000)} s (circuit open)`,
        {
          source: this.#source,
          retryable: true,
          retryAfterMs: Math.max(1000, leftMs),
        },
      );
    }
    if (err instanceof BulkheadRejectedError) {
      return new UpstreamError(
        'UPSTREAM_RATE_LIMITED',
        `source "${this.#source}" has ${this.#config.bulkhead.maxConcurrent} calls in flight and ${this.#config.bulkhead.maxQueue} waiting; try again shortly`,
        { source: this.#source, retryable: true, retryAfterMs: 1000 },
      );
    }
    if (err instanceof TaskCancelledError) {
      const why = cut
        ? `the request's deadline (server.requestTimeoutMs) passed before source "${this.#source}" had a free slot`
        : `source "${this.#source}" had no free slot within ${this.#timeoutMs} ms (all ${this.#config.bulkhead.maxConcurrent} busy)`;
      return new UpstreamError('UPSTREAM_TIMEOUT', why, { source: this.#source, retryable: true });
    }
    return err;
  }
}

/** A breaker's transitions, for the metrics. */
export type BreakerChange = 'open' | 'half_open' | 'closed';

/** Opens when either breaker would: failures in a row, or too many among the recent calls. */
class EitherBreaker implements IBreaker {
  readonly #a: IBreaker;
  readonly #b: IBreaker;

  constructor(a: IBreaker, b: IBreaker) {
    this.#a = a;
    this.#b = b;
  }

  get state(): unknown {
    return [this.#a.state, this.#b.state];
  }

  set state(value: unknown) {
    const [a, b] = value as [unknown, unknown];
    this.#a.state = a;
    this.#b.state = b;
  }

  success(state: CircuitState): void {
    this.#a.success(state);
    this.#b.success(state);
  }

  failure(state: CircuitState): boolean {
    // Both are told, so each keeps its own count whichever opens the circuit.
    const a = this.#a.failure(state);
    const b = this.#b.failure(state);
    return a || b;
  }
}

/** Network failures and timeouts count against the source; OUTCOME_UNKNOWN (a lost POST answer) too. */
function countsAgainstSource(err: UpstreamError): boolean {
  return err.code === 'UPSTREAM_UNAVAILABLE' || err.code === 'UPSTREAM_TIMEOUT' || err.code === 'OUTCOME_UNKNOWN';
}

function isRetryable(answer: Answer | undefined, error: unknown): boolean {
  if (answer) return RETRYABLE_STATUS.has(answer.status);
  return error instanceof UpstreamError && RETRYABLE_CODES.has(error.code);
}

/** The code an answer's status stands for in `Source.status.lastError`, or undefined for a healthy one. */
function statusCode(status: number): ErrorCode | undefined {
  if (status === 429) return 'UPSTREAM_RATE_LIMITED';
  return status >= 500 ? 'UPSTREAM_UNAVAILABLE' : undefined;
}

function retryAfterOf(answer: Answer): number | undefined {
  const raw = answer.headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Waits `ms`; false (at once) when `signal` aborts first or would abort during the wait. */
function sleep(ms: number, signal: AbortLike | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
