import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { auditServer } from 'graphql-http';
import { request } from 'undici';
import { encodeUserId } from '../../src/ids/global-id.js';
import type { RunningGateway } from '../../src/server/create-gateway.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { startTestGateway, TEST_KEYS } from '../helpers/gateway.js';
import { hook, startSim } from '../helpers/sim.js';
import { ADMIN_CREDENTIALS, SOURCE } from '../helpers/stack.js';

interface Raw {
  status: number;
  contentType: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

interface Case {
  name: string;
  /** The POST body: an object sent as JSON, or a string sent as it is. */
  body: unknown;
  headers?: Record<string, string>;
  /** Whether the second request of this text runs without Apollo's pipeline. */
  direct: boolean;
  /**
   * Whether it then runs graphql-jit's compiled function: not when nothing executes (a hook
   * refused it) or when the variables do not coerce (graphql-js runs those, for its messages).
   */
  compiled?: boolean;
  /** A fault the simulators hold while the case runs. */
  fault?: { vendor: VendorName; fault: Record<string, unknown> };
  /** What the answer must show beside being Apollo's (so a case cannot pass by both gateways failing alike). */
  check: (answer: Raw) => void;
}

const VIEWER_COST_PER_MINUTE = 400;
const USERS = '{ users(first: 50) { totalCount nodes { email source { name } } } }';
const json = (answer: Raw) =>
  JSON.parse(answer.body) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const codes = (answer: Raw) => (json(answer).errors ?? []).map((e) => e.extensions?.['code']);

/**
 * The same requests to two gateways over the same simulators, one with direct execution and one
 * without (`server.directExecution: false`): every request is sent twice, the first teaches the
 * direct gateway the document, and the second answers must be the same bytes, status and headers.
 * The direct gateway's own counter says which path ran the second one.
 */
describe('direct execution answers what Apollo Server answers', () => {
  const vendors: VendorName[] = ['dqops', 'waldur', 'rockset'];
  let sims: Record<VendorName, RunningSimulator>;
  let direct: RunningGateway;
  let apollo: RunningGateway;

  before(async () => {
    const started = await Promise.all(vendors.map((v) => startSim(v)));
    sims = Object.fromEntries(vendors.map((v, i) => [v, started[i]!])) as Record<VendorName, RunningSimulator>;
    const sources = vendors.map((v) => ({
      name: SOURCE[v],
      vendor: v,
      url: sims[v].url,
      credentials: { mode: 'service' as const, secret: ADMIN_CREDENTIALS[v] },
      timeoutMs: 2_000,
      cache: { listTtlMs: 0 },
      // No retries and no breaker: the two gateways see a fault the same way every time.
      resilience: { retries: 0, breaker: { enabled: false } },
    }));
    const server = (directExecution: boolean) => ({
      upstreamStats: true,
      directExecution,
      rateLimits: { viewer: { requestsPerMinute: 6_000, costPerMinute: VIEWER_COST_PER_MINUTE } },
    });
    [direct, apollo] = await Promise.all([startTestGateway({ server: server(true), sources }), startTestGateway({ server: server(false), sources })]);
  });
  afterEach(() => Promise.all(vendors.map((v) => hook(sims[v], 'POST', 'reset'))));
  after(async () => {
    await Promise.all([direct.stop(), apollo.stop()]);
    await Promise.all(vendors.map((v) => sims[v].close()));
  });

  const userId = async (): Promise<string> => {
    const answer = await post(direct, { query: '{ users(first: 1) { nodes { id } } }' });
    return (json(answer).data!['users'] as { nodes: { id: string }[] }).nodes[0]!.id;
  };

  const cases = (id: string): Case[] => [
    { name: '{ __typename }', body: { query: '{ __typename }' }, direct: true, check: (a) => assert.deepEqual(json(a).data, { __typename: 'Query' }) },
    {
      name: 'a user by id, with variables and extensions.upstream',
      body: { query: 'query One($id: ID!) { user(id: $id) { id email source { name } } }', variables: { id }, operationName: 'One' },
      direct: true,
      check: (a) => assert.equal((json(a).data!['user'] as { id: string }).id, id),
    },
    {
      name: 'the operation chosen by operationName among several',
      body: { query: 'query A { __typename } query B { users(first: 2) { totalCount } }', operationName: 'B' },
      direct: true,
      check: (a) => assert.equal(typeof (json(a).data!['users'] as { totalCount: number }).totalCount, 'number'),
    },
    {
      name: 'a user that is not there: data null and its error',
      body: { query: 'query($id: ID!) { user(id: $id) { id } }', variables: { id: encodeUserId(SOURCE.waldur, '00000000000000000000000000000000') } },
      direct: true,
      check: (a) => {
        assert.equal(a.status, 200);
        assert.equal(json(a).data!['user'], null);
      },
    },
    {
      name: 'aliases, fragments, an interface and two missing users: both errors, in order, with their locations',
      body: {
        query: `query Mixed($id: ID!, $gone: ID!) {
  a: user(id: $id) { ...Who }
  b: node(id: $id) { id ... on User { email source { name } } }
  gone1: user(id: $gone) { id }
  gone2: user(id: $gone) { ...Who }
}
fragment Who on User { email displayName status }`,
        variables: { id, gone: encodeUserId(SOURCE.dqops, 'nobody@example.com') },
      },
      direct: true,
      check: (a) => {
        const data = json(a).data!;
        assert.equal((data['b'] as { id: string }).id, id);
        assert.equal(data['gone1'], null);
        assert.equal(data['gone2'], null);
      },
    },
    {
      name: "a union (each vendor's details) and a personal field a viewer may not read: null, and FORBIDDEN at its path",
      body: {
        query: `{ users(first: 2, sources: ["${SOURCE.waldur}"]) { nodes { details { __typename ... on WaldurUserDetails { username birthDate } } } } }`,
      },
      headers: { authorization: `Bearer ${TEST_KEYS.viewer}` },
      direct: true,
      check: (a) => {
        assert.deepEqual(codes(a), ['FORBIDDEN']);
        const nodes = (json(a).data!['users'] as { nodes: { details: { __typename: string; birthDate: unknown } }[] }).nodes;
        assert.deepEqual(
          nodes.map((n) => [n.details.__typename, n.details.birthDate]),
          nodes.map(() => ['WaldurUserDetails', null]),
        );
      },
    },
    {
      name: 'a required variable left out: 400 BAD_USER_INPUT',
      body: { query: 'query($id: ID!) { user(id: $id) { id } }' },
      direct: true,
      compiled: false,
      check: (a) => {
        assert.equal(a.status, 400);
        assert.deepEqual(codes(a), ['BAD_USER_INPUT']);
      },
    },
    {
      name: 'a variable that does not coerce, whose value is never quoted back',
      body: { query: 'query($first: Int) { users(first: $first) { totalCount } }', variables: { first: 'hunter2-secret' } },
      direct: true,
      compiled: false,
      check: (a) => {
        assert.equal(a.status, 400);
        assert.doesNotMatch(a.body, /hunter2/);
      },
    },
    {
      name: 'a vendor failing with 500: the others answer, one error names it',
      body: { query: USERS },
      fault: { vendor: 'waldur', fault: { kind: 'status', status: 500 } },
      direct: true,
      check: (a) => {
        assert.equal(a.status, 200);
        assert.deepEqual(codes(a), ['UPSTREAM_UNAVAILABLE']);
      },
    },
    {
      name: 'a vendor answering 429',
      body: { query: USERS },
      fault: { vendor: 'rockset', fault: { kind: 'rate-limit', retryAfter: 9 } },
      direct: true,
      check: (a) => assert.deepEqual(codes(a), ['UPSTREAM_RATE_LIMITED']),
    },
    {
      name: 'a query over the cost limit: refused in didResolveOperation, before any call',
      body: { query: '{ users(first: 100000) { nodes { permissions { role } person { accounts { email } } } } }' },
      direct: true,
      compiled: false,
      check: (a) => assert.equal(a.status, 400),
    },
    {
      name: 'a viewer past its cost per minute: 429 with Retry-After',
      // Cost 310 of 400 a minute: the first is let through, the second is not.
      body: { query: '{ users(first: 50) { nodes { email permissions { role } } } }' },
      headers: { authorization: `Bearer ${TEST_KEYS.viewer}` },
      direct: true,
      compiled: false,
      check: (a) => {
        assert.equal(a.status, 429);
        assert.deepEqual(codes(a), ['RATE_LIMITED']);
        assert.match(a.retryAfter ?? '', /^\d+$/);
      },
    },
    {
      name: 'Accept: application/graphql-response+json',
      body: { query: '{ __typename }' },
      headers: { accept: 'application/graphql-response+json' },
      direct: true,
      check: (a) => assert.equal(a.contentType, 'application/graphql-response+json; charset=utf-8'),
    },
    {
      name: 'Accept preferring application/json by q',
      body: { query: '{ __typename }' },
      headers: { accept: 'application/graphql-response+json;q=0.5, application/json' },
      direct: true,
      check: (a) => assert.equal(a.contentType, 'application/json; charset=utf-8'),
    },
    {
      name: 'Accept: */*',
      body: { query: '{ __typename }' },
      headers: { accept: '*/*' },
      direct: true,
      check: (a) => assert.equal(a.status, 200),
    },
    {
      name: 'Accept that allows no JSON: Apollo answers 406',
      body: { query: '{ __typename }' },
      headers: { accept: 'text/csv' },
      direct: false,
      check: (a) => assert.equal(a.status, 406),
    },
    { name: 'a mutation', body: { query: 'mutation { __typename }' }, direct: false, check: (a) => assert.equal(a.status, 200) },
    {
      name: 'extensions in the body',
      body: { query: '{ __typename }', extensions: { clientLibrary: { name: 'test' } } },
      direct: false,
      check: (a) => assert.equal(a.status, 200),
    },
    {
      name: 'an operationName no operation has',
      body: { query: 'query A { __typename }', operationName: 'Nope' },
      direct: false,
      check: (a) => assert.deepEqual(codes(a), ['OPERATION_RESOLUTION_FAILURE']),
    },
    {
      name: 'variables as a JSON string',
      body: { query: '{ __typename }', variables: '{}' },
      direct: false,
      check: (a) => assert.equal(a.status, 400),
    },
  ];

  it('gives the same status, media type, Retry-After and bytes, by the path each request should take', async () => {
    const id = await userId();
    for (const c of cases(id)) {
      if (c.fault) await hook(sims[c.fault.vendor], 'POST', 'faults', c.fault.fault);
      const answers: Raw[] = [];
      let ranDirect = false;
      let ranCompiled = false;
      try {
        for (const gateway of [direct, apollo]) {
          await post(gateway, c.body, c.headers);
          const before = await directCount(direct);
          const compiledBefore = await compiledCount(direct);
          answers.push(await post(gateway, c.body, c.headers));
          if (gateway === direct) {
            ranDirect = (await directCount(direct)) > before;
            ranCompiled = (await compiledCount(direct)) > compiledBefore;
          }
        }
      } finally {
        if (c.fault) await hook(sims[c.fault.vendor], 'POST', 'reset');
      }
      const [fromDirect, fromApollo] = answers as [Raw, Raw];
      assert.equal(ranDirect, c.direct, `${c.name}: ran ${ranDirect ? 'directly' : 'through Apollo'}`);
      assert.equal(ranCompiled, c.direct && c.compiled !== false, `${c.name}: ${ranCompiled ? 'ran' : 'did not run'} compiled`);
      assert.deepEqual(comparable(fromDirect), comparable(fromApollo), c.name);
      c.check(fromDirect);
    }
  });

  it('sends a text Apollo has not validated to Apollo: an invalid query is never run directly', async () => {
    const invalid = { query: '{ users(first: 5) { nope } }' };
    const before = await directCount(direct);
    const first = await post(direct, invalid);
    const second = await post(direct, invalid);
    assert.equal(await directCount(direct), before);
    assert.equal(first.status, 400);
    assert.deepEqual(second, first);
    assert.deepEqual(codes(first), ['GRAPHQL_VALIDATION_FAILED']);
  });

  it('passes the GraphQL-over-HTTP audit (graphql-http) exactly as Apollo does, run twice so the second runs directly', async () => {
    const audit = async (gateway: RunningGateway): Promise<string[]> => {
      const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) =>
        fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers ?? {})), authorization: `Bearer ${TEST_KEYS.admin}` } });
      await auditServer({ url: gateway.url, fetchFn });
      const results = await auditServer({ url: gateway.url, fetchFn });
      return results.map((r) => `${r.status} ${r.name}`);
    };
    const before = await directCount(direct);
    const [viaDirect, viaApollo] = [await audit(direct), await audit(apollo)];
    assert.ok((await directCount(direct)) - before >= 20, 'the audit repeats its queries: most of the second round runs directly');
    assert.deepEqual(viaDirect, viaApollo);
    assert.ok(viaDirect.filter((r) => r.startsWith('ok ')).length >= 50, viaDirect.join('\n'));
  });

  it('makes the same upstream calls as Apollo for the same query', async () => {
    const body = { query: USERS };
    const calls = async (gateway: RunningGateway): Promise<number> => {
      await post(gateway, body);
      await Promise.all(vendors.map((v) => hook(sims[v], 'DELETE', 'requests')));
      await post(gateway, body);
      const counters = await Promise.all(vendors.map((v) => hook<{ total: number }>(sims[v], 'GET', 'counters')));
      return counters.reduce((sum, c) => sum + c.total, 0);
    };
    const before = await directCount(direct);
    assert.equal(await calls(direct), 3);
    assert.equal(await directCount(direct), before + 2);
    assert.equal(await calls(apollo), 3);
  });
});

async function post(gateway: RunningGateway, body: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  const res = await request(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.admin}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  const header = (name: string) => {
    const value = res.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { status: res.statusCode, contentType: header('content-type'), retryAfter: header('retry-after'), body: text };
}

/** A rate limit's wait is counted in whole seconds, and may cross one between the two gateways. */
function comparable(answer: Raw): Raw {
  return {
    ...answer,
    retryAfter: answer.retryAfter === undefined ? undefined : 'N',
    body: answer.body.replace(/try again in \d+ s/, 'try again in N s'),
  };
}

/** How many requests the gateway ran directly, from its own /metrics. */
async function directCount(gateway: RunningGateway): Promise<number> {
  return metric(gateway, /^usergraph_graphql_executions_total\{path="direct"\} (\d+)/m);
}

/** How many of those graphql-jit's compiled functions ran. */
async function compiledCount(gateway: RunningGateway): Promise<number> {
  return metric(gateway, /^usergraph_graphql_compiled_runs_total (\d+)/m);
}

async function metric(gateway: RunningGateway, line: RegExp): Promise<number> {
  const res = await request(gateway.url.replace(/\/graphql$/, '/metrics'));
  return Number(line.exec(await res.body.text())?.[1] ?? 0);
}
