import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { encodeUserId } from '../../src/ids/global-id.js';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { REFERENCE_SEED } from '../helpers/paths.js';
import { NO_REDIS, redisCommandsDuring, redisServerPath, TestRedis } from '../helpers/redis.js';
import { ADMIN_CREDENTIALS } from '../helpers/stack.js';
import { measure } from './closed-loop.js';
import { rssMb, spawnCli } from './processes.js';

const KEY = 'ugk_bench-scale-0123456789abcdefghijklmnopqrstuv';
const VENDORS: VendorName[] = ['dqops', 'waldur', 'rockset'];
const DOMAINS = Array.from({ length: 30 }, (_, i) => `domain-${i}`);
const GRANT = 'mutation($i: GrantRoleInput!) { grantRole(input: $i) { userErrors { code } } }';
const REVOKE = 'mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { userErrors { code } } }';

async function gql(url: string, query: string, variables: unknown): Promise<unknown> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.body.json();
}

/** Seconds of the `{ __typename }` load on one replica. */
const LOAD_SECONDS = 3;
const LOAD_CONNECTIONS = 16;

/**
 * `{ __typename }` (authenticated, rate limits off) in a closed loop at LOAD_CONNECTIONS
 * connections, after a second of warm-up: requests per second, and how many were sent in all.
 */
async function typenameRate(url: string): Promise<{ perSecond: number; sent: number }> {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections: LOAD_CONNECTIONS });
  const body = JSON.stringify({ query: '{ __typename }' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
  const work = async () => {
    const res = await pool.request({ method: 'POST', path: pathname, headers, body });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`{ __typename }: ${res.statusCode}`);
  };
  try {
    const warm = await measure(work, LOAD_CONNECTIONS, 1);
    const measured = await measure(work, LOAD_CONNECTIONS, LOAD_SECONDS);
    return { perSecond: measured.rps, sent: warm.rps + measured.rps * LOAD_SECONDS };
  } finally {
    await pool.close();
  }
}

/**
 * Three gateway processes over the same simulators (the reference seed with 30 more DQOps data
 * domains), with `state.store` memory and then redis: how many of 30 concurrent grants to one user
 * survive (the lost read-modify-writes that the Redis lock prevents), the p50 of one role change at
 * one connection (what the lock adds), the rate of `{ __typename }` on one replica with the
 * Redis commands each request cost (the blocks of failed authentications are mirrored in memory,
 * so none), and the gateway's RSS.
 */
export async function scaleOut(): Promise<void> {
  const path = redisServerPath();
  if (!path) {
    process.stdout.write(`\n- scale-out: skipped, ${NO_REDIS}\n`);
    return;
  }
  const redis = await TestRedis.start(path);
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-bench-scale-'));
  const seed = JSON.parse(readFileSync(REFERENCE_SEED, 'utf8')) as { dqops: { dataDomains: string[] } };
  seed.dqops.dataDomains.push(...DOMAINS);
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  process.stdout.write(
    `\n| scale-out, 3 gateway processes | grants kept of 30 concurrent | role change p50 ms (1 connection) | \`{ __typename }\` req/s on one (${LOAD_CONNECTIONS} connections) | Redis commands per request | gateway RSS MB |\n|---|---:|---:|---:|---:|---:|\n`,
  );
  try {
    for (const store of ['memory', 'redis'] as const) {
      const sims = await Promise.all(VENDORS.map((v) => spawnCli(['simulate', v, '--port', '0', '--seed', seedFile], /listening on (http:\/\/\S+)/)));
      const urls = Object.fromEntries(VENDORS.map((v, i) => [v, sims[i]?.url ?? ''])) as Record<VendorName, string>;
      const config = join(dir, `${store}.yaml`);
      writeFileSync(
        config,
        [
          'server: { port: 0, host: 127.0.0.1, logLevel: silent, rateLimits: { enabled: false }, health: { probeIntervalMs: 0 } }',
          `auth: { apiKeys: [{ name: bench, role: admin, hash: "${hashApiKey(KEY)}" }] }`,
          store === 'redis' ? `state: { store: redis, redis: { url: "${redis.url}", keyPrefix: "bench:" } }` : 'state: { store: memory }',
          'sources:',
          ...VENDORS.map((v) => `  - { name: ${v}, vendor: ${v}, url: "${urls[v]}", credentials: { mode: service, secret: ${ADMIN_CREDENTIALS[v]} } }`),
        ].join('\n'),
      );
      const gateways = await Promise.all([0, 1, 2].map(() => spawnCli(['serve', '--config', config], /at (http:\/\/\S+\/graphql)/)));
      try {
        const alan = encodeUserId('dqops', 'alan@example.com');
        await Promise.all(
          DOMAINS.map((id, i) => gql(gateways[i % 3]?.url ?? '', GRANT, { i: { userId: alan, role: 'editor', scope: { kind: 'DATA_DOMAIN', id } } })),
        );
        const state = (await (await request(`${urls.dqops}/__sim/state`)).body.json()) as {
          users: { email: string; dataDomainRoles: Record<string, string> }[];
        };
        const roles = state.users.find((u) => u.email === 'alan@example.com')?.dataDomainRoles ?? {};
        const kept = DOMAINS.filter((d) => roles[d] === 'editor').length;
        const times: number[] = [];
        for (let n = 0; n < 200; n++) {
          const started = performance.now();
          await gql(gateways[0]?.url ?? '', n % 2 === 0 ? REVOKE : GRANT, {
            i: { userId: alan, role: 'editor', scope: { kind: 'DATA_DOMAIN', id: 'domain-0' } },
          });
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const p50 = times[Math.floor(times.length / 2)] ?? 0;
        let rate = { perSecond: 0, sent: 0 };
        const ran = await redisCommandsDuring(redis.url, async () => {
          rate = await typenameRate(gateways[0]?.url ?? '');
        });
        const commands = Object.values(ran).reduce((sum, calls) => sum + calls, 0);
        const perRequest = store === 'redis' ? commands / rate.sent : undefined;
        process.stdout.write(
          `| state.store: ${store} | ${kept} | ${p50.toFixed(2)} | ${rate.perSecond.toFixed(0)} | ${perRequest === undefined ? '-' : perRequest.toFixed(2)} | ${rssMb(gateways[0]!.child).toFixed(0)} |\n`,
        );
      } finally {
        for (const c of [...gateways, ...sims]) c.child.kill('SIGTERM');
      }
    }
  } finally {
    await redis.stop();
  }
}
