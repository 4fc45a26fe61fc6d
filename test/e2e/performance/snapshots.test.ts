import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningGateway } from '../../../src/server/create-gateway.js';
import { gql, startTestGateway, TEST_KEYS } from '../../helpers/gateway.js';
import { userId } from '../../helpers/mutations.js';
import { hook } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

const USERS = '{ users(first: 50) { nodes { email source { name } } } }';
const LISTS = { dqops: 'GET /api/users', rockset: 'GET /v1/orgs/self/users' } as const;

describe('shared list snapshots (cache.listTtlMs)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sources: { dqops: { cache: { listTtlMs: 60_000 } }, rockset: { cache: { listTtlMs: 60_000 } } } });
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  async function lists(): Promise<{ dqops: number; rockset: number }> {
    const c = await stack.counts();
    return { dqops: c.dqops.byRoute[LISTS.dqops] ?? 0, rockset: c.rockset.byRoute[LISTS.rockset] ?? 0 };
  }

  it('two requests within the TTL make one list call per list-everything source; lookups by id and email make none', async () => {
    // reset() cleared the vendors' state, not the gateway's snapshots: a write drops them (below), so start from one.
    await gql(stack.gateway, `mutation { deleteUser(input: { userId: "${userId('dqops', 'nobody@example.com')}" }) { deletedUserId } }`);
    await stack.resetCounts();
    await gql(stack.gateway, USERS);
    await gql(stack.gateway, USERS);
    await gql(stack.gateway, `{ person(email: "grace@example.com") { accounts { email } } user(id: "${userId('rockset', 'Grace@Example.com')}") { email } }`);
    assert.deepEqual(await lists(), { dqops: 1, rockset: 1 });
    const cache = await gql(stack.gateway, `{ source(name: "${SOURCE.dqops}") { cache { hits misses ageMs } } }`);
    const stats = (cache.body.data!['source'] as { cache: { hits: number; misses: number; ageMs: number } }).cache;
    assert.ok(stats.hits >= 2 && stats.misses >= 1 && stats.ageMs >= 0, JSON.stringify(stats));
  });

  it('a write through the gateway drops the snapshot: the next read calls again and sees the change', async () => {
    await gql(stack.gateway, USERS);
    const grace = userId('dqops', 'grace@example.com');
    const write = await gql(stack.gateway, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { userErrors { field } } }', {
      i: { userId: grace, roles: ['viewer'] },
    });
    assert.equal(write.body.errors, undefined, JSON.stringify(write.body.errors));
    await stack.resetCounts();
    const read = await gql(stack.gateway, `{ user(id: "${grace}") { permissions { role scope { kind } } } }`);
    const perms = (read.body.data!['user'] as { permissions: { role: string; scope: { kind: string } }[] }).permissions;
    assert.ok(
      perms.some((p) => p.role === 'viewer' && p.scope.kind === 'ACCOUNT'),
      JSON.stringify(perms),
    );
    assert.equal((await lists()).dqops, 1);
  });

  it('concurrent requests on a cold snapshot make one call', async () => {
    await gql(stack.gateway, `mutation { deleteUser(input: { userId: "${userId('rockset', 'nobody@example.com')}" }) { deletedUserId } }`);
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'latency', ms: 150, method: 'GET', path: LISTS.rockset.slice(4) });
    await stack.resetCounts();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => gql(stack.gateway, `{ users(first: ${i + 1}, sources: ["${SOURCE.rockset}"]) { nodes { email } } }`)),
    );
    assert.equal((await lists()).rockset, 1);
  });
});

/** A gateway over one forward-mode source with a long TTL; `forwardCaller` asks it as the holder of one credential. */
async function forwardGateway(vendor: 'rockset' | 'waldur', url: string, header: string): Promise<RunningGateway> {
  return startTestGateway({ sources: [{ name: vendor, vendor, url, credentials: { mode: 'forward', header }, cache: { listTtlMs: 60_000 } }] });
}
const forwardCaller = (gateway: RunningGateway, header: string, query: string) => (credential: string) =>
  gql(gateway, query, undefined, { [header]: credential, authorization: `Bearer ${TEST_KEYS.admin}` });

