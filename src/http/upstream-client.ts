import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Pool, errors as undiciErrors } from 'undici';
import { DEFAULT_RESILIENCE, type ResilienceConfig } from '../config/config-schema.js';
import { UpstreamError } from '../errors.js';
import { type CollectedAnswer, collectAnswer } from './collect-answer.js';
import { type AbortLike, CutSignal, cutAfter } from './cut-signal.js';
import { routeTemplate } from './route-template.js';
import { type BreakerChange, SourcePolicy } from './source-policy.js';
import { tracingActive } from './tracing-active.js';
import { untilAborted } from './until-aborted.js';
import type { UpstreamObserver } from './upstream-observer.js';
import type { UpstreamStats } from './upstream-stats.js';

const tracer = trace.getTracer('usergraph');

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const RETRYABLE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'PATCH']);
const BARE_CLIENT: ResilienceConfig = { ...DEFAULT_RESILIENCE, retries: 0, breaker: { ...DEFAULT_RESILIENCE.breaker, enabled: false } };
export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path below the source URL, already percent-encoded where needed: `/api/users/a%40b.c`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** Authorization and content-type included; the client adds nothing but `accept`. */
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /**
   * True when sending the request twice does no harm (GET; PUT/DELETE where the vendor's semantics
   * are idempotent). Identical idempotent GETs in flight are shared, and a lost answer to a
   * non-idempotent request is OUTCOME_UNKNOWN rather than "unavailable".
   */
  idempotent: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Per call: who is asking (for stats) and when to give up. */
export interface CallOptions {
  stats?: UpstreamStats;
  signal?: AbortLike | undefined;
  /** False: a GET of its own even if an identical one is in flight (reads inside a write). Default true. */
  shareInFlight?: boolean;
  /** A health probe, not caller traffic: metrics count it apart. */
  probe?: boolean;
}

export interface UpstreamClientOptions {
  /** Source name, for errors and stats. */
  source: string;
  /** Base URL; a path prefix (`https://host/waldur`) is kept. */
  url: string;
  timeoutMs: number;
  /**
   * Retries, breaker and bulkhead; the bulkhead's size is also the connection pool's. Absent: one
   * try per call and no breaker (a bare client, as the adapters' own tests use); the gateway
   * always passes the source's configured policies.
   */
  resilience?: ResilienceConfig;
  /** Larger upstream bodies are refused as UPSTREAM_BAD_RESPONSE. */
  maxResponseBytes?: number;
  /** Told of every try (metrics). */
  observe?: UpstreamObserver;
  /** Every call carries the gateway's own credential (`credentials.mode: service`): a 401 says it is rejected. */
  serviceCredential?: boolean;
  /** Told when the breaker opens, half-opens or closes (metrics). */
  onBreakerChange?: (change: BreakerChange) => void;
  /** Told of each retry (metrics). */
  onRetry?: (source: string) => void;
}

/**
 * One source's HTTP client: an undici Pool with keep-alive and bounded connections, a deadline on
 * every call, no redirects followed, and identical in-flight GETs shared. It returns any HTTP status
 * as a response and throws UpstreamError only when no usable answer came.
 */
export class UpstreamClient {
  readonly source: string;
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #inFlight = new Map<string, SharedCall>();
  /** Retries, circuit breaker and bulkhead of this source; its health for Source.status. */
  readonly policy: SourcePolicy;
  readonly #observe: UpstreamObserver | undefined;
  readonly #origin: URL;

  constructor(options: UpstreamClientOptions) {
    const url = new URL(options.url);
    this.#origin = url;
    this.source = options.source;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#maxResponseBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
    this.#observe = options.observe;
    const resilience = options.resilience ?? BARE_CLIENT;
    this.policy = new SourcePolicy(options.source, resilience, {
      timeoutMs: options.timeoutMs,
      serviceCredential: options.serviceCredential === true,
      ...(options.onBreakerChange ? { onBreakerChange: options.onBreakerChange } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
    this.#pool = new Pool(url.origin, {
      connections: resilience.bulkhead.maxConcurrent,
      keepAliveTimeout: 4_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: Math.min(options.timeoutMs, 10_000) },
    });
  }

