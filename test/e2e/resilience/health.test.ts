import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { RunningGateway } from '../../../src/server/create-gateway.js';
import { gql, startTestGateway, TEST_KEYS } from '../../helpers/gateway.js';
import { captureLogs } from '../../helpers/logs.js';
import { hook } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

const PROBE_MS = 400;
/** What a probe may take beyond its interval: its own tries and backoff, and a shared machine's delays. */
const PROBE_SLACK_MS = 1_000;

/** Polls `check` every 25 ms until it holds or `withinMs` passes; the time it took, or a failure naming what. */
async function within(withinMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (await check()) return performance.now() - started;
    await sleep(25);
  }
  assert.fail(`${what} did not happen within ${withinMs} ms`);
}

const readyz = async (gateway: RunningGateway) => {
  const res = await request(gateway.url.replace('/graphql', '/readyz'));
  return { status: res.statusCode, body: (await res.body.json()) as { sources: { name: string; status: string; reason: string }[] } };
};
const metricsText = async (gateway: RunningGateway) => (await request(gateway.url.replace('/graphql', '/metrics'))).body.text();
/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf('}'));
    if (want.every((w) => inside.split(',').includes(w))) return Number(line.slice(line.indexOf('}') + 1).trim());
  }
  return 0;
}

/**
 * Health that tells the truth with no traffic (issue 24): a rejected service credential is DOWN,
 * required sources are probed in the background, and probes are not caller traffic.
 */
describe('honest health', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      server: { health: { probeIntervalMs: PROBE_MS } },
      sources: { dqops: { required: true }, waldur: { required: true } },
    });
  });
  after(() => stack.stop());

  it('a rejected service credential on a required source: DOWN (CREDENTIAL_REJECTED), /readyz 503 and counted, with no traffic; accepted again: UP', async () => {
    await within(2_000, 'ready at start', async () => (await readyz(stack.gateway)).status === 200);
    const before = sample(await metricsText(stack.gateway), 'usergraph_source_credential_rejections_total', { source: SOURCE.dqops });
    // DQOps answers 401 to every read, as it does to an expired key.
    await hook(stack.sims.dqops, 'POST', 'faults', { kind: 'status', status: 401, method: 'GET' });
    const took = await within(PROBE_MS * 6, '/readyz 503', async () => (await readyz(stack.gateway)).status === 503);
    assert.ok(took <= PROBE_MS + PROBE_SLACK_MS, `within one probe interval (took ${Math.round(took)} ms)`);
    const down = await readyz(stack.gateway);
    assert.deepEqual(
      down.body.sources.find((s) => s.name === SOURCE.dqops),
      { ...down.body.sources.find((s) => s.name === SOURCE.dqops), status: 'DOWN', reason: 'CREDENTIAL_REJECTED' },
    );
    const { body } = await gql(stack.gateway, `{ source(name: "${SOURCE.dqops}") { status statusReason lastError { code } } }`);
    assert.deepEqual(body.data?.['source'], { status: 'DOWN', statusReason: 'CREDENTIAL_REJECTED', lastError: { code: 'UPSTREAM_UNAUTHORIZED' } });
    assert.ok(sample(await metricsText(stack.gateway), 'usergraph_source_credential_rejections_total', { source: SOURCE.dqops }) > before);
    await hook(stack.sims.dqops, 'DELETE', 'faults');
    await within(PROBE_MS * 6, '/readyz 200 again', async () => (await readyz(stack.gateway)).status === 200);
    const again = await gql(stack.gateway, `{ source(name: "${SOURCE.dqops}") { status statusReason } }`);
    assert.deepEqual(again.body.data?.['source'], { status: 'UP', statusReason: 'HEALTHY' });
  });

  it('probes are counted apart from caller traffic', async () => {
    const text = await metricsText(stack.gateway);
    assert.ok(sample(text, 'usergraph_source_probes_total', { source: SOURCE.waldur, outcome: 'ok' }) >= 2, 'Waldur was probed');
    // Rockset is not required: not probed. Probes are not in the caller-traffic counter.
    assert.equal(sample(text, 'usergraph_source_probes_total', { source: SOURCE.rockset, outcome: 'ok' }), 0);
    assert.equal(sample(text, 'usergraph_upstream_calls_total', { source: SOURCE.waldur, route: '/api/users/' }), 0);
    // The same label moves for a caller's call: the 0 above is the probes' absence, not a wrong label.
    await gql(stack.gateway, `{ users(sources: ["${SOURCE.waldur}"], first: 1) { nodes { id } } }`);
    assert.ok(sample(await metricsText(stack.gateway), 'usergraph_upstream_calls_total', { source: SOURCE.waldur, route: '/api/users/' }) >= 1);
  });

  it('a required source stopped with no traffic: /readyz 503 within one probe interval', async () => {
    await within(2_000, 'ready', async () => (await readyz(stack.gateway)).status === 200);
    await stack.sims.waldur.close();
    const took = await within(PROBE_MS * 6, '/readyz 503', async () => (await readyz(stack.gateway)).status === 503);
    assert.ok(took <= PROBE_MS + PROBE_SLACK_MS, `within one probe interval (took ${Math.round(took)} ms)`);
    assert.deepEqual(
      (await readyz(stack.gateway)).body.sources.filter((s) => s.name === SOURCE.waldur).map((s) => [s.status, s.reason]),
      [['DOWN', 'PROBE_FAILED']],
    );
  });
});

