import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningGateway } from '../../../src/server/create-gateway.js';
import { gql, startTestGateway } from '../../helpers/gateway.js';
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

describe('snapshots and credentials', () => {
  let stack: Stack;
  let forward: RunningGateway;
  before(async () => {
    stack = await startStack();
    forward = await startTestGateway({
      sources: [
        { name: 'rs', vendor: 'rockset', url: stack.sims.rockset.url, credentials: { mode: 'forward', header: 'x-rockset-key' }, cache: { listTtlMs: 60_000 } },
      ],
    });
  });
  after(async () => {
    await forward.stop();
    await stack.stop();
  });

  it('different forward credentials never share a snapshot; the same one does', async () => {
    await stack.resetCounts();
    const as = (key: string) =>
      gql(forward, '{ users { nodes { email } } }', undefined, {
        'x-rockset-key': key,
        authorization: 'Bearer ugk_test-admin-0123456789abcdefghijklmnopqrstuv',
      });
    const ada = await as('rockset-key-ada-admin');
    const grace = await as('rockset-key-grace-member');
    await as('rockset-key-ada-admin');
    assert.equal(ada.body.errors, undefined);
    assert.equal(grace.body.errors, undefined);
    assert.equal((await stack.counts()).rockset.byRoute[LISTS.rockset], 2);
    const wrong = await as('rockset-key-nobody');
    assert.equal(wrong.body.errors?.[0]?.extensions?.['code'], 'UPSTREAM_UNAUTHORIZED', "a bad key is not answered from another key's snapshot");
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
