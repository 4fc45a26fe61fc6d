/** One request a simulator received, as the `/__sim/requests` hook shows it. No bodies, no credentials. */
export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  /** The route template that answered, e.g. `GET /api/users/{uuid}/`, or `UNMATCHED`. */
  route: string;
  /** The status sent; null when the connection was reset or left hanging. */
  status: number | null;
  fault?: string;
  actor?: string;
  /** The W3C trace context the caller sent, if any (not a secret: it is how tracing tests see propagation). */
  traceparent?: string;
  durationMs: number;
}

export interface RequestCounters {
  total: number;
  /** Keyed by `METHOD route-template`. */
  byRoute: Record<string, number>;
  /** Keyed by `METHOD path` as sent (without the query). */
  byPath: Record<string, number>;
}

/** The simulator's request log; bounded so that a long benchmark cannot exhaust memory. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #counters: RequestCounters = emptyCounters();
  #seq = 0;
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** Counts the request when it arrives, so hanging and reset requests are counted too. */
  start(method: string, path: string, query: string, route: string, traceparent?: string): RequestLogEntry {
    const entry: RequestLogEntry = {
      seq: ++this.#seq,
      at: new Date().toISOString(),
      method,
      path,
      query,
      route,
      status: null,
      durationMs: 0,
      ...(traceparent ? { traceparent: traceparent.slice(0, 64) } : {}),
    };
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    const c = this.#counters;
    c.total++;
    const routeKey = route.includes(' ') ? route : `${method} ${route}`;
    c.byRoute[routeKey] = (c.byRoute[routeKey] ?? 0) + 1;
    c.byPath[`${method} ${path}`] = (c.byPath[`${method} ${path}`] ?? 0) + 1;
    return entry;
  }

  entries(): RequestLogEntry[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  counters(): RequestCounters {
    const c = this.#counters;
    return { total: c.total, byRoute: { ...c.byRoute }, byPath: { ...c.byPath } };
  }

  clear(): void {
    this.#entries = [];
    this.#counters = emptyCounters();
  }
}

function emptyCounters(): RequestCounters {
  return { total: 0, byRoute: {}, byPath: {} };
}
