import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startTracing } from '../../../src/server/telemetry/tracing.js';
import { gql, TEST_KEYS } from '../../helpers/gateway.js';
import { captureLogs } from '../../helpers/logs.js';
import { OtlpReceiver } from '../../helpers/otlp-receiver.js';
import { hook } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

const receiver = new OtlpReceiver();
let stopTracing: (() => Promise<void>) | undefined;
const logs = captureLogs();
let stack: Stack;

before(async () => {
  await receiver.start();
  stopTracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  stack = await startStack({ logger: logs.logger });
});
after(async () => {
  await stack.stop();
  await stopTracing?.();
  await receiver.stop();
});

async function metricsText(): Promise<string> {
  const res = await request(stack.gateway.url.replace('/graphql', '/metrics'));
  assert.equal(res.statusCode, 200);
  return res.body.text();
}

describe('metrics', () => {
  it('count the operation and its upstream calls with bounded labels; an email never becomes a label', async () => {
    await gql(stack.gateway, 'query GraceEverywhere { person(email: "grace@example.com") { accounts { email } } }');
    await gql(stack.gateway, `query OneUser { userByEmail(source: "${SOURCE.dqops}", email: "alan@example.com") { email } }`);
    const text = await metricsText();
    assert.match(text, /usergraph_graphql_operations_total\{operation="GraceEverywhere",type="query",outcome="success"\} 1/);
    assert.match(text, /usergraph_graphql_operation_duration_seconds_count\{operation="GraceEverywhere",type="query",outcome="success"\} 1/);
    assert.match(text, /usergraph_upstream_calls_total\{source="dqops-ref",vendor="dqops",method="GET",route="\/api\/users",status_class="2xx"\} \d+/);
    assert.match(text, /usergraph_upstream_calls_total\{source="waldur-ref",vendor="waldur",method="GET",route="\/api\/users\/",status_class="2xx"\} \d+/);
    assert.match(text, /usergraph_source_circuit_open\{source="rockset-ref",vendor="rockset"\} 0/);
    assert.match(text, /usergraph_http_requests_in_flight 0/);
    assert.match(text, /usergraph_process_cpu_user_seconds_total/);
    for (const leak of ['grace', 'alan', '%40', '@example']) assert.ok(!text.includes(leak), `metrics hold ${leak}`);
  });

  it('name failures and refusals by outcome, and cap odd operation names', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 500, times: 1 });
    await gql(stack.gateway, 'query Partial { users(first: 3) { nodes { id } } }');
    await gql(stack.gateway, 'query Refused { users(first: 200) { nodes { person { accounts { person { accounts { id } } } } } } }');
    const text = await metricsText();
    assert.match(text, /operation="Partial",type="query",outcome="partial"/);
    assert.match(text, /operation="Refused",type="query",outcome="refused"/);
    assert.match(
      text,
      /usergraph_upstream_calls_total\{source="rockset-ref",vendor="rockset",method="GET",route="\/v1\/orgs\/self\/users",status_class="5xx"\} 1/,
    );
  });
});

describe('request logs', () => {
  it('one line per request with id, operation, status, caller, upstream calls and error codes; never the query or variables', async () => {
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}`, 'x-request-id': 'req-42.a' },
      body: JSON.stringify({ query: 'query Who($e: EmailAddress!) { person(email: $e) { email } }', variables: { e: 'katherine@example.com' } }),
    });
    assert.equal(res.headers['x-request-id'], 'req-42.a');
    await res.body.dump();
    const forged = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with {"json":1} in it' },
      body: JSON.stringify({ query: '{ sources { name } }' }),
    });
    assert.match(String(forged.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'an invalid id is replaced');
    await forged.body.dump();

    const lines = logs.lines().map((l) => JSON.parse(l) as { request?: Record<string, unknown> });
    const line = lines.find((l) => l.request?.['id'] === 'req-42.a')?.request;
    assert.deepEqual(
      { ...line, durationMs: typeof line?.['durationMs'] },
      {
        id: 'req-42.a',
        operation: 'Who',
        type: 'query',
        status: 200,
        outcome: 'success',
        durationMs: 'number',
        caller: 'apikey:test-viewer',
        upstreamCalls: 3,
        errorCodes: [],
      },
    );
    const refused = lines.find((l) => l.request?.['id'] === forged.headers['x-request-id'])?.request;
    assert.deepEqual([refused?.['status'], refused?.['errorCodes'], refused?.['caller']], [401, ['UNAUTHENTICATED'], null]);
    assert.ok(!logs.text().includes('katherine'), 'no variables in any log line');
    assert.ok(!logs.text().includes('person(email'), 'no query text in any log line');
  });
});

describe('traces', () => {
  it("continue the caller's traceparent: a request span and one child span per upstream call, and the vendors got the trace id", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await stack.resetCounts();
    await hook(stack.sims.dqops, 'DELETE', 'requests');
    const res = await gql(stack.gateway, 'query Traced { users(first: 5) { nodes { email } } }', undefined, {
      authorization: `Bearer ${TEST_KEYS.admin}`,
      traceparent: `00-${traceId}-${parentId}-01`,
    });
    assert.equal(res.status, 200);
    // A 20,000-character operation name: the span's name keeps 100 of them.
    const longTrace = '5bf92f3577b34da6a3ce929d0e0e4736';
    const long = await gql(stack.gateway, `query Q${'x'.repeat(20_000)} { __typename }`, undefined, {
      authorization: `Bearer ${TEST_KEYS.admin}`,
      traceparent: `00-${longTrace}-${parentId}-01`,
    });
    assert.equal(long.status, 200);
    await stopTracing?.();
    stopTracing = undefined;
    const longSpan = receiver.spans.find((s) => s.traceId === longTrace && s.parentSpanId === parentId);
    assert.ok(longSpan, 'the long-named request has its span');
    assert.equal(longSpan.name, `query Q${'x'.repeat(99)}`);
    assert.ok(String(longSpan.attributes['graphql.operation.name']).length <= 100);

    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const server = spans.find((s) => s.parentSpanId === parentId);
    assert.ok(server, `a request span under the caller's span; got ${JSON.stringify(spans.map((s) => s.name))}`);
    assert.equal(server.name, 'query Traced');
    assert.equal(server.attributes['graphql.operation.name'], 'Traced');
    const children = spans.filter((s) => s.parentSpanId === server.spanId);
    assert.deepEqual(children.map((s) => s.attributes['usergraph.source']).sort(), [SOURCE.dqops, SOURCE.rockset, SOURCE.waldur]);
    assert.ok(children.every((s) => typeof s.attributes['url.template'] === 'string' && s.name.startsWith('GET ')));
    const spanText = JSON.stringify(spans);
    for (const leak of [TEST_KEYS.admin, 'dqops-key-ada-admin', 'example.com']) assert.ok(!spanText.includes(leak), `a span holds ${leak}`);

    const { entries } = await hook<{ entries: { traceparent?: string }[] }>(stack.sims.dqops, 'GET', 'requests');
    assert.ok(entries.length > 0);
    assert.ok(
      entries.every((e) => e.traceparent?.startsWith(`00-${traceId}-`)),
      JSON.stringify(entries),
    );
  });
});
