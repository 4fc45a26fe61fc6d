import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/paths.js';

/** podman on these machines, for the image and compose tests: the stand-in bases and the project's image. */

const BASE = 'localhost/bookworm:base';
const NODE_IMAGE = 'docker.io/library/node:20-slim';
/** A stand-in for redis:7-alpine (no registry here): Debian's redis-server in a minbase rootfs. */
export const REDIS_IMAGE = 'localhost/redis-standin:bookworm';
export const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Why podman cannot run here, or undefined when it can (then the test builds and runs the image). */
function podmanUnusable(): string | undefined {
  for (const tool of ['podman', 'mmdebstrap']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed: apt-get install podman runc mmdebstrap (.ci/run does)`;
  }
  return undefined;
}
export const UNUSABLE = podmanUnusable();

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

let env: NodeJS.ProcessEnv | undefined;

/** The environment podman runs in: this machine's containers.conf (made on first use). */
export function podmanEnv(): NodeJS.ProcessEnv {
  env ??= { ...process.env, CONTAINERS_CONF: containersConf() };
  return env;
}

export function podman(args: string[], options: { input?: string; allowFail?: boolean } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('podman', args, { env: podmanEnv(), encoding: 'utf8', input: options.input, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  const out = { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (out.status !== 0 && !options.allowFail) throw new Error(`podman ${args.join(' ')} exited ${out.status}: ${out.stderr.slice(-2000)}`);
  return out;
}

/**
 * No registry is reachable here, so `FROM node:20-slim` gets a stand-in of the same name: a Debian
 * rootfs from the apt repositories, this machine's own Node 20 and npm, the `node` user (uid 1000)
 * and this network's CA bundle. Kept between runs; users build on the real image.
 */
export function ensureNodeImage(): void {
  if (podman(['image', 'exists', NODE_IMAGE], { allowFail: true }).status === 0) return;
  if (podman(['image', 'exists', BASE], { allowFail: true }).status !== 0) {
    const rootfs = spawnSync('mmdebstrap', ['--quiet', '--variant=minbase', 'bookworm', '-'], { maxBuffer: 1024 * 1024 * 1024, timeout: 600_000 });
    if (rootfs.status !== 0) throw new Error(`mmdebstrap failed: ${rootfs.stderr?.toString().slice(-2000)}`);
    const imported = spawnSync('podman', ['import', '-q', '-', BASE], { env: podmanEnv(), input: rootfs.stdout, timeout: 600_000 });
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

/** The redis stand-in, built once and kept like the Node one. */
export function ensureRedisImage(): void {
  if (podman(['image', 'exists', REDIS_IMAGE], { allowFail: true }).status === 0) return;
  const rootfs = spawnSync('mmdebstrap', ['--quiet', '--variant=minbase', '--include=redis-server', 'bookworm', '-'], {
    maxBuffer: 1024 * 1024 * 1024,
    timeout: 600_000,
  });
  if (rootfs.status !== 0) throw new Error(`mmdebstrap failed: ${rootfs.stderr?.toString().slice(-2000)}`);
  const imported = spawnSync('podman', ['import', '-q', '-', REDIS_IMAGE], { env: podmanEnv(), input: rootfs.stdout, timeout: 600_000 });
  if (imported.status !== 0) throw new Error(`podman import failed: ${imported.stderr?.toString()}`);
}

/** The project's own Dockerfile, unchanged, as a user builds it (the base from the stand-in). */
export function buildImage(tag: string): void {
  ensureNodeImage();
  podman(['build', '-q', '--pull=never', '--format', 'docker', '--build-arg', `VERSION=${VERSION}`, '-t', tag, PROJECT_ROOT]);
}
