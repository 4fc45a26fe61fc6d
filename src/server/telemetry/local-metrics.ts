import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;

/** What a prom-client registry reads of a metric when it is scraped (Registry.getMetricsAsString). */
interface Scraped {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { value: number; labels: Labels; sharedLabels?: Labels; metricName?: string }[];
}

/** Shared by both kinds: a series per distinct label values, handed to the registry when it scrapes. */
abstract class LocalMetric<S extends { labels: Labels }> {
  name: string;
  readonly help: string;
  readonly aggregator = 'sum' as const;
  /** Every series, in the order first seen (what a scrape lists). */
  protected readonly series: S[] = [];
  /** The series by their label values, one Map level per label: no key string built per call, and no two lists of values meet on one key. */
  #byValues = new Map<string, unknown>();
  readonly #labelNames: readonly string[];

  constructor(options: { name: string; help: string; labelNames: readonly string[]; registers: readonly Registry[] }) {
    this.name = options.name;
    this.help = options.help;
    this.#labelNames = options.labelNames;
    if (options.labelNames.length === 0) throw new Error(`${options.name}: a local metric needs at least one label`);
    // The registry calls get() and reset() and reads name, help, type and aggregator: the shape of
    // prom-client's own metrics, which its type does not let a class of ours claim.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  protected seriesOf(values: readonly string[], create: (labels: Labels) => S): S {
    let level = this.#byValues;
    const last = this.#labelNames.length - 1;
    for (let i = 0; i < last; i++) {
      const value = values[i] ?? '';
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const leaf = values[last] ?? '';
    let found = level.get(leaf) as S | undefined;
    if (!found) {
      const labels: Labels = {};
      this.#labelNames.forEach((name, i) => {
        labels[name] = values[i] ?? '';
      });
      found = create(labels);
      level.set(leaf, found);
      this.series.push(found);
    }
    return found;
  }

  reset(): void {
    this.series.length = 0;
    this.#byValues = new Map();
  }
}

/**
 * A Prometheus counter whose increment is a Map lookup. prom-client's validates and hashes the
 * label object on every inc (with its histograms, about 3% of a Waldur `user(id)` at one connection);
 * this one is read by the same registry, in the same text.
 */
export class LocalCounter extends LocalMetric<{ labels: Labels; value: number }> {
  readonly type = 'counter' as const;

  /** `values`: the label values in the order of `labelNames`. */
  inc(values: readonly string[], by = 1): void {
    this.seriesOf(values, (labels) => ({ labels, value: 0 })).value += by;
  }

  async get(): Promise<Scraped> {
    const values = this.series.map((s) => ({ value: s.value, labels: s.labels }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

/** A Prometheus histogram whose observation is a Map lookup and a bucket scan; see LocalCounter. */
export class LocalHistogram extends LocalMetric<{ labels: Labels; counts: number[]; sum: number; count: number }> {
  readonly type = 'histogram' as const;
  readonly #buckets: readonly number[];

  constructor(options: { name: string; help: string; labelNames: readonly string[]; buckets: readonly number[]; registers: readonly Registry[] }) {
    super(options);
    this.#buckets = options.buckets;
  }

  observe(values: readonly string[], value: number): void {
    if (!Number.isFinite(value)) return;
    const series = this.seriesOf(values, (labels) => ({ labels, counts: this.#buckets.map(() => 0), sum: 0, count: 0 }));
    const at = this.#buckets.findIndex((upper) => value <= upper);
    if (at >= 0) series.counts[at] = (series.counts[at] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  /** prom-client's export: cumulative `_bucket` lines with `le` first, `+Inf`, then `_sum` and `_count`. */
  async get(): Promise<Scraped> {
    const values: Scraped['values'] = [];
    for (const s of this.series) {
      let cumulative = 0;
      this.#buckets.forEach((upper, i) => {
        cumulative += s.counts[i] ?? 0;
        values.push({ value: cumulative, labels: { le: String(upper) }, sharedLabels: s.labels, metricName: `${this.name}_bucket` });
      });
      values.push({ value: s.count, labels: { le: '+Inf' }, sharedLabels: s.labels, metricName: `${this.name}_bucket` });
      values.push({ value: s.sum, labels: {}, sharedLabels: s.labels, metricName: `${this.name}_sum` });
      values.push({ value: s.count, labels: {}, sharedLabels: s.labels, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