describe('snapshots and credentials', () => {
  let stack: Stack;
  let rockset: RunningGateway;
  let waldur: RunningGateway;
  before(async () => {
    stack = await startStack();
    rockset = await forwardGateway('rockset', stack.sims.rockset.url, 'x-rockset-key');
    waldur = await forwardGateway('waldur', stack.sims.waldur.url, 'x-waldur-token');
  });
  after(async () => {
    await rockset.stop();
    await waldur.stop();
    await stack.stop();
  });

  it('different forward credentials never share a snapshot; the same one does', async () => {
    await stack.resetCounts();
    const as = forwardCaller(rockset, 'x-rockset-key', '{ users { nodes { email } } }');
    const ada = await as('rockset-key-ada-admin');
    const grace = await as('rockset-key-grace-member');
    await as('rockset-key-ada-admin');
    assert.equal(ada.body.errors, undefined);
    assert.equal(grace.body.errors, undefined);
    assert.equal((await stack.counts()).rockset.byRoute[LISTS.rockset], 2);
    const wrong = await as('rockset-key-nobody');
    assert.equal(wrong.body.errors?.[0]?.extensions?.['code'], 'UPSTREAM_UNAUTHORIZED', "a bad key is not answered from another key's snapshot");
  });

  it('different forward Waldur tokens never share a window: each sees what its own token may see', async () => {
    await stack.resetCounts();
    const as = forwardCaller(waldur, 'x-waldur-token', '{ users(first: 50) { nodes { email } } }');
    const ada = await as('waldur-token-ada');
    const grace = await as('waldur-token-grace');
    await as('waldur-token-ada');
    assert.equal(ada.body.errors, undefined, JSON.stringify(ada.body.errors));
    assert.equal(grace.body.errors, undefined, JSON.stringify(grace.body.errors));
    assert.equal((await stack.counts()).waldur.byRoute['GET /api/users/'], 2);
    const emails = (r: typeof ada) => (r.body.data!['users'] as { nodes: { email: string }[] }).nodes.map((n) => n.email);
    // Ada is staff and sees everyone; Grace is not (Waldur shows her fewer users).
    assert.notDeepEqual(emails(grace), emails(ada));
    const wrong = await as('waldur-token-nobody');
    assert.equal(wrong.body.errors?.[0]?.extensions?.['code'], 'UPSTREAM_UNAUTHORIZED', "a bad token is not answered from another token's window");
  });

  it('TTL 0 lists once per request, as before snapshots', async () => {
    await stack.resetCounts();
    await gql(stack.gateway, USERS);
    await gql(stack.gateway, USERS);
    const c = await stack.counts();
    assert.deepEqual([c.dqops.byRoute[LISTS.dqops], c.rockset.byRoute[LISTS.rockset]], [2, 2]);
  });
});

describe('stale while revalidate', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sources: { dqops: { cache: { listTtlMs: 1_000, staleMs: 60_000 } } } });
  });
  after(() => stack.stop());

  it('past the TTL the stale list answers at once and one call refreshes it in the background', async () => {
    await gql(stack.gateway, USERS);
    await sleep(1_050);
    await stack.resetCounts();
    const res = await gql(stack.gateway, USERS);
    assert.equal(res.body.errors, undefined);
    // The refresh runs after the answer: wait for it to land (bounded), then count.
    for (let waited = 0; waited < 2_000 && ((await stack.counts()).dqops.byRoute[LISTS.dqops] ?? 0) === 0; waited += 20) await sleep(20);
    await sleep(20);
    assert.equal((await stack.counts()).dqops.byRoute[LISTS.dqops], 1, 'one background refresh');
    await stack.resetCounts();
    await gql(stack.gateway, USERS);
    assert.equal((await stack.counts()).dqops.byRoute[LISTS.dqops] ?? 0, 0, 'the refreshed list answers');
  });
});

describe('shared Waldur windows (cache.listTtlMs on a paging source)', () => {
  const PAGE = 'GET /api/users/';
  const GRACE = userId('waldur', 'c7974533e54b5db2a307dc839f00b21c');
  const WALDUR_USERS = `{ users(first: 50, sources: ["${SOURCE.waldur}"]) { nodes { email firstName } } }`;
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sources: { waldur: { cache: { listTtlMs: 60_000 } } } });
  });
  after(() => stack.stop());

  const pages = async () => (await stack.counts()).waldur.byRoute[PAGE] ?? 0;
  /** A write through the gateway drops the windows, so each test starts cold whatever ran before. */
  const coldStart = async () => {
    const write = await gql(stack.gateway, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { userErrors { field } } }', {
      i: { userId: GRACE, firstName: 'Grace' },
    });
    assert.equal(write.body.errors, undefined, JSON.stringify(write.body.errors));
    await stack.resetCounts();
  };

  it('the same window within the TTL is one page call; another window has its own; Source.cache counts them', async () => {
    await coldStart();
    const first = await gql(stack.gateway, WALDUR_USERS);
    const again = await gql(stack.gateway, WALDUR_USERS);
    assert.equal(first.body.errors, undefined, JSON.stringify(first.body.errors));
    assert.deepEqual(again.body.data, first.body.data);
    assert.equal(await pages(), 1);
    await gql(stack.gateway, `{ users(first: 2, sources: ["${SOURCE.waldur}"], filter: { query: "grace" }) { nodes { email } } }`);
    assert.equal(await pages(), 2, 'a filtered window is another window');
    const cache = await gql(stack.gateway, `{ source(name: "${SOURCE.waldur}") { cache { hits misses ageMs } } }`);
    const stats = (cache.body.data!['source'] as { cache: { hits: number; misses: number; ageMs: number } }).cache;
    assert.ok(stats.hits >= 1 && stats.misses >= 2 && stats.ageMs >= 0, JSON.stringify(stats));
  });

  it('a write through the gateway drops the windows: the next read calls again and sees the change', async () => {
    await coldStart();
    await gql(stack.gateway, WALDUR_USERS);
    const write = await gql(stack.gateway, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { userErrors { field } } }', {
      i: { userId: GRACE, firstName: 'Amazing Grace' },
    });
    assert.equal(write.body.errors, undefined, JSON.stringify(write.body.errors));
    await stack.resetCounts();
    const read = await gql(stack.gateway, WALDUR_USERS);
    assert.match(JSON.stringify(read.body.data), /"firstName":"Amazing Grace"/);
    assert.equal(await pages(), 1);
  });

  it('concurrent requests on a cold window make one call', async () => {
    await coldStart();
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'latency', ms: 150, method: 'GET', path: '/api/users/' });
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => gql(stack.gateway, WALDUR_USERS)));
      for (const a of answers) assert.equal(a.body.errors, undefined, JSON.stringify(a.body.errors));
      assert.equal(await pages(), 1);
    } finally {
      await hook(stack.sims.waldur, 'DELETE', 'faults');
    }
  });
});
