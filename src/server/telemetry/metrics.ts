import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SourceStatus } from '../../http/source-health.js';
import type { UpstreamCallEvent } from '../../http/upstream-observer.js';

/** Operation names are the one label a client chooses: valid GraphQL names only, and at most this many distinct ones. */
const MAX_OPERATION_NAMES = 200;
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
  readonly #operations: Counter<'operation' | 'type' | 'outcome'>;
  readonly #operationSeconds: Histogram<'operation' | 'type' | 'outcome'>;
  readonly #upstreamCalls: Counter<'source' | 'vendor' | 'method' | 'route' | 'status_class'>;
  readonly #upstreamSeconds: Histogram<'source' | 'vendor' | 'method' | 'route'>;
  readonly inFlight: Gauge;
  readonly #vendors: ReadonlyMap<string, string>;
  readonly #names = new Set<string>();

  /** `status`: a source's health now (read when Prometheus scrapes). */
  constructor(sources: readonly { name: string; vendor: string }[], status: (source: string) => SourceStatus) {
    this.#vendors = new Map(sources.map((s) => [s.name, s.vendor]));
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'usergraph_' });
    this.#operations = new Counter({
      name: 'usergraph_graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome.',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.#operationSeconds = new Histogram({
      name: 'usergraph_graphql_operation_duration_seconds',
      help: 'Time from request to answer of GraphQL operations.',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#upstreamCalls = new Counter({
      name: 'usergraph_upstream_calls_total',
      help: 'Tries of upstream calls by source, vendor, method, route template and status class (or error code).',
      labelNames: ['source', 'vendor', 'method', 'route', 'status_class'],
      registers,
    });
    this.#upstreamSeconds = new Histogram({
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
  }

  readonly observeUpstream = (event: UpstreamCallEvent): void => {
    const vendor = this.#vendors.get(event.source) ?? 'unknown';
    const statusClass = event.status === null ? (event.errorCode ?? 'error') : `${Math.floor(event.status / 100)}xx`;
    this.#upstreamCalls.inc({ source: event.source, vendor, method: event.method, route: event.route, status_class: statusClass });
    this.#upstreamSeconds.observe({ source: event.source, vendor, method: event.method, route: event.route }, event.durationMs / 1000);
  };

  observeOperation(name: string | null, type: string, outcome: OperationOutcome, seconds: number): void {
    const labels = { operation: this.#operationLabel(name), type, outcome };
    this.#operations.inc(labels);
    this.#operationSeconds.observe(labels, seconds);
  }

  #operationLabel(name: string | null): string {
    if (name === null || name === '') return '(anonymous)';
    if (!OPERATION_NAME.test(name)) return '(invalid)';
    if (this.#names.has(name)) return name;
    if (this.#names.size >= MAX_OPERATION_NAMES) return '(other)';
    this.#names.add(name);
    return name;
  }
}
