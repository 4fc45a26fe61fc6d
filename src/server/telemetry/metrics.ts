import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { SourceStatus } from '../../http/source-health.js';
import type { UpstreamCallEvent } from '../../http/upstream-observer.js';
import type { SnapshotStats } from '../../loaders/shared-snapshots.js';
import type { MirrorStatus } from '../../state/state-store.js';
import { LocalCounter, LocalHistogram } from './local-metrics.js';

/** Operation names are the one label a client chooses: valid GraphQL names only, and at most this many distinct ones. */
const MAX_OPERATION_NAMES = 200;
/** New names one caller may bring in: a caller sending junk names cannot take the whole label space. */
const NAMES_PER_CALLER = 10;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type OperationOutcome = 'success' | 'partial' | 'error' | 'refused';

const BREAKER_VALUE = { UNKNOWN: 0, UP: 0, DEGRADED: 0, DOWN: 1 } as const;

/**
 * The gateway's Prometheus metrics (prom-client), in a registry of its own so several gateways in
 * one process (tests) do not mix. Every label value is bounded: sources and vendors come from the
 * config, routes from route-template.ts, status classes are `2xx`…`5xx` or an error code, and
 * operation names are checked and capped.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  // Counted on every request and upstream call: local metrics, whose updates are a Map lookup (local-metrics.ts).
  readonly #operations: LocalCounter;
  readonly #operationSeconds: LocalHistogram;
  readonly #upstreamCalls: LocalCounter;
  readonly #upstreamSeconds: LocalHistogram;
  readonly #executions: LocalCounter;
  readonly #compiledRuns: Counter;
  readonly inFlight: Gauge;
  readonly #vendors: ReadonlyMap<string, string>;
  readonly #services: ReadonlySet<string>;
  readonly #names = new Set<string>();
  readonly #namesByCaller = new Map<string, number>();
  /** With trusted documents enforced: the manifest's operation names, and no others. */
  #allowedNames: ReadonlySet<string> | undefined;
  readonly #probes: Counter<'source' | 'outcome'>;
  readonly #breakerChanges: Counter<'source' | 'to'>;
  readonly #credentialRejections: Counter<'source'>;
  readonly #retries: Counter<'source'>;
  readonly #authFailures: Counter<'reason'>;
  readonly #refusals: Counter<'limit'>;
  readonly #errors: Counter<'source' | 'code'>;
  readonly #stateFallbacks: Counter<'limiter'>;

  /** `status`: a source's health now, `snapshots` its shared snapshots' figures (both read when Prometheus scrapes). */
  constructor(
    sources: readonly { name: string; vendor: string; credentials: { mode: string } }[],
    status: (source: string) => SourceStatus,
    snapshots: (source: string) => SnapshotStats | null = () => null,
  ) {
    this.#vendors = new Map(sources.map((s) => [s.name, s.vendor]));
    this.#services = new Set(sources.filter((s) => s.credentials.mode === 'service').map((s) => s.name));
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'usergraph_' });
    this.#operations = new LocalCounter({
      name: 'usergraph_graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome.',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.#operationSeconds = new LocalHistogram({
      name: 'usergraph_graphql_operation_duration_seconds',
      help: 'Time from request to answer of GraphQL operations.',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#upstreamCalls = new LocalCounter({
      name: 'usergraph_upstream_calls_total',
      help: 'Tries of upstream calls by source, vendor, method, route template and status class (or error code).',
      labelNames: ['source', 'vendor', 'method', 'route', 'status_class'],
      registers,
    });
    this.#upstreamSeconds = new LocalHistogram({
      name: 'usergraph_upstream_call_duration_seconds',
      help: 'Duration of upstream tries.',
      labelNames: ['source', 'vendor', 'method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.inFlight = new Gauge({ name: 'usergraph_http_requests_in_flight', help: 'HTTP requests being served.', registers });
    new Gauge({
      name: 'usergraph_source_circuit_open',
      help: 'Whether the circuit breaker of a source is open (1) or closed (0).',
      labelNames: ['source', 'vendor'],
      registers,
      collect() {
        for (const s of sources) this.set({ source: s.name, vendor: s.vendor }, BREAKER_VALUE[status(s.name)]);
      },
    });
    this.#probes = new Counter({
      name: 'usergraph_source_probes_total',
      help: 'Background health probes by source and outcome (ok, a status class or an error code); not in usergraph_upstream_calls_total.',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.#breakerChanges = new Counter({
      name: 'usergraph_source_breaker_transitions_total',
      help: 'Circuit breaker transitions by source and the state entered (open, half_open, closed).',
      labelNames: ['source', 'to'],
      registers,
    });
    this.#credentialRejections = new Counter({
      name: 'usergraph_source_credential_rejections_total',
      help: "Answers refusing the gateway's own service credential (401, or 403 to a read), by source.",
      labelNames: ['source'],
      registers,
    });
    this.#retries = new Counter({ name: 'usergraph_upstream_retries_total', help: 'Retries of upstream calls, by source.', labelNames: ['source'], registers });
    this.#authFailures = new Counter({
      name: 'usergraph_auth_failures_total',
      help: 'Refused authentications by reason (missing, invalid, no_role, throttled).',
      labelNames: ['reason'],
      registers,
    });
    this.#refusals = new Counter({
      name: 'usergraph_rate_limited_total',
      help: 'Requests answered 429, by the limit that refused them (requests, cost, auth_failures).',
      labelNames: ['limit'],
      registers,
    });
    this.#errors = new Counter({
      name: 'usergraph_source_errors_total',
      help: "Errors of sources sent to callers (GraphQL errors and mutations' userErrors), by source and code.",
      labelNames: ['source', 'code'],
      registers,
    });
    this.#stateFallbacks = new Counter({
      name: 'usergraph_state_fallbacks_total',
      help: 'Limiter checks answered from this process because the shared state store (Redis) could not be reached, by limiter.',
      labelNames: ['limiter'],
      registers,
    });
    this.#executions = new LocalCounter({
      name: 'usergraph_graphql_executions_total',
      help: 'GraphQL requests by how they ran: direct (a query Apollo had already validated, run without its pipeline) or apollo.',
      labelNames: ['path'],
      registers,
    });
    // Both paths scraped from the start, at 0 until used.
    this.#executions.inc(['direct'], 0);
    this.#executions.inc(['apollo'], 0);
    // No labels: prom-client's update is then a plain addition.
    this.#compiledRuns = new Counter({
      name: 'usergraph_graphql_compiled_runs_total',
      help: 'Direct executions run by the function graphql-jit compiled from their document (the rest of path="direct" ran in graphql-js).',
      registers,
    });
    new Gauge({
      name: 'usergraph_source_snapshot_lookups',
      help: 'Lists answered from a shared snapshot (hit) or asked of the vendor (miss) since start, by source.',
      labelNames: ['source', 'result'],
      registers,
      collect() {
        for (const s of sources) {
          const stats = snapshots(s.name);
          if (!stats) continue;
          this.set({ source: s.name, result: 'hit' }, stats.hits);
          this.set({ source: s.name, result: 'miss' }, stats.misses);
        }
      },
    });
    new Gauge({
      name: 'usergraph_source_snapshot_age_seconds',
      help: "Age of a source's newest shared snapshot; absent while none is held.",
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const s of sources) {
          const age = snapshots(s.name)?.ageMs;
          if (age !== null && age !== undefined) this.set({ source: s.name }, age / 1000);
        }
      },
    });
  }

  /** Only these operation names become labels (trusted documents enforced); every other is `(other)`. */
  allowOperationNames(names: ReadonlySet<string>): void {
    this.#allowedNames = names;
  }

  readonly breakerChanged = (source: string, to: string): void => {
    this.#breakerChanges.inc({ source, to });
  };

  readonly retried = (source: string): void => {
    this.#retries.inc({ source });
  };

  authFailed(reason: 'missing' | 'invalid' | 'no_role' | 'throttled'): void {
    this.#authFailures.inc({ reason });
  }

  rateLimited(limit: 'requests' | 'cost' | 'auth_failures'): void {
    this.#refusals.inc({ limit });
  }

  /** A GraphQL request handed to execution, by the path that ran it. */
  executed(path: 'direct' | 'apollo'): void {
    this.#executions.inc([path]);
  }

  /** A direct execution that graphql-jit's compiled function ran. */
  compiledRun(): void {
    this.#compiledRuns.inc();
  }

  /** Reports the failed-authentication blocks as this replica mirrors them, read when Prometheus scrapes. */
  watchBlockMirror(status: () => MirrorStatus | undefined): void {
    const registers = [this.registry];
    new Gauge({
      name: 'usergraph_auth_block_mirror_trusted',
      help: 'Whether this replica answers "is this address blocked for failed authentications?" from memory (1) or asks the state store on every request (0: syncing, Redis down, or more blocks than it holds).',
      registers,
      collect() {
        this.set(status()?.trusted ? 1 : 0);
      },
    });
    new Gauge({
      name: 'usergraph_auth_blocked_addresses',
      help: 'Client addresses this replica knows to be blocked now for failed authentications.',
      registers,
      collect() {
        this.set(status()?.blocks ?? 0);
      },
    });
  }

  stateFallback(limiter: string): void {
    // The limiter's name carries its size (`requests:6000`): the kind alone keeps the label set small.
    this.#stateFallbacks.inc({ limiter: limiter.split(':')[0] ?? limiter });
  }

  sourceError(source: string, code: string): void {
    if (this.#vendors.has(source)) this.#errors.inc({ source, code });
  }

  readonly observeUpstream = (event: UpstreamCallEvent): void => {
    const vendor = this.#vendors.get(event.source) ?? 'unknown';
    const statusClass = event.status === null ? (event.errorCode ?? 'error') : `${Math.floor(event.status / 100)}xx`;
    if (this.#services.has(event.source) && (event.status === 401 || (event.status === 403 && event.method === 'GET'))) {
      this.#credentialRejections.inc({ source: event.source });
    }
    if (event.probe) {
      this.#probes.inc({ source: event.source, outcome: event.status !== null && event.status < 400 ? 'ok' : statusClass });
      return;
    }
    this.#upstreamCalls.inc([event.source, vendor, event.method, event.route, statusClass]);
    this.#upstreamSeconds.observe([event.source, vendor, event.method, event.route], event.durationMs / 1000);
  };

  /** `caller`: who sent it, so that one caller can bring in only a few new names. */
  observeOperation(name: string | null, type: string, outcome: OperationOutcome, seconds: number, caller = 'anonymous'): void {
    const values = [this.#operationLabel(name, caller), type, outcome];
    this.#operations.inc(values);
    this.#operationSeconds.observe(values, seconds);
  }

  #operationLabel(name: string | null, caller: string): string {
    if (name === null || name === '') return '(anonymous)';
    if (!OPERATION_NAME.test(name)) return '(invalid)';
    if (this.#allowedNames) return this.#allowedNames.has(name) ? name : '(other)';
    if (this.#names.has(name)) return name;
    const brought = this.#namesByCaller.get(caller) ?? 0;
    if (this.#names.size >= MAX_OPERATION_NAMES || brought >= NAMES_PER_CALLER) return '(other)';
    this.#names.add(name);
    this.#namesByCaller.set(caller, brought + 1);
    return name;
  }
}
