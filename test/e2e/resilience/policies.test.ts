import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { gql } from '../../helpers/gateway.js';
import { userId, WALDUR } from '../../helpers/mutations.js';
import { hook, startSim } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

const ROCKSET_USERS = `{ users(sources: ["${SOURCE.rockset}"], first: 50) { nodes { email } } }`;
const ALL_USERS = '{ users(first: 50) { nodes { email source { name } } } }';

interface Counters {
  total: number;
  byRoute: Record<string, number>;
}

function sourceNames(data: Record<string, unknown> | null | undefined): string[] {
  return [...new Set((data!['users'] as { nodes: { source: { name: string } }[] }).nodes.map((n) => n.source.name))].sort();
}

describe('retries', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sources: { rockset: { resilience: { breaker: { enabled: false } } } } });
  });
  afterEach(() => stack.reset());
  after(() => stack.stop());

  it('a GET that fails twice with 503 then succeeds: complete answer, exactly 3 calls', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503, method: 'GET', path: '/v1/orgs/self/users', times: 2 });
    await stack.resetCounts();
    const res = await gql(stack.gateway, ROCKSET_USERS);
    assert.equal(res.body.errors, undefined);
    assert.ok((res.body.data!['users'] as { nodes: unknown[] }).nodes.length > 0);
    assert.equal((await stack.counts()).rockset.total, 3);
  });

  it('a 429 with Retry-After: 1 is retried after at least a second', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 1, method: 'GET', path: '/v1/orgs/self/users', times: 1 });
    await stack.resetCounts();
    const started = Date.now();
    const res = await gql(stack.gateway, ROCKSET_USERS);
    const waited = Date.now() - started;
    assert.equal(res.body.errors, undefined);
    assert.equal((await stack.counts()).rockset.total, 2);
    assert.ok(waited >= 1_000, `retried after ${waited} ms`);
  });

  it('a Retry-After longer than maxRetryAfterMs is not waited for: UPSTREAM_RATE_LIMITED with retryAfter', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 30, method: 'GET', path: '/v1/orgs/self/users', times: 1 });
    await stack.resetCounts();
    const res = await gql(stack.gateway, ROCKSET_USERS);
    assert.deepEqual(
      res.body.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['retryAfter']]),
      [['UPSTREAM_RATE_LIMITED', 30]],
    );
    assert.equal((await stack.counts()).rockset.total, 1);
  });

  it('a POST whose connection resets is sent exactly once and answers OUTCOME_UNKNOWN', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'reset', when: 'after', method: 'POST', path: '/v1/orgs/self/users' });
    await stack.resetCounts();
    const res = await gql(stack.gateway, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code retryable } } }', {
      i: { source: SOURCE.rockset, email: 'lin@example.com', roles: ['member'] },
    });
    assert.equal(res.body.errors, undefined, 'a failed write stays in its payload');
    assert.deepEqual(res.body.data, { createUser: { user: null, userErrors: [{ code: 'OUTCOME_UNKNOWN', retryable: false }] } });
    const counts = (await stack.counts()).rockset as Counters;
    assert.equal(counts.byRoute['POST /v1/orgs/self/users'], 1);
  });

  it('under a 100% failing source the retry budget holds: upstream calls <= 1.2 x requests', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503, method: 'GET' });
    await stack.resetCounts();
    const requests = 60;
    for (let i = 0; i < requests; i++) {
      const res = await gql(stack.gateway, ROCKSET_USERS);
      assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'UPSTREAM_UNAVAILABLE');
    }
    const calls = (await stack.counts()).rockset.total;
    assert.ok(calls <= 1.2 * requests, `${calls} calls for ${requests} requests`);
    assert.ok(calls > requests, 'some retries were made');
  });
});