describe('a forward-credential source: a caller’s rejected token is the caller’s', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sources: { waldur: { credentials: { mode: 'forward', header: 'x-waldur-authorization' }, required: true } } });
  });
  after(() => stack.stop());

  it('stays out of DOWN however many 401s callers get', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await gql(stack.gateway, `{ users(sources: ["${SOURCE.waldur}"]) { totalCount } }`, undefined, {
        authorization: `Bearer ${TEST_KEYS.admin}`,
        'x-waldur-authorization': `Token not-a-token-${i}`,
      });
      assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'UPSTREAM_UNAUTHORIZED');
    }
    const { body } = await gql(stack.gateway, `{ source(name: "${SOURCE.waldur}") { status statusReason } }`);
    assert.notEqual((body.data!['source'] as { status: string }).status, 'DOWN');
    assert.equal((await readyz(stack.gateway)).status, 200);
  });
});

describe('queues never outwait the deadline', () => {
  let hanging: Server;
  let gateway: RunningGateway;
  let inFlight = 0;
  let maxInFlight = 0;
  const open: ServerResponse[] = [];
  const TIMEOUT = 800;
  before(async () => {
    // A DQOps that takes every request and never answers.
    hanging = createServer((_req: IncomingMessage, res: ServerResponse) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      open.push(res);
      res.on('close', () => inFlight--);
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    gateway = await startTestGateway({
      server: { health: { probeIntervalMs: 0 } },
      sources: [
        {
          name: 'dq-hang',
          vendor: 'dqops',
          url: `http://127.0.0.1:${port}`,
          credentials: { mode: 'forward', header: 'x-dqops-authorization' },
          timeoutMs: TIMEOUT,
          resilience: { retries: 0, breaker: { consecutiveFailures: 5 }, bulkhead: { maxConcurrent: 4 } },
        },
      ],
    });
  });
  after(async () => {
    await gateway.stop();
    for (const res of open) res.destroy();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
  });

  const lookup = async (i: number) => {
    const started = performance.now();
    // A key of its own each: no two calls can share one in-flight GET.
    const res = await gql(gateway, '{ userByEmail(source: "dq-hang", email: "a@example.com") { id } }', undefined, {
      authorization: `Bearer ${TEST_KEYS.admin}`,
      'x-dqops-authorization': `key-${i}`,
    });
    return { ms: performance.now() - started, code: res.body.errors?.[0]?.extensions?.['code'] as string };
  };

  it('60 lookups at once: each answered within timeoutMs + 1 s, never more than maxConcurrent in flight; then the open circuit answers at once', async () => {
    const first = await Promise.all(Array.from({ length: 60 }, (_, i) => lookup(i)));
    for (const r of first) assert.ok(r.ms <= TIMEOUT + 1_000, `answered after ${Math.round(r.ms)} ms (${r.code})`);
    assert.ok(maxInFlight <= 4, `at most 4 in flight, saw ${maxInFlight}`);
    const codes: Record<string, number> = {};
    for (const r of first) codes[r.code] = (codes[r.code] ?? 0) + 1;
    // 4 sent and 4 queued time out (the queued ones without ever being sent); the queue is full for the rest.
    assert.deepEqual(codes, { UPSTREAM_TIMEOUT: 8, UPSTREAM_RATE_LIMITED: 52 }, JSON.stringify(codes));
    assert.equal(maxInFlight, 4);
    // Four more timeouts open the circuit (five in a row); after it, everyone is answered at once.
    await Promise.all(Array.from({ length: 4 }, (_, i) => lookup(100 + i)));
    const later = await Promise.all(Array.from({ length: 10 }, (_, i) => lookup(200 + i)));
    for (const r of later) {
      assert.equal(r.code, 'UPSTREAM_UNAVAILABLE');
      assert.ok(r.ms < 500, `failed fast (${Math.round(r.ms)} ms)`);
    }
    const text = await metricsText(gateway);
    assert.equal(sample(text, 'usergraph_source_breaker_transitions_total', { source: 'dq-hang', to: 'open' }), 1);
  });
});

describe('outcomes, writes and signals', () => {
  let stack: Stack;
  const logs = captureLogs();
  before(async () => {
    stack = await startStack({
      logger: logs.logger,
      server: { rateLimits: { admin: { requestsPerMinute: 400, costPerMinute: 3_000_000 } } },
      sources: { dqops: { cache: { listTtlMs: 30_000 } } },
    });
  });
  after(() => stack.stop());

  const requestLines = () =>
    logs
      .lines()
      .map((l) => JSON.parse(l) as { request?: { operation: string | null; outcome: string; errorCodes: string[] } })
      .flatMap((l) => (l.request ? [l.request] : []));

  it('error when no root field has data, partial when some do, success otherwise, in the log and the metric', async () => {
    await gql(stack.gateway, 'query FailedLookup { user(id: "not-a-usergraph-id") { id } }');
    await gql(stack.gateway, 'query Mixed { sources { name } users(sources: ["nope"]) { totalCount } }');
    await gql(stack.gateway, 'query Fine { sources { name } }');
    await gql(stack.gateway, 'query NamedButInvalid { sources { noSuchField } }');
    const byName = Object.fromEntries(requestLines().map((r) => [r.operation, r.outcome]));
    assert.deepEqual([byName['FailedLookup'], byName['Mixed'], byName['Fine'], byName['NamedButInvalid']], ['error', 'partial', 'success', 'refused']);
    const text = await metricsText(stack.gateway);
    assert.equal(sample(text, 'usergraph_graphql_operations_total', { operation: 'FailedLookup', outcome: 'error' }), 1);
    assert.equal(sample(text, 'usergraph_graphql_operations_total', { operation: 'Mixed', outcome: 'partial' }), 1);
    // Refused by validation, and still counted under its own name.
    assert.equal(sample(text, 'usergraph_graphql_operations_total', { operation: 'NamedButInvalid', outcome: 'refused' }), 1);
  });

  it('a POST answered 502 by a proxy is OUTCOME_UNKNOWN, sent once', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 502, method: 'POST', times: 1 });
    await stack.resetCounts();
    const res = await gql(stack.gateway, 'mutation($i: CreateUserInput!) { createUser(input: $i) { userErrors { code retryable } } }', {
      i: { source: SOURCE.rockset, email: 'proxy@example.com', roles: ['member'] },
    });
    assert.deepEqual(res.body.data, { createUser: { userErrors: [{ code: 'OUTCOME_UNKNOWN', retryable: false }] } });
    assert.equal((await stack.counts()).rockset.byRoute['POST /v1/orgs/self/users'], 1);
  });

  it('each new metric moves by the exact count', async () => {
    const before = await metricsText(stack.gateway);
    for (const key of ['ugk_nope-1', 'ugk_nope-2', 'ugk_nope-3'])
      await gql(stack.gateway, '{ sources { name } }', undefined, { authorization: `Bearer ${key}` });
    await gql(stack.gateway, '{ sources { name } }', undefined, { authorization: '' });
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'status', status: 503, method: 'GET', times: 1 });
    await gql(stack.gateway, `{ users(sources: ["${SOURCE.waldur}"], first: 1) { nodes { id } } }`);
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503, method: 'GET', times: 3 });
    await gql(stack.gateway, `{ users(sources: ["${SOURCE.rockset}"], first: 1) { nodes { id } } }`);
    const after = await metricsText(stack.gateway);
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(moved('usergraph_auth_failures_total', { reason: 'invalid' }), 3);
    assert.equal(moved('usergraph_auth_failures_total', { reason: 'missing' }), 1);
    assert.equal(moved('usergraph_upstream_retries_total', { source: SOURCE.waldur }), 1);
    // Three 503s: the first try and both retries; the error the caller saw is counted once.
    assert.equal(moved('usergraph_upstream_retries_total', { source: SOURCE.rockset }), 2);
    assert.equal(moved('usergraph_source_errors_total', { source: SOURCE.rockset, code: 'UPSTREAM_UNAVAILABLE' }), 1);
    assert.equal(moved('usergraph_source_errors_total', { source: SOURCE.waldur, code: 'UPSTREAM_UNAVAILABLE' }), 0);
    // Shared snapshots (DQOps here): the first list is asked of the vendor, the next two answered from memory.
    for (let i = 0; i < 3; i++) await gql(stack.gateway, `{ users(sources: ["${SOURCE.dqops}"], first: 1) { nodes { id } } }`);
    const snapshots = await metricsText(stack.gateway);
    const lookups = (result: string) =>
      sample(snapshots, 'usergraph_source_snapshot_lookups', { source: SOURCE.dqops, result }) -
      sample(after, 'usergraph_source_snapshot_lookups', { source: SOURCE.dqops, result });
    assert.deepEqual([lookups('miss'), lookups('hit')], [1, 2]);
    assert.ok(sample(snapshots, 'usergraph_source_snapshot_age_seconds', { source: SOURCE.dqops }) >= 0);
    assert.ok(snapshots.includes(`usergraph_source_snapshot_age_seconds{source="${SOURCE.dqops}"}`));
  });

  it("300 junk operation names from one key do not evict a real operation's name", async () => {
    for (let i = 0; i < 300; i++) await gql(stack.gateway, `query Junk${i} { __typename }`);
    await gql(stack.gateway, 'query RealDashboard { __typename }', undefined, { authorization: `Bearer ${TEST_KEYS.viewer}` });
    const text = await metricsText(stack.gateway);
    assert.equal(sample(text, 'usergraph_graphql_operations_total', { operation: 'RealDashboard', outcome: 'success' }), 1);
    const junk = text.split('\n').filter((l) => /^usergraph_graphql_operations_total\{operation="Junk\d+"/.test(l));
    assert.ok(junk.length <= 10, `one caller brought in ${junk.length} names`);
    assert.ok(sample(text, 'usergraph_graphql_operations_total', { operation: '(other)', outcome: 'success' }) >= 290);
  });

  it('bounds logged operation names, and keeps a made-up id out of the logs', async () => {
    const long = `Q${'x'.repeat(20_000)}`;
    await gql(stack.gateway, `query ${long} { user(id: "made-up-id-4242") { id } }`);
    const text = logs.text();
    assert.ok(!text.includes('made-up-id-4242'), 'the caller’s id is not logged');
    assert.ok(!text.includes('x'.repeat(101)), 'no operation name over 100 characters is logged');
  });
});