  /**
   * Sends one request. Identical idempotent GETs with the same credentials that are already in
   * flight share one upstream call (and count once in the stats).
   */
  send(request: UpstreamRequest, options: CallOptions = {}): Promise<UpstreamResponse> {
    // Past the request's deadline nothing is sent, shared or not.
    if (options.signal?.aborted) return Promise.reject(this.#deadlineError());
    const path = this.#basePath + request.path + queryString(request.query);
    if (request.method !== 'GET' || !request.idempotent || options.shareInFlight === false) return this.#dispatch(request, path, options);
    const key = sharingKey(path, request.headers);
    let shared = this.#inFlight.get(key);
    if (shared === undefined) {
      // The shared call belongs to no one request: it is cut only when every caller waiting for
      // it has given up (each at its own deadline), so nothing keeps running after the last answer.
      const cut = new CutSignal();
      const call = this.#dispatch(request, path, { ...options, signal: cut }).finally(() => this.#inFlight.delete(key));
      shared = { call, waiting: 0, cut };
      this.#inFlight.set(key, shared);
    }
    return this.#wait(shared, options.signal);
  }

  #wait(shared: SharedCall, signal: AbortLike | undefined): Promise<UpstreamResponse> {
    if (!signal) {
      // A caller without a deadline of its own keeps the call alive for good.
      shared.waiting = Number.POSITIVE_INFINITY;
      return shared.call;
    }
    shared.waiting++;
    return untilAborted(shared.call, signal, () => {
      if (--shared.waiting === 0) shared.cut.abort();
      return this.#deadlineError();
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #dispatch(request: UpstreamRequest, path: string, options: CallOptions): Promise<UpstreamResponse> {
    // Sent again only when that cannot do twice what was asked once: never a POST, and not a
    // DELETE (a retried DELETE whose first try landed would answer 404 for a success).
    const retryable = request.idempotent && RETRYABLE_METHODS.has(request.method);
    const answer = await this.policy.run(
      (signal, remainingMs) =>
        this.#try(
          request,
          path,
          { stats: options.stats, signal: signal ?? options.signal, shareInFlight: options.shareInFlight, probe: options.probe },
          remainingMs,
        ),
      retryable,
      options.signal,
      request.method,
    );
    // 502 and 504 come from something between us and the vendor (nginx before Django): the vendor
    // may have applied the write before the proxy gave up on its answer.
    if ((request.method === 'POST' || request.method === 'DELETE') && (answer.status === 502 || answer.status === 504)) {
      throw new UpstreamError(
        'OUTCOME_UNKNOWN',
        `source "${this.source}" answered a ${request.method} with HTTP ${answer.status} from a proxy: it may have been applied; check its state before trying again`,
        { source: this.source, httpStatus: answer.status, retryable: false },
      );
    }
    return answer;
  }

  /**
   * One try: one HTTP exchange with its own `timeoutMs` deadline, as an OpenTelemetry client span
   * whose context goes to the vendor as `traceparent`. Without a tracer provider no span is made
   * at all (the API's no-op span still cost a context switch and a closure per call).
   */
  #try(request: UpstreamRequest, path: string, options: CallOptions, remainingMs: number): Promise<UpstreamResponse> {
    // Past the request's deadline nothing new is sent (so a write that was never sent is not OUTCOME_UNKNOWN).
    if (options.signal?.aborted) return Promise.reject(this.#deadlineError());
    options.stats?.record(this.source);
    const route = routeTemplate(this.#basePath + request.path);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (!tracingActive()) return this.#observed(request, path, headers, options, remainingMs, route, undefined);
    return tracer.startActiveSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'url.template': route,
          'server.address': this.#origin.hostname,
          'server.port': Number(this.#origin.port || (this.#origin.protocol === 'https:' ? 443 : 80)),
          'usergraph.source': this.source,
        },
      },
      (span) => {
        propagation.inject(context.active(), headers);
        return this.#observed(request, path, headers, options, remainingMs, route, span);
      },
    );
  }

