import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { freePort } from '../helpers/redis.js';
import { hook, startSim } from '../helpers/sim.js';
import { ADMIN_CREDENTIALS } from '../helpers/stack.js';

const KEY = 'ugk_container-test-0123456789abcdefghijklmnopqrs';
const BASE = 'localhost/bookworm:base';
const NODE_IMAGE = 'docker.io/library/node:20-slim';
const IMAGE = `localhost/usergraph:test-${process.pid}`;
const CONTAINER = `usergraph-test-${process.pid}`;
const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Why podman cannot run here, or undefined when it can (then the test builds and runs the image). */
function podmanUnusable(): string | undefined {
  for (const tool of ['podman', 'mmdebstrap']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed: apt-get install podman runc mmdebstrap (.ci/run does)`;
  }
  return undefined;
}
const UNUSABLE = podmanUnusable();

/**
 * podman as these machines need it (shared/CONTAINERS.md, found by trying): runc (crun refuses the
 * hybrid cgroups), cgroupfs, file events, and ulimits within what the sandbox allows.
 */
function containersConf(): string {
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-podman-'));
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim();
  const nofile = /^\d+$/.test(hard) ? hard : '1048576';
  const file = join(dir, 'containers.conf');
  writeFileSync(
    file,
    `[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n[containers]\ndefault_ulimits = ["nofile=${nofile}:${nofile}", "nproc=4096:4096"]\n`,
  );
  return file;
}

let env: NodeJS.ProcessEnv;
function podman(args: string[], options: { input?: string; allowFail?: boolean } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('podman', args, { env, encoding: 'utf8', input: options.input, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  const out = { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (out.status !== 0 && !options.allowFail) throw new Error(`podman ${args.join(' ')} exited ${out.status}: ${out.stderr.slice(-2000)}`);
  return out;
}

/**
 * No registry is reachable here, so `FROM node:20-slim` gets a stand-in of the same name: a Debian
 * rootfs from the apt repositories, this machine's own Node 20 and npm, the `node` user (uid 1000)
 * and this network's CA bundle. Kept between runs; users build on the real image.
 */
function ensureNodeImage(): void {
  if (podman(['image', 'exists', NODE_IMAGE], { allowFail: true }).status === 0) return;
  if (podman(['image', 'exists', BASE], { allowFail: true }).status !== 0) {
    const rootfs = spawnSync('mmdebstrap', ['--quiet', '--variant=minbase', 'bookworm', '-'], { maxBuffer: 1024 * 1024 * 1024, timeout: 600_000 });
    if (rootfs.status !== 0) throw new Error(`mmdebstrap failed: ${rootfs.stderr?.toString().slice(-2000)}`);
    const imported = spawnSync('podman', ['import', '-q', '-', BASE], { env, input: rootfs.stdout, timeout: 600_000 });
    if (imported.status !== 0) throw new Error(`podman import failed: ${imported.stderr?.toString()}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-node-image-'));
  copyFileSync(realpathSync(process.execPath), join(dir, 'node'));
  const npmRoot = execFileSync('npm', ['root', '-g']).toString().trim();
  cpSync(join(npmRoot, 'npm'), join(dir, 'npm'), { recursive: true });
  copyFileSync('/etc/ssl/certs/ca-certificates.crt', join(dir, 'ca.crt'));
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${BASE}`,
      'COPY node /usr/local/bin/node',
      'COPY npm /usr/local/lib/node_modules/npm',
      'COPY ca.crt /etc/ssl/certs/host-ca.crt',
      'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
      ' && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/sh --create-home node',
      'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca.crt',
      '',
    ].join('\n'),
  );
  podman(['build', '-q', '--pull=never', '-t', NODE_IMAGE, dir]);
}

describe('the container image (issue 25)', { skip: UNUSABLE ?? false, timeout: 900_000 }, () => {
  const sims: RunningSimulator[] = [];
  let port: number;
  let url: string;

  before(async () => {
    env = { ...process.env, CONTAINERS_CONF: containersConf() };
    ensureNodeImage();
    // The project's own Dockerfile, unchanged, as a user builds it (the base from the stand-in).
    podman(['build', '-q', '--pull=never', '--format', 'docker', '--build-arg', `VERSION=${VERSION}`, '-t', IMAGE, PROJECT_ROOT]);
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
    if (!env) return;
    podman(['rm', '-f', CONTAINER], { allowFail: true });
    podman(['rmi', '-f', IMAGE], { allowFail: true });
    // The build stage's unnamed image (and nothing with a name: the stand-in base stays for the next run).
    podman(['image', 'prune', '-f'], { allowFail: true });
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