describe('circuit breaker and Source.status', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      sources: { rockset: { resilience: { retries: 0, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 500 } } } },
    });
  });
  after(() => stack.stop());

  const status = async () =>
    (await gql(stack.gateway, `{ source(name: "${SOURCE.rockset}") { status lastError { code } retryAt } }`)).body.data!['source'] as {
      status: string;
      lastError: { code: string } | null;
      retryAt: string | null;
    };

  it('opens after the threshold, fails fast with no call while open, probes once after the cool-down, and closes on success', async () => {
    assert.equal((await status()).status, 'UNKNOWN');
    await gql(stack.gateway, ALL_USERS);
    assert.equal((await status()).status, 'UP');

    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503 });
    await stack.resetCounts();
    for (let i = 0; i < 3; i++) await gql(stack.gateway, ALL_USERS);
    assert.equal((await stack.counts()).rockset.total, 3);
    const down = await status();
    assert.equal(down.status, 'DOWN');
    assert.equal(down.lastError?.code, 'UPSTREAM_UNAVAILABLE');
    assert.ok(down.retryAt);

    await stack.resetCounts();
    const fast = await gql(stack.gateway, ALL_USERS);
    assert.deepEqual(sourceNames(fast.body.data), [SOURCE.dqops, SOURCE.waldur], 'the other sources answer');
    const error = fast.body.errors?.find((e) => e.extensions?.['source'] === SOURCE.rockset);
    assert.equal(error?.extensions?.['code'], 'UPSTREAM_UNAVAILABLE');
    assert.equal(error?.extensions?.['retryable'], true);
    assert.ok(Number(error?.extensions?.['retryAfter']) >= 1);
    assert.equal((await stack.counts()).rockset.total, 0, 'no call while open');

    await hook(stack.sims.rockset, 'DELETE', 'faults');
    await sleep(550);
    const probe = await gql(stack.gateway, ALL_USERS);
    assert.deepEqual(sourceNames(probe.body.data), [SOURCE.dqops, SOURCE.rockset, SOURCE.waldur]);
    assert.equal((await stack.counts()).rockset.total, 1, 'one probe call');
    assert.equal((await status()).status, 'UP');
  });
});

describe('bulkhead', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      timeoutMs: 5_000,
      server: { requestTimeoutMs: 800 },
      sources: { waldur: { resilience: { retries: 0, bulkhead: { maxConcurrent: 2, maxQueue: 0 } } } },
    });
  });
  after(() => stack.stop());

  it('with a hanging source, no more than maxConcurrent calls reach it; the rest fail fast with UPSTREAM_RATE_LIMITED', async () => {
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'hang', path: '/api/users/*/' });
    await stack.resetCounts();
    const ids = [WALDUR.ada, WALDUR.grace, WALDUR.alan, WALDUR.analyst01, 'b56b3da4685e52dd81e27ca4e7086417', '48e2156f6fef57b3bb4b8d75151de139'];
    const answers = await Promise.all(ids.map((id) => gql(stack.gateway, `query($id: ID!) { user(id: $id) { email } }`, { id: userId('waldur', id) })));
    const codes = answers.map((a) => a.body.errors?.[0]?.extensions?.['code']).sort();
    assert.deepEqual(codes, [
      'UPSTREAM_RATE_LIMITED',
      'UPSTREAM_RATE_LIMITED',
      'UPSTREAM_RATE_LIMITED',
      'UPSTREAM_RATE_LIMITED',
      'UPSTREAM_TIMEOUT',
      'UPSTREAM_TIMEOUT',
    ]);
    assert.equal((await stack.counts()).waldur.total, 2);
    await hook(stack.sims.waldur, 'DELETE', 'faults');
  });
});

describe('/readyz', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      timeoutMs: 500,
      sources: { waldur: { required: true, resilience: { retries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 300 } } } },
    });
  });
  after(() => stack.stop());

  const readyz = async () => {
    const res = await request(stack.gateway.url.replace('/graphql', '/readyz'));
    return { status: res.statusCode, body: (await res.body.json()) as { sources: { name: string; status: string; required: boolean }[] } };
  };

  it('is 503 while a required source is down and 200 again after it comes back; /healthz stays 200', async () => {
    assert.equal((await readyz()).status, 200);
    const port = new URL(stack.sims.waldur.url).port;
    await stack.sims.waldur.close();
    for (let i = 0; i < 2; i++) await gql(stack.gateway, ALL_USERS);
    const down = await readyz();
    assert.equal(down.status, 503);
    const waldur = down.body.sources.find((s) => s.name === SOURCE.waldur);
    assert.deepEqual([waldur?.status, waldur?.required], ['DOWN', true]);
    const health = await request(stack.gateway.url.replace('/graphql', '/healthz'));
    assert.equal(health.statusCode, 200);
    await health.body.dump();

    stack.sims.waldur = await startSim('waldur', undefined, { port: Number(port) });
    await sleep(350);
    const up = await readyz();
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.sources.find((s) => s.name === SOURCE.waldur)?.status, 'UP');
  });
});