describe('HTTP edges', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.stop());

  it("usergraph's own refusals speak application/graphql-response+json to a client that asks only for it", async () => {
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['content-type']), /^application\/graphql-response\+json/);
    await res.body.dump();
    const plain = await request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.match(String(plain.headers['content-type']), /^application\/json/);
    await plain.body.dump();
  });

  it('a body in another charset than UTF-8 is 415, and nothing runs', async () => {
    await stack.resetCounts();
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1', authorization: `Bearer ${TEST_KEYS.admin}` },
      body: Buffer.from(JSON.stringify({ query: '{ users { totalCount } }' }), 'latin1'),
    });
    assert.equal(res.statusCode, 415);
    await res.body.dump();
    assert.equal(await stack.totalCalls(), 0);
  });

  it('HEAD is 405 with Allow: GET, POST', async () => {
    const res = await request(stack.gateway.url, { method: 'HEAD', headers: { authorization: `Bearer ${TEST_KEYS.admin}` } });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers['allow'], 'GET, POST');
    await res.body.dump();
  });

  it('GraphQL-Require-Preflight satisfies the CSRF check of a GET', async () => {
    const res = await request(`${stack.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${TEST_KEYS.admin}`, 'graphql-require-preflight': '1' },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(((await res.body.json()) as { data: unknown }).data, { __typename: 'Query' });
  });
});
