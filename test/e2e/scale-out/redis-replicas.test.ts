import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { GatewayConfigInput } from '../../../src/config/config-schema.js';
import { hashApiKey } from '../../../src/server/auth/api-keys.js';
import { spawnCli, waitForOutput } from '../../helpers/cli.js';
import { gql, startTestGateway, TEST_KEYS } from '../../helpers/gateway.js';
import { captureLogs } from '../../helpers/logs.js';
import { userId } from '../../helpers/mutations.js';
import { NO_REDIS, redisCommandsDuring, redisServerPath, TestRedis } from '../../helpers/redis.js';
import { hook, referenceSeed } from '../../helpers/sim.js';
import { ADMIN_CREDENTIALS, SOURCE, type Stack, startStack } from '../../helpers/stack.js';

const REDIS = redisServerPath();
const LIMITED_VIEWER = 'ugk_test-limited-viewer-0123456789abcdefghijkl';
const DOMAINS = Array.from({ length: 30 }, (_, i) => `domain-${i}`);

/** DQOps with 30 more data domains, so 30 grants to one user are 30 read-modify-writes of one role map. */
function dqopsSeed(): unknown {
  const dqops = structuredClone(referenceSeed().dqops) as { dataDomains: string[] };
  dqops.dataDomains.push(...DOMAINS);
  return dqops;
}

const auth: GatewayConfigInput['auth'] = {
  apiKeys: [
    { name: 'test-admin', role: 'admin', hash: hashApiKey(TEST_KEYS.admin) },
    { name: 'limited-viewer', role: 'viewer', hash: hashApiKey(LIMITED_VIEWER) },
  ],
  maxFailuresPerMinute: 5,
};

/**
 * Three gateways over the same simulators and one real Redis (issue 23): what one replica does, the
 * others see: write locks, rate limits, the failed-authentication limit, snapshot invalidation and
 * idempotency keys. Redis is stopped and started again in the last test.
 */
