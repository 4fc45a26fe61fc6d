import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { freePort, freePorts } from '../helpers/redis.js';
import { hook, startSim } from '../helpers/sim.js';
import { ADMIN_CREDENTIALS } from '../helpers/stack.js';
import { buildImage, ensureRedisImage, podman, podmanEnv, REDIS_IMAGE, UNUSABLE, VERSION } from './podman.js';

const KEY = 'ugk_container-test-0123456789abcdefghijklmnopqrs';
const IMAGE = `localhost/usergraph:test-${process.pid}`;
const CONTAINER = `usergraph-test-${process.pid}`;

/** Why podman-compose cannot run here, or undefined when it can. */
function composeUnusable(): string | undefined {
  if (UNUSABLE) return UNUSABLE;
  if (spawnSync('sh', ['-c', 'command -v podman-compose']).status !== 0)
    return 'podman-compose is not installed: apt-get install podman-compose (.ci/run does)';
  return undefined;
}

describe('the container image and the demo stack (issue 25)', { skip: UNUSABLE ?? false, timeout: 900_000 }, () => {
  before(() => buildImage(IMAGE));

  after(() => {
    podman(['rmi', '-f', IMAGE], { allowFail: true });
    // The build stage's unnamed image (and nothing with a name: the stand-in bases stay for the next run).
    podman(['image', 'prune', '-f'], { allowFail: true });
  });

  describe('the image', () => {
    const sims: RunningSimulator[] = [];
    let port: number;
    let url: string;

    before(async () => {
      for (const vendor of ['dqops', 'waldur', 'rockset'] as const) sims.push(await startSim(vendor));
      port = await freePort();
      url = `http://127.0.0.1:${port}/graphql`;
      // The config and a secret mounted as files, as Kubernetes and Docker mount them.
      const dir = mkdtempSync(join(tmpdir(), 'usergraph-container-'));
      mkdirSync(join(dir, 'etc'));
      mkdirSync(join(dir, 'secrets'));
      writeFileSync(join(dir, 'secrets', 'dqops-key'), `${ADMIN_CREDENTIALS.dqops}\n`);
      writeFileSync(
        join(dir, 'etc', 'usergraph.yaml'),
        [
          `server: { port: ${port}, host: 127.0.0.1, health: { probeIntervalMs: 0 } }`,
          `auth: { apiKeys: [{ name: ct, role: admin, hash: "${hashApiKey(KEY)}" }] }`,
          'sources:',
          `  - { name: dq, vendor: dqops, url: "${sims[0]!.url}", credentials: { mode: service, secret: "\${file:/run/secrets/dqops-key}" }, timeoutMs: 5000 }`,
          `  - { name: wa, vendor: waldur, url: "${sims[1]!.url}", credentials: { mode: service, secret: ${ADMIN_CREDENTIALS.waldur} } }`,
          `  - { name: rs, vendor: rockset, url: "${sims[2]!.url}", credentials: { mode: service, secret: ${ADMIN_CREDENTIALS.rockset} } }`,
          '',
        ].join('\n'),
      );
      for (const f of [dir, join(dir, 'etc'), join(dir, 'secrets')]) chmodSync(f, 0o755);
      chmodSync(join(dir, 'etc', 'usergraph.yaml'), 0o644);
      chmodSync(join(dir, 'secrets', 'dqops-key'), 0o644);
      // Host networking keeps everything on loopback: the simulators run in this test process.
      podman([
        'run',
        '-d',
        '--name',
        CONTAINER,
        '--network=host',
        // PORT, as an operator sets it: the image's HEALTHCHECK asks that port.
        '-e',
        `PORT=${port}`,
        '-v',
        `${join(dir, 'etc')}:/etc/usergraph:ro`,
        '-v',
        `${join(dir, 'secrets')}:/run/secrets:ro`,
        IMAGE,
      ]);
      for (let i = 0; i < 100; i++) {
        const up = await request(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.body.dump().then(() => r.statusCode === 200),
          () => false,
        );
        if (up) return;
        await sleep(100);
      }
      throw new Error(`the gateway in the container did not answer: ${podman(['logs', CONTAINER], { allowFail: true }).stderr}`);
    });

    after(async () => {
      podman(['rm', '-f', CONTAINER], { allowFail: true });
      await Promise.all(sims.map((s) => s.close()));
    });

    it('answers /healthz, /readyz and a query over all three sources, with a key read from a mounted file', async () => {
      const health = await request(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.statusCode, 200);
      await health.body.dump();
      const ready = await request(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.statusCode, 200);
      await ready.body.dump();
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query: '{ users(first: 200) { nodes { source { name } } } }' }),
      });
      const body = (await res.body.json()) as { data: { users: { nodes: { source: { name: string } }[] } }; errors?: unknown };
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      assert.deepEqual([...new Set(body.data.users.nodes.map((n) => n.source.name))].sort(), ['dq', 'rs', 'wa']);
    });

    it('runs as uid 1000, passes its HEALTHCHECK, carries its version label, and holds no dev dependency', () => {
      assert.equal(podman(['exec', CONTAINER, 'id', '-u']).stdout.trim(), '1000');
      assert.equal(podman(['healthcheck', 'run', CONTAINER], { allowFail: true }).status, 0, 'HEALTHCHECK');
      assert.equal(podman(['image', 'inspect', '--format', '{{ index .Labels "org.opencontainers.image.version" }}', IMAGE]).stdout.trim(), VERSION);
      const dev = podman(
        ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', 'ls node_modules/typescript node_modules/@biomejs node_modules/playwright-core 2>/dev/null | wc -l'],
        {
          allowFail: true,
        },
      );
      assert.equal(dev.stdout.trim(), '0', `dev dependencies in the image: ${dev.stdout}`);
      const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', IMAGE]).stdout.trim());
      process.stdout.write(`# image size: ${Math.round(size / 1024 / 1024)} MB (on the stand-in base)\n`);
    });

    it('SIGTERM lets a request in flight finish, then the container exits 0', async () => {
      // DQOps answers in 1.5 s: the request is in flight when the stop comes.
      await hook(sims[0]!, 'POST', 'faults', { kind: 'latency', ms: 1_500, method: 'GET' });
      const inFlight = request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query: '{ users(sources: ["dq"]) { totalCount } }' }),
      });
      await sleep(400);
      // podman stop sends SIGTERM to PID 1 (node itself: the image's exec-form ENTRYPOINT) and waits.
      podman(['stop', '-t', '20', CONTAINER]);
      const res = await inFlight;
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as { data: { users: { totalCount: number } } };
      assert.ok(body.data.users.totalCount > 0);
      assert.equal(podman(['inspect', '--format', '{{.State.ExitCode}}', CONTAINER]).stdout.trim(), '0');
    });
  });

  describe('deploy/demo/compose.yaml: two replicas on one Redis before the three simulators', { skip: composeUnusable() ?? false }, () => {
    const project = `usergraph-demo-${process.pid}`;
    const file = join(PROJECT_ROOT, 'deploy', 'demo', 'compose.yaml');
    const key = `ugk_${randomBytes(24).toString('base64url')}`;
    let ports: number[] = [];
    let composeEnv: NodeJS.ProcessEnv;

    function compose(args: string[]): { status: number; out: string } {
      const r = spawnSync('podman-compose', ['-p', project, '-f', file, ...args], { env: composeEnv, encoding: 'utf8', timeout: 300_000 });
      return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
    }

    async function graphql(port: number, query: string, variables?: Record<string, unknown>): Promise<{ data: Record<string, unknown>; errors?: unknown }> {
      const res = await request(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.body.json()) as { data?: Record<string, unknown> | null; errors?: unknown };
      return { data: body.data ?? {}, errors: body.errors };
    }

    before(async () => {
      ensureRedisImage();
      // Two different ports: the same one twice left the second replica created but never started.
      ports = await freePorts(2);
      composeEnv = {
        ...podmanEnv(),
        USERGRAPH_IMAGE: IMAGE,
        REDIS_IMAGE,
        USERGRAPH_PORT_1: String(ports[0]),
        USERGRAPH_PORT_2: String(ports[1]),
        USERGRAPH_ADMIN_KEY_HASH: hashApiKey(key),
        USERGRAPH_PLAN_SIGNING_KEY: randomBytes(32).toString('base64'),
      };
      const up = compose(['up', '-d']);
      assert.equal(up.status, 0, up.out.slice(-3000));
      // Both replicas ready: Redis and every source answered their background probes.
      for (const port of ports) {
        let ready = false;
        // Up to 60 s for each replica to probe Redis and the three simulators.
        for (const until = Date.now() + 60_000; !ready && Date.now() < until; ) {
          // A port that takes the connection but never answers must not hold the loop: 2 s a try.
          ready = await request(`http://127.0.0.1:${port}/readyz`, { headersTimeout: 2_000, bodyTimeout: 2_000 }).then(
            (r) => r.body.dump().then(() => r.statusCode === 200),
            () => false,
          );
          if (!ready) await sleep(200);
        }
        assert.ok(ready, `replica on ${port} never ready: ${compose(['logs']).out.slice(-3000)}`);
      }
    });

    after(() => {
      if (!composeEnv) return;
      compose(['down', '-t', '5']);
      // podman-compose 1.0 leaves the project's network behind.
      podman(['network', 'rm', '-f', `${project}_default`], { allowFail: true });
    });

    it('each replica answers a query over the three simulators', async () => {
      for (const port of ports) {
        const body = await graphql(port, '{ users(first: 200) { nodes { source { name } } } }');
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        const nodes = (body.data['users'] as { nodes: { source: { name: string } }[] }).nodes;
        assert.deepEqual([...new Set(nodes.map((n) => n.source.name))].sort(), ['dqops', 'rockset', 'waldur']);
      }
    });

    it('a plan signed by one replica runs on the other (one signing key), and the other replica sees the result', async () => {
      const email = 'grace@example.com';
      const plan = await graphql(
        ports[0]!,
        'query($e: EmailAddress!) { planOffboarding(email: $e, actions: [REVOKE_ROLES]) { planId steps { source { name } } } }',
        {
          e: email,
        },
      );
      assert.equal(plan.errors, undefined, JSON.stringify(plan.errors));
      const { planId, steps } = plan.data['planOffboarding'] as { planId: string; steps: unknown[] };
      assert.ok(steps.length > 0, 'the demo person holds roles');
      const run = await graphql(ports[1]!, 'mutation($i: OffboardInput!) { offboard(input: $i) { steps { outcome } userErrors { code message } } }', {
        i: { email, actions: ['REVOKE_ROLES'], planId },
      });
      assert.equal(run.errors, undefined, JSON.stringify(run.errors));
      const payload = run.data['offboard'] as { steps: { outcome: string }[]; userErrors: unknown[] };
      assert.deepEqual(payload.userErrors, []);
      const done = payload.steps.filter((s) => s.outcome === 'DONE').length;
      assert.ok(done > 0, JSON.stringify(payload.steps));
      // Replica 1 sees the revocations replica 2 made (its snapshots were invalidated through Redis).
      const again = await graphql(ports[0]!, 'query($e: EmailAddress!) { planOffboarding(email: $e, actions: [REVOKE_ROLES]) { steps { source { name } } } }', {
        e: email,
      });
      assert.equal((again.data['planOffboarding'] as { steps: unknown[] }).steps.length, steps.length - done);
    });
  });
});
