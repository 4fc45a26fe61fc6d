import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { LocalCounter, LocalHistogram } from '../../../../src/server/telemetry/local-metrics.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LABELS = ['source', 'route', 'status_class'] as const;

/** The same observations into prom-client's metrics and ours, each in a registry of its own. */
function both() {
  const theirs = new Registry();
  const ours = new Registry();
  const counter = new Counter({ name: 'calls_total', help: 'Calls.', labelNames: LABELS, registers: [theirs] });
  const histogram = new Histogram({ name: 'call_seconds', help: 'Call time.', labelNames: LABELS, buckets: BUCKETS, registers: [theirs] });
  const localCounter = new LocalCounter({ name: 'calls_total', help: 'Calls.', labelNames: LABELS, registers: [ours] });
  const localHistogram = new LocalHistogram({ name: 'call_seconds', help: 'Call time.', labelNames: LABELS, buckets: BUCKETS, registers: [ours] });
  const record = (values: [string, string, string], seconds: number) => {
    const labels = { source: values[0], route: values[1], status_class: values[2] };
    counter.inc(labels);
    histogram.observe(labels, seconds);
    localCounter.inc(values);
    localHistogram.observe(values, seconds);
  };
  return { theirs, ours, record, localCounter, localHistogram };
}

describe('LocalCounter and LocalHistogram', () => {
  it('scrape to the same text as prom-client for the same observations', async () => {
    const { theirs, ours, record } = both();
    assert.equal(await ours.metrics(), await theirs.metrics(), 'nothing observed yet: HELP and TYPE alone');
    const sample: [[string, string, string], number][] = [
      [['waldur', 'GET /api/users/{uuid}/', '2xx'], 0.004],
      [['waldur', 'GET /api/users/{uuid}/', '2xx'], 0.005],
      [['waldur', 'GET /api/users/{uuid}/', '5xx'], 0.3],
      [['dqops', 'GET /api/users', '2xx'], 12],
      [['dqops', 'GET /api/users', 'UPSTREAM_TIMEOUT'], 10],
      [['rockset', 'GET /v1/orgs/self/users', '2xx'], 0],
      [['waldur', 'GET /api/users/{uuid}/', '2xx'], 0.0101],
    ];
    for (const [values, seconds] of sample) record(values, seconds);
    assert.equal(await ours.metrics(), await theirs.metrics());
  });

  it('keeps label values apart that a naive join would merge, and forgets everything on reset', async () => {
    const { ours, localCounter, localHistogram } = both();
    localCounter.inc(['a', 'b\u0000c', 'd']);
    localCounter.inc(['a', 'b', 'c\u0000d']);
    localCounter.inc(['a', 'b', 'c'], 3);
    const text = await ours.metrics();
    assert.match(text, /calls_total\{source="a",route="b",status_class="c"\} 3/);
    assert.equal((text.match(/^calls_total\{/gm) ?? []).length, 3);
    localHistogram.observe(['a', 'b', 'c'], Number.NaN);
    assert.doesNotMatch(await ours.metrics(), /call_seconds_count/, 'a value that is not a number is not a series');
    localCounter.reset();
    assert.doesNotMatch(await ours.metrics(), /^calls_total\{/m);
  });
});