describe('three replicas sharing one Redis', { skip: REDIS ? false : NO_REDIS }, () => {
  let redis: TestRedis;
  let stack: Stack;
  /** The three replicas' GraphQL URLs: `usergraph serve` processes, as deployed. */
  let replicas: string[];
  const processes: ChildProcess[] = [];
  let processLogs = '';
  let configFile = '';
  const logs = captureLogs();

  before(async () => {
    redis = await TestRedis.start(REDIS ?? '');
    const server = {
      upstreamStats: true,
      trustedProxies: ['127.0.0.1'],
      rateLimits: { viewer: { requestsPerMinute: 10, costPerMinute: 3_000_000 } },
      health: { probeIntervalMs: 0 },
    };
    stack = await startStack({ seeds: { dqops: dqopsSeed() }, server, auth, logger: logs.logger });
    // The simulators of the stack, and three gateway processes over them, all on one Redis.
    const config = {
      server: { ...server, port: 0, host: '127.0.0.1' },
      auth,
      state: { store: 'redis', redis: { url: redis.url, keyPrefix: `t${redis.port}:` } },
      sources: (['dqops', 'waldur', 'rockset'] as const).map((v) => ({
        name: SOURCE[v],
        vendor: v,
        url: stack.sims[v].url,
        credentials: { mode: 'service', secret: ADMIN_CREDENTIALS[v] },
        timeoutMs: 2_000,
        cache: { listTtlMs: v === 'dqops' ? 30_000 : 0 },
      })),
    };
    const file = join(mkdtempSync(join(tmpdir(), 'usergraph-replicas-')), 'usergraph.yaml');
    // JSON is YAML: the same config object a test would pass in-process.
    writeFileSync(file, JSON.stringify(config));
    configFile = file;
    replicas = await Promise.all([0, 1, 2].map(() => startReplica()));
  });

  /** One more `usergraph serve` on the same config; its GraphQL URL. */
  async function startReplica(): Promise<string> {
    const child = spawnCli(['serve', '--config', configFile]);
    processes.push(child);
    child.stdout?.on('data', (d: Buffer) => (processLogs += d.toString()));
    const [, url] = await waitForOutput(child, /at (http:\/\/\S+\/graphql)/);
    return url ?? '';
  }

  /** The commands Redis ran while `work` did, by name. */
  const commandsDuring = (work: () => Promise<void>) => redisCommandsDuring(redis.url, work);

  /** Whether, within 5 s, an authenticated request to `url` asks Redis nothing about its address (the replica's mirror synced). */
  async function mirrorsBlocks(url: string, address: string): Promise<boolean> {
    for (let i = 0; i < 50; i++) {
      const ran = await commandsDuring(async () => {
        assert.equal((await gql(url, '{ __typename }', undefined, from(address))).status, 200);
      });
      if ((ran['get'] ?? 0) === 0) return true;
      await sleep(100);
    }
    return false;
  }

  after(async () => {
    await Promise.all(
      processes.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve(null);
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    await stack?.stop();
    await redis?.stop();
  });

  // Each test its own client address (trusted proxy), so the per-address failure limit of one does not touch another.
  const from = (address: string, key: string = TEST_KEYS.admin) => ({ authorization: `Bearer ${key}`, 'x-forwarded-for': address });

  it('30 concurrent grants to one DQOps user over three replicas: every one lands (no lost read-modify-write)', async () => {
    const alan = userId('dqops', 'alan@example.com');
    const results = await Promise.all(
      DOMAINS.map((domain, i) =>
        gql(
          replicas[i % 3]!,
          'mutation($i: GrantRoleInput!) { grantRole(input: $i) { userErrors { code } } }',
          { i: { userId: alan, role: 'editor', scope: { kind: 'DATA_DOMAIN', id: domain } } },
          from('198.51.100.1'),
        ),
      ),
    );
    for (const r of results) assert.deepEqual(r.body.data, { grantRole: { userErrors: [] } }, JSON.stringify(r.body));
    const state = await hook<{ users: { email: string; dataDomainRoles: Record<string, string> }[] }>(stack.sims.dqops, 'GET', 'state');
    const roles = state.users.find((u) => u.email === 'alan@example.com')!.dataDomainRoles;
    assert.deepEqual(
      DOMAINS.filter((d) => roles[d] !== 'editor'),
      [],
      'lost grants',
    );
  });

  it('two grants to one Rockset user at once on two replicas keep both, ten times over', async () => {
    const grace = userId('rockset', 'Grace@Example.com');
    const change = (replica: string, field: 'grantRole' | 'revokeRole', role: string) =>
      gql(
        replica,
        `mutation($i: ${field === 'grantRole' ? 'GrantRoleInput' : 'RevokeRoleInput'}!) { ${field}(input: $i) { userErrors { code } } }`,
        { i: { userId: grace, role, scope: { kind: 'ORGANIZATION' } } },
        from('198.51.100.2'),
      );
    for (let round = 0; round < 10; round++) {
      await Promise.all([change(replicas[0]!, 'grantRole', 'admin'), change(replicas[1]!, 'grantRole', 'read-only')]);
      const state = await hook<{ users: { email: string; roles: string[] }[] }>(stack.sims.rockset, 'GET', 'state');
      assert.deepEqual([...state.users.find((u) => u.email === 'Grace@Example.com')!.roles].sort(), ['admin', 'member', 'read-only'], `round ${round}`);
      await change(replicas[2]!, 'revokeRole', 'admin');
      await change(replicas[0]!, 'revokeRole', 'read-only');
    }
  });

  it('a key limited to 10 requests a minute gets 10 across the three, the 11th is 429 on any of them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await gql(replicas[i % 3]!, '{ __typename }', undefined, from('198.51.100.3', LIMITED_VIEWER));
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('the failed-authentication limit holds across them too, at once on the next replica (ten addresses)', async () => {
    for (let n = 0; n < 10; n++) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await gql(replicas[(n + i) % 3]!, '{ __typename }', undefined, from(`198.51.100.${100 + n}`, `ugk_wrong-${i}`));
        statuses.push(res.status);
      }
      // Five failures, then the address is refused on whichever replica: from its memory once it has
      // heard of the block, else by the shared count when the wrong key is counted.
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429], `address ${n}`);
    }
    // The same bad keys from another address behind the same trusted proxy are not refused.
    assert.equal((await gql(replicas[0]!, '{ __typename }', undefined, from('198.51.100.5', 'ugk_wrong-x'))).status, 401);
  });

  it('an authenticated request asks Redis nothing about its address: the blocks are mirrored in each replica (30 requests, 0 GETs)', async () => {
    const ran = await commandsDuring(async () => {
      for (let i = 0; i < 30; i++) assert.equal((await gql(replicas[i % 3]!, '{ __typename }', undefined, from('198.51.100.20'))).status, 200);
    });
    // What is left is the request-rate limit: one script a request (SET NX, INCRBY and PTTL inside it).
    assert.deepEqual(ran, { evalsha: 30, set: 30, incrby: 30, pttl: 30 });
  });

  it('a blocked address costs Redis nothing more: refused from memory on every replica (9 tries, 0 commands)', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await gql(replicas[i % 3]!, '{ __typename }', undefined, from('198.51.100.21', `ugk_wrong-${i}`))).status, 401);
    // What is measured is the cost once every replica has heard of the block (a loopback message:
    // well under a millisecond); a replica that has not yet would count the next wrong key in Redis.
    await sleep(100);
    const statuses: number[] = [];
    const ran = await commandsDuring(async () => {
      for (let i = 0; i < 9; i++) {
        const key = i % 2 === 0 ? TEST_KEYS.admin : `ugk_wrong-more-${i}`;
        statuses.push((await gql(replicas[i % 3]!, '{ __typename }', undefined, from('198.51.100.21', key))).status);
      }
    });
    // The right key too: an address guessing keys learns nothing while it is blocked.
    assert.deepEqual(statuses, Array(9).fill(429));
    assert.deepEqual(ran, {});
    // Every replica holds the block, and says so to operators.
    for (const replica of replicas) {
      const metrics = await (await request(replica.replace('/graphql', '/metrics'))).body.text();
      assert.match(metrics, /^usergraph_auth_blocked_addresses [1-9]\d*$/m, replica);
    }
  });

  it('a replica started after a block finds it in Redis (a scan when it connects), then answers from memory', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await gql(replicas[0]!, '{ __typename }', undefined, from('198.51.100.22', `ugk_wrong-${i}`))).status, 401);
    const late = await startReplica();
    assert.ok(await mirrorsBlocks(late, '198.51.100.23'), 'the new replica answers "is this address blocked?" from memory once synced');
    const ran = await commandsDuring(async () => {
      assert.equal((await gql(late, '{ __typename }', undefined, from('198.51.100.22'))).status, 429);
    });
    assert.deepEqual(ran, {});
  });

  it('a forged X-Forwarded-For from a peer that is not a trusted proxy changes nothing', async () => {
    const untrusted = await startTestGateway(
      {
        server: { health: { probeIntervalMs: 0 } },
        auth: { ...auth, maxFailuresPerMinute: 3 },
        sources: [{ name: SOURCE.dqops, vendor: 'dqops', url: stack.sims.dqops.url, credentials: { mode: 'service', secret: ADMIN_CREDENTIALS.dqops } }],
      },
      { logger: logs.logger },
    );
    try {
      const statuses: number[] = [];
      // Every request claims another address; the gateway trusts no proxy, so all count for the socket's.
      for (let i = 0; i < 4; i++) statuses.push((await gql(untrusted, '{ __typename }', undefined, from(`203.0.113.${i}`, 'ugk_wrong'))).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
    } finally {
      await untrusted.stop();
    }
  });

  it('a role revoked through one replica is gone from a list read on another 200 ms later (snapshots on, TTL 30 s)', async () => {
    const read = async (replica: string) => {
      const res = await gql(
        replica,
        `{ users(sources: ["${SOURCE.dqops}"], filter: { email: "grace@example.com" }) { nodes { permissions { role scope { id } } } } }`,
        undefined,
        from('198.51.100.6'),
      );
      return (res.body.data!['users'] as { nodes: { permissions: { role: string; scope: { id: string | null } }[] }[] }).nodes[0]!.permissions;
    };
    assert.ok(
      (await read(replicas[1]!)).some((p) => p.scope.id === 'datalake'),
      'B holds a snapshot with the role',
    );
    const revoked = await gql(
      replicas[0]!,
      'mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { userErrors { code } } }',
      { i: { userId: userId('dqops', 'grace@example.com'), role: 'editor', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } } },
      from('198.51.100.6'),
    );
    assert.deepEqual(revoked.body.data, { revokeRole: { userErrors: [] } });
    await sleep(200);
    assert.ok(!(await read(replicas[1]!)).some((p) => p.scope.id === 'datalake'), 'B no longer shows the revoked role');
  });

  describe('Idempotency-Key', () => {
    const create = (replica: string, key: string, email: string) =>
      request(replica, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...from('198.51.100.7') },
        body: JSON.stringify({
          query: 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { email } userErrors { code } } }',
          variables: { i: { source: SOURCE.rockset, email, roles: ['member'] } },
        }),
      });

    it('the same key twice, on A then on B: one POST upstream, the same answer', async () => {
      await stack.resetCounts();
      const first = await create(replicas[0]!, 'key-1', 'idem-1@example.com');
      const firstBody = await first.body.text();
      const second = await create(replicas[1]!, 'key-1', 'idem-1@example.com');
      const secondBody = await second.body.text();
      assert.equal(first.statusCode, 200);
      assert.equal(secondBody, firstBody);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal((await stack.counts()).rockset.byRoute['POST /v1/orgs/self/users'], 1);
    });

    it('the same key with another body is refused, with no call', async () => {
      await stack.resetCounts();
      const res = await create(replicas[2]!, 'key-1', 'someone-else@example.com');
      assert.equal(res.statusCode, 422);
      assert.equal(((await res.body.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code, 'IDEMPOTENCY_KEY_REUSED');
      assert.equal(await stack.totalCalls(), 0);
    });

    it('two at once: one runs, the other is IN_PROGRESS', async () => {
      await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'latency', ms: 500, method: 'POST' });
      try {
        const [a, b] = await Promise.all([
          create(replicas[0]!, 'key-2', 'idem-2@example.com'),
          sleep(100).then(() => create(replicas[1]!, 'key-2', 'idem-2@example.com')),
        ]);
        const bodies = await Promise.all([a.body.text(), b.body.text()]);
        assert.deepEqual([a.statusCode, b.statusCode], [200, 409], bodies.join('\n'));
        assert.match(bodies[1]!, /IN_PROGRESS/);
        assert.equal(b.headers['retry-after'], '1');
      } finally {
        await hook(stack.sims.rockset, 'DELETE', 'faults');
      }
    });
  });

  it('Redis stopped: reads go on, limits fall back (logged, counted), lock-needing writes are refused as retryable with 0 writes; Redis back: writes lock again', async () => {
    await redis.stop();
    await sleep(200);
    await stack.resetCounts();
    const reads = await gql(replicas[0]!, `{ users(sources: ["${SOURCE.waldur}"], first: 2) { nodes { email } } }`, undefined, from('198.51.100.8'));
    assert.equal(reads.body.errors, undefined, JSON.stringify(reads.body.errors));
    const write = await gql(
      replicas[1]!,
      'mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { lastName } userErrors { code retryable source } } }',
      { i: { userId: userId('rockset', 'Grace@Example.com'), lastName: 'Hopper' } },
      from('198.51.100.8'),
    );
    assert.deepEqual(write.body.data, { updateUser: { user: null, userErrors: [{ code: 'LOCKED', retryable: true, source: SOURCE.rockset }] } });
    const counts = await stack.counts();
    assert.equal(Object.keys(counts.rockset.byRoute).filter((r) => !r.startsWith('GET')).length, 0, 'nothing written');
    const metrics = await (await request(replicas[0]!.replace('/graphql', '/metrics'))).body.text();
    assert.match(metrics, /usergraph_state_fallbacks_total\{limiter="requests"\} [1-9]/);
    // Without Redis a replica cannot hear of new blocks: it says it no longer answers from memory.
    assert.match(metrics, /^usergraph_auth_block_mirror_trusted 0$/m);
    assert.ok(processLogs.includes('state store (Redis) unreachable'), 'the fallback was logged');

    await redis.start();
    let written = false;
    for (let i = 0; i < 60 && !written; i++) {
      await sleep(100);
      const again = await gql(
        replicas[1]!,
        'mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { lastName } userErrors { code } } }',
        { i: { userId: userId('rockset', 'Grace@Example.com'), lastName: 'Hopper' } },
        from('198.51.100.8'),
      );
      written = JSON.stringify(again.body.data) === JSON.stringify({ updateUser: { user: { lastName: 'Hopper' }, userErrors: [] } });
    }
    assert.ok(written, 'writes lock again once Redis is back, with no gateway restart');
    // The blocks of failed authentications are scanned again on reconnection, and mirrored from then on.
    for (const replica of replicas) assert.ok(await mirrorsBlocks(replica, '198.51.100.9'), `${replica} mirrors blocks again`);
    for (const replica of replicas) {
      const again = await (await request(replica.replace('/graphql', '/metrics'))).body.text();
      assert.match(again, /^usergraph_auth_block_mirror_trusted 1$/m, replica);
    }
  });
});
