import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** Where Debian's redis-server is, or undefined when this machine has none (tests then skip, saying how to get it). */
export function redisServerPath(): string | undefined {
  for (const path of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    try {
      execFileSync(path, ['--version'], { stdio: 'ignore' });
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const NO_REDIS = 'redis-server is not installed: `apt-get install redis-server` (CI does this in .ci/run)';

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no port');
  return port;
}

/**
 * `count` different free loopback ports. Each is held until all are found: two calls of
 * freePort in a row may get the same port back (the kernel hands out a port just closed).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(async (server) => {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const address = server.address();
        if (address === null || typeof address === 'string') throw new Error('no port');
        return address.port;
      }),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/**
 * A redis-server of the test's own on a free port, no persistence, stopped by its PID. `stop()`
 * and `start()` again on the same port let a test take Redis away and bring it back.
 */
export class TestRedis {
  readonly port: number;
  readonly #path: string;
  #process: ChildProcess | undefined;

  private constructor(path: string, port: number) {
    this.#path = path;
    this.port = port;
  }

  static async start(path: string): Promise<TestRedis> {
    const redis = new TestRedis(path, await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.#process = spawn(this.#path, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (await accepts(this.port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    this.#process = undefined;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** The commands the counting itself sends: its INFO, and what ioredis says on connecting. */
const COUNTING_COMMANDS = new Set(['info', 'client|setinfo', 'client', 'select']);

/** How many times the Redis at `url` has run each command so far (INFO commandstats; commands run by scripts count too). */
async function commandCalls(url: string): Promise<Map<string, number>> {
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    const info = await client.info('commandstats');
    return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1] ?? '', Number(m[2])]));
  } finally {
    client.disconnect();
  }
}

/** The commands the Redis at `url` ran while `work` did, by name, leaving out those of the counting itself. */
export async function redisCommandsDuring(url: string, work: () => Promise<void>): Promise<Record<string, number>> {
  const before = await commandCalls(url);
  await work();
  const after = await commandCalls(url);
  const ran: Record<string, number> = {};
  for (const [name, calls] of after) {
    const more = calls - (before.get(name) ?? 0);
    if (more > 0 && !COUNTING_COMMANDS.has(name)) ran[name] = more;
  }
  return ran;
}