  /**
   * The exchange (with `remainingMs` of the try's `timeoutMs` left after waiting for a slot), told
   * to the observer (metrics) and to the try's span when there is one. One async function, not one
   * for the exchange and one for telling of it: each await costs its own promise.
   */
  async #observed(
    request: UpstreamRequest,
    path: string,
    headers: Record<string, string>,
    options: CallOptions,
    remainingMs: number,
    route: string,
    span: Span | undefined,
  ): Promise<UpstreamResponse> {
    const started = performance.now();
    // A timer cleared when the exchange ends, and a listener on the request's signal removed then:
    // AbortSignal.timeout/any left a timer per call that fired (and built a DOMException) long
    // after the answer, and kept the signals reachable until it did.
    const outer = options.signal;
    const { signal: deadline, release } = cutAfter(remainingMs, outer);
    try {
      let answer: CollectedAnswer | 'too-large';
      try {
        answer = await collectAnswer(this.#pool, { method: request.method, path, headers, body: request.body ?? null }, this.#maxResponseBytes, deadline);
      } catch (err) {
        throw this.#networkError(err, request, deadline.aborted && outer?.aborted !== true, outer?.aborted === true);
      }
      if (answer === 'too-large') {
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${this.source}" sent an answer larger than ${this.#maxResponseBytes} bytes`, {
          source: this.source,
          retryable: false,
        });
      }
      if (span) {
        span.setAttribute('http.response.status_code', answer.status);
        if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      this.#observe?.({
        source: this.source,
        method: request.method,
        route,
        status: answer.status,
        durationMs: performance.now() - started,
        ...(options.probe ? { probe: true } : {}),
      });
      return answer;
    } catch (err) {
      const code = err instanceof UpstreamError ? err.code : 'UPSTREAM_UNAVAILABLE';
      span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
      span?.setAttribute('error.type', code);
      this.#observe?.({
        source: this.source,
        method: request.method,
        route,
        status: null,
        durationMs: performance.now() - started,
        errorCode: code,
        ...(options.probe ? { probe: true } : {}),
      });
      throw err;
    } finally {
      release();
      span?.end();
    }
  }

  #deadlineError(): UpstreamError {
    return new UpstreamError('UPSTREAM_TIMEOUT', `the request's deadline (server.requestTimeoutMs) passed before source "${this.source}" answered`, {
      source: this.source,
      retryable: true,
    });
  }

  /** `cut`: the request's own deadline ended the call (not the source's `timeoutMs`). */
  #networkError(err: unknown, request: UpstreamRequest, timedOut: boolean, cut: boolean): UpstreamError {
    const code = (err as { code?: string }).code ?? '';
    const details = { source: this.source, cause: err };
    // Refused before anything was sent: nothing happened upstream, even for a POST.
    if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
      return new UpstreamError('UPSTREAM_UNAVAILABLE', `source "${this.source}" cannot be reached`, { ...details, retryable: true });
    }
    const isTimeout =
      timedOut ||
      err instanceof undiciErrors.HeadersTimeoutError ||
      err instanceof undiciErrors.BodyTimeoutError ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT';
    if (!request.idempotent) {
      // The request may have been applied: saying "failed" could make a caller create twice.
      return new UpstreamError(
        'OUTCOME_UNKNOWN',
        `source "${this.source}" did not answer a ${request.method} that may have been applied; check its state before trying again`,
        { ...details, retryable: false },
      );
    }
    if (cut) return this.#deadlineError();
    if (isTimeout) {
      return new UpstreamError('UPSTREAM_TIMEOUT', `source "${this.source}" did not answer within ${this.#timeoutMs} ms`, { ...details, retryable: true });
    }
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `source "${this.source}" closed the connection without an answer`, { ...details, retryable: true });
  }
}

interface SharedCall {
  readonly call: Promise<UpstreamResponse>;
  /** Callers still waiting; the call is aborted when the last one gives up. */
  waiting: number;
  readonly cut: CutSignal;
}

/**
 * What tells identical GETs apart: the path and every header, in order. No header value holds a
 * newline (node:http and undici refuse one), so no two header sets give one key.
 */
function sharingKey(path: string, headers: UpstreamRequest['headers']): string {
  let key = path;
  if (headers) for (const name in headers) key += `\n${name}:${headers[name]}`;
  return key;
}

function queryString(query: UpstreamRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** What every vendor's `create…SourceAdapter` takes: one configured source's connection settings. */
export interface SourceTransportConfig {
  name: string;
  url: string;
  timeoutMs: number;
  resilience?: ResilienceConfig;
  observe?: UpstreamObserver;
  /** `service`: every call carries the gateway's own credential (its rejection is the source's health). */
  credentials?: { mode: 'service' | 'forward' };
  onBreakerChange?: (change: BreakerChange) => void;
  onRetry?: (source: string) => void;
}

/** The UpstreamClient of one configured source (its pool, policies and observer). */
export function upstreamClientFor(config: SourceTransportConfig): UpstreamClient {
  return new UpstreamClient({
    source: config.name,
    url: config.url,
    timeoutMs: config.timeoutMs,
    ...(config.resilience ? { resilience: config.resilience } : {}),
    ...(config.observe ? { observe: config.observe } : {}),
    ...(config.onBreakerChange ? { onBreakerChange: config.onBreakerChange } : {}),
    ...(config.onRetry ? { onRetry: config.onRetry } : {}),
    serviceCredential: config.credentials?.mode === 'service',
  });
}
