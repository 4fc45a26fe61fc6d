import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { encodeUserId } from '../../src/ids/global-id.js';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { REFERENCE_SEED } from '../helpers/paths.js';
import { ADMIN_CREDENTIALS } from '../helpers/stack.js';
import { type Measure, measure, type Work } from './closed-loop.js';
import { BENCH_CREDENTIALS, largeSeed, waldurUuid } from './large-seed.js';
import { peakRssMb, rssMb, spawnCli } from './processes.js';
import { scaleOut } from './scale-out.js';

/**
 * `npm run bench`: the simulators on loopback with a generated directory, the gateway over them,
 * and closed-loop load (N connections, each sending its next request when the last answered) on
 * each scenario, against the same work done by calling the vendors directly. Rounds interleave
 * the scenarios so that drift on a shared machine hits all of them alike. Prints a markdown table.
 */
const KEY = 'ugk_bench-0123456789abcdefghijklmnopqrstuvwxyz01';
const VENDORS: VendorName[] = ['dqops', 'waldur', 'rockset'];

interface Stack {
  urls: Record<VendorName | 'gateway', string>;
  children: ChildProcess[];
  pools: Record<VendorName | 'gateway', Pool>;
  sizes: { dqops: number; waldur: number; rockset: number };
  /** The `Authorization` header each vendor takes for the seed's administrator. */
  auth: Record<VendorName, string>;
}

/** What a bench stack is seeded with: the generated directory (`sizes`) or the tests' reference seed. */
type BenchSeed = { sizes: Stack['sizes'] } | 'reference';

/**
 * The simulators and the gateway, each in its own process, so the load driver does not share their
 * event loops. `gatewayFlags`: Node flags for the gateway process alone (a heap cap, as an operator
 * would set in NODE_OPTIONS). `listTtlMs`: every source's `cache.listTtlMs` (absent: the default);
 * 0 turns the shared snapshots off, so every request calls every vendor it needs. `heapTargetMb`:
 * `server.memory.heapTargetMb` (absent: the default; 0 leaves V8's own heap growth).
 */
async function startBenchStack(seed: BenchSeed, latencyMs: number, gatewayFlags: string[] = [], listTtlMs?: number, heapTargetMb?: number): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-bench-'));
  const seedFile = seed === 'reference' ? REFERENCE_SEED : join(dir, 'seed.json');
  if (seed !== 'reference') writeFileSync(seedFile, JSON.stringify(largeSeed(seed.sizes)));
  const credentials = seed === 'reference' ? ADMIN_CREDENTIALS : BENCH_CREDENTIALS;
  const sizes = seed === 'reference' ? { dqops: 0, waldur: 0, rockset: 0 } : seed.sizes;
  const sims = await Promise.all(
    VENDORS.map((v) =>
      spawnCli(['simulate', v, '--port', '0', '--seed', seedFile, ...(latencyMs ? ['--latency', String(latencyMs)] : [])], /listening on (http:\/\/\S+)/),
    ),
  );
  const urls = Object.fromEntries(VENDORS.map((v, i) => [v, sims[i]?.url ?? ''])) as Record<VendorName, string>;
  const configFile = join(dir, 'usergraph.yaml');
  writeFileSync(
    configFile,
    [
      `server: { port: 0, host: 127.0.0.1, logLevel: silent, rateLimits: { enabled: false }, limits: { maxResolvedObjects: 1000000 }${heapTargetMb === undefined ? '' : `, memory: { heapTargetMb: ${heapTargetMb} }`} }`,
      `auth: { apiKeys: [{ name: bench, role: admin, hash: "${hashApiKey(KEY)}" }] }`,
      'sources:',
      ...VENDORS.map(
        (v) =>
          `  - { name: ${v}, vendor: ${v}, url: "${urls[v]}", credentials: { mode: service, secret: ${credentials[v]} }${listTtlMs === undefined ? '' : `, cache: { listTtlMs: ${listTtlMs} }`} }`,
      ),
    ].join('\n'),
  );
  const gateway = await spawnCli(['serve', '--config', configFile], /at (http:\/\/\S+\/graphql)/, gatewayFlags);
  const pool = (url: string) => new Pool(new URL(url).origin, { connections: 64, pipelining: 1 });
  return {
    urls: { ...urls, gateway: gateway.url },
    children: [gateway.child, ...sims.map((s) => s.child)],
    pools: { gateway: pool(gateway.url), dqops: pool(urls.dqops), waldur: pool(urls.waldur), rockset: pool(urls.rockset) },
    sizes,
    auth: { dqops: `Bearer ${credentials.dqops}`, waldur: `Token ${credentials.waldur}`, rockset: `ApiKey ${credentials.rockset}` },
  };
}

async function stopBenchStack(stack: Stack): Promise<void> {
  await Promise.all(Object.values(stack.pools).map((p) => p.close()));
  await Promise.all(
    stack.children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve(null);
          c.once('exit', resolve);
          c.kill('SIGTERM');
        }),
    ),
  );
}

/** The gateway's RSS and V8 heap in use, in MB, as `rss / heap`: RSS alone mixes live data with what V8 keeps reserved. */
async function memory(stack: Stack): Promise<string> {
  const res = await stack.pools.gateway.request({ method: 'GET', path: '/metrics' });
  const text = await res.body.text();
  const heap = Number(/^usergraph_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0) / 1024 / 1024;
  return `${fmt(rssMb(stack.children[0]))} / ${fmt(heap)}`;
}

/** The gateway's memory (see `memory`) before, halfway through and after 10,000 sequential users(first: 50). */
async function memoryOver(stack: Stack): Promise<string> {
  const work = usersPage(stack).gateway;
  const start = await memory(stack);
  const began = performance.now();
  for (let i = 0; i < 5_000; i++) await work(i);
  const middle = await memory(stack);
  for (let i = 0; i < 5_000; i++) await work(i);
  const seconds = (performance.now() - began) / 1000;
  return `${start} MB at start, ${middle} MB after 5,000, ${await memory(stack)} MB after 10,000 (${fmt(10_000 / seconds)} req/s at 1 connection)`;
}

/**
 * RSS after 10,000 requests cycling through every gateway scenario at `connections`, and the most
 * RSS the process ever had (VmHWM): what a container's memory limit must allow.
 */
async function mixedMemory(stack: Stack, connections: number): Promise<{ rss: number; peak: number; perSecond: number }> {
  const works = scenarios(stack).map((s) => s.gateway);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < 10_000; i = next++) await works[i % works.length]?.(i);
    }),
  );
  return { rss: rssMb(stack.children[0]), peak: peakRssMb(stack.children[0]), perSecond: 10_000 / ((performance.now() - started) / 1000) };
}

/** The mixed load on a fresh gateway (`heapTargetMb` as startBenchStack), one line. */
async function mixedLine(sizes: Stack['sizes'], connections: number, heapTargetMb?: number): Promise<{ rss: number; peak: number }> {
  const fresh = await startBenchStack({ sizes }, 0, [], undefined, heapTargetMb);
  try {
    const mixed = await mixedMemory(fresh, connections);
    const how = heapTargetMb === 0 ? "server.memory.heapTargetMb: 0 (V8's own heap growth)" : 'the default config and V8 flags';
    process.stdout.write(
      `- 10,000 mixed requests (every scenario in turn, ${connections} connections) on a fresh gateway, ${how}: RSS ${fmt(mixed.rss)} MB after (V8 heap ${await memory(fresh)}), peak ${fmt(mixed.peak)} MB, ${fmt(mixed.perSecond)} req/s\n`,
    );
    return mixed;
  } finally {
    await stopBenchStack(fresh);
  }
}

async function get(pool: Pool, path: string, authorization: string): Promise<void> {
  const res = await pool.request({ method: 'GET', path, headers: { authorization } });
  await res.body.dump();
  if (res.statusCode >= 400) throw new Error(`GET ${path}: ${res.statusCode}`);
}

async function graphql(stack: Stack, query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const res = await stack.pools.gateway.request({
    method: 'POST',
    path: new URL(stack.urls.gateway).pathname,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.body.json()) as { errors?: unknown[] };
  if (res.statusCode !== 200 || body.errors) throw new Error(`gateway: ${res.statusCode} ${JSON.stringify(body.errors).slice(0, 200)}`);
  return body;
}

const email = (i: number) => `user${String(i).padStart(5, '0')}@example.org`;

/** `GET /api/users/{uuid}/` of a different Waldur user each time, through `pool` (the simulator's own, or the bare proxy's). */
function waldurGet(stack: Stack, pool: Pool = stack.pools.waldur): Work {
  return (i) => get(pool, `/api/users/${waldurUuid(i % stack.sizes.waldur)}/`, stack.auth.waldur);
}

/** What a client without usergraph calls for one page of everyone: the three list calls, in parallel. */
function threeLists(stack: Stack): Work {
  return async () => {
    await Promise.all([
      get(stack.pools.dqops, '/api/users', stack.auth.dqops),
      get(stack.pools.waldur, '/api/users/?page_size=51&o=email', stack.auth.waldur),
      get(stack.pools.rockset, '/v1/orgs/self/users', stack.auth.rockset),
    ]);
  };
}

const FLOOR = 'floor: { __typename }, no upstream call (vs one Waldur GET)';
const WALDUR_USER = 'user(id), a different Waldur user each time';
const BARE_PROXY = 'bare proxy: the Waldur GET through node:http + undici and nothing else';
const SNAPSHOT_USER = 'user(id) of a DQOps user, from the shared snapshot (vs one Waldur GET)';

/** Each scenario: the gateway's work, and the same done straight at the vendors. */
function scenarios(stack: Stack): { name: string; gateway: Work; direct: Work }[] {
  const { sizes, auth } = stack;
  return [
    {
      // The floor of the fixed stack (Apollo Server, graphql-js, type-graphql, auth, limits): no
      // upstream call at all. No query that calls a vendor can beat this ratio.
      name: FLOOR,
      gateway: () => graphql(stack, '{ __typename }').then(() => undefined),
      direct: waldurGet(stack),
    },
    {
      name: WALDUR_USER,
      // Variables, as real clients send them: the document is parsed and validated once (Apollo's document cache).
      gateway: (i) =>
        graphql(stack, 'query User($id: ID!) { user(id: $id) { email displayName } }', { id: encodeUserId('waldur', waldurUuid(i % sizes.waldur)) }).then(
          () => undefined,
        ),
      direct: waldurGet(stack),
    },
    {
      name: SNAPSHOT_USER,
      // Answered from the DQOps list snapshot, without a vendor call.
      gateway: (i) =>
        graphql(stack, 'query User($id: ID!) { user(id: $id) { email displayName } }', { id: encodeUserId('dqops', email(i % sizes.dqops)) }).then(
          () => undefined,
        ),
      direct: waldurGet(stack),
    },
    usersPage(stack),
    {
      name: 'person(email), a different person each time',
      gateway: (i) =>
        graphql(stack, `{ person(email: "${email(i % sizes.rockset)}") { accounts { source { name } permissions { level } } } }`).then(() => undefined),
      direct: async (i) => {
        await Promise.all([
          get(stack.pools.dqops, `/api/users/${encodeURIComponent(email(i % sizes.rockset))}`, auth.dqops),
          get(stack.pools.waldur, `/api/users/?email=${encodeURIComponent(email(i % sizes.rockset))}`, auth.waldur),
          get(stack.pools.rockset, `/v1/orgs/self/users/${encodeURIComponent(email(i % sizes.rockset))}`, auth.rockset),
        ]);
      },
    },
    {
      name: 'people(first: 50) { accounts }',
      gateway: () => graphql(stack, '{ people(first: 50) { nodes { email accounts { source { name } status } } } }').then(() => undefined),
      direct: threeLists(stack),
    },
  ];
}

/** `users(first: 50)` over the three vendors, against the three list calls made in parallel. */
function usersPage(stack: Stack): { name: string; gateway: Work; direct: Work } {
  return {
    name: 'users(first: 50) over three vendors',
    gateway: () => graphql(stack, '{ users(first: 50) { nodes { id email displayName status permissions { role level } } } }').then(() => undefined),
    direct: threeLists(stack),
  };
}

/**
 * CPU µs per request of each process (medians over the rounds), for the scenarios named: the two
 * cores are shared by the load driver, the gateway and the simulator, so a ratio is what the
 * gateway's share leaves of them.
 */
function cpuTable(results: Map<string, { gateway: Measure[]; direct: Measure[] }>, names: readonly string[], processes: readonly string[]): string {
  const columns = ['load driver', ...processes];
  const rows: string[] = [];
  for (const name of names) {
    const r = results.get(name);
    if (!r) continue;
    for (const [side, measures] of [
      ['through the gateway', r.gateway],
      ['direct', r.direct],
    ] as const) {
      const cells = columns.map((c) => median(measures.map((m) => m.cpu[c] ?? 0)));
      const label = name === BARE_PROXY && side === 'through the gateway' ? 'through the bare proxy' : side;
      rows.push(`| ${name.split(':')[0]}, ${label} | ${cells.map((c) => fmt(c)).join(' | ')} | ${fmt(cells.reduce((a, b) => a + b, 0))} |`);
    }
  }
  return `\n| CPU µs per request (median of the rounds) | ${columns.join(' | ')} | all |\n|---|${columns.map(() => '---:|').join('')}---:|\n${rows.join('\n')}\n`;
}

/** Issue 28's ratio for the Waldur path. */
const WALDUR_TARGET = 0.4;

/**
 * What the Waldur path's ratio target asks of the gateway's CPU on this machine. At `target` times
 * the direct rate, the gateway's main thread (one core at most) may spend 1e6 / rate µs on each
 * request, and all the cores together must also carry the load driver and the simulator; the
 * smaller of the two is the gateway's budget. Beside it, what the bare proxy spends doing nothing
 * but the hop, and the ratio that buys it.
 */
function budgetLine(results: Map<string, { gateway: Measure[]; direct: Measure[] }>, target: number): string {
  const path = results.get(WALDUR_USER);
  const proxy = results.get(BARE_PROXY);
  if (!path || !proxy) return '';
  const rate = target * median(path.direct.map((m) => m.rps));
  const cpu = (measures: Measure[], who: string) => median(measures.map((m) => m.cpu[who] ?? 0));
  const others = cpu(path.gateway, 'load driver') + cpu(path.gateway, 'Waldur simulator');
  const cores = availableParallelism();
  const budget = Math.min(1e6 / rate, (cores * 1e6) / rate - others);
  const proxyRatio = median(proxy.gateway.map((g, i) => g.rps / (proxy.direct[i]?.rps ?? 1)));
  return (
    `\n- ${target}× of the direct GET is ${fmt(rate)} req/s: the gateway may then spend at most ${fmt(budget)} µs of CPU on a Waldur user(id) ` +
    `(its main thread is one core; the ${cores} cores also carry the load driver's and the simulator's ${fmt(others)} µs), and spends ${fmt(cpu(path.gateway, 'gateway'))}. ` +
    `The bare proxy spends ${fmt(cpu(proxy.gateway, 'bare proxy'))} µs on the hop alone and reaches ${fmt(proxyRatio, 2)}×.\n`
  );
}

/** The old-space cap of the second memory run, in MB: about three times the live data measured at scale 1. */
const HEAP_CAP_MB = 160;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      scale: { type: 'string', default: '1' },
      // `--only scale-out`: the three-replica rows alone (memory against Redis); `--only memory`: the mixed-load
      // memory run alone; `--only pretenuring`: the Waldur path after list traffic, with V8's pretenuring and without.
      only: { type: 'string' },
    },
  });
  if (values.only === 'scale-out') {
    await scaleOut();
    return;
  }
  if (values.only === 'pretenuring') {
    const scale = Number(values.scale);
    await pretenuring({ dqops: Math.round(2_000 * scale), waldur: Math.round(10_000 * scale), rockset: Math.round(2_000 * scale) }, Number(values.connections));
    return;
  }
  if (values.only === 'memory') {
    // The memory targets alone: 10,000 mixed requests on a fresh gateway, with the default heap target and without.
    const scale = Number(values.scale);
    const sizes = { dqops: Math.round(2_000 * scale), waldur: Math.round(10_000 * scale), rockset: Math.round(2_000 * scale) };
    await mixedLine(sizes, Number(values.connections));
    await mixedLine(sizes, Number(values.connections), 0);
    return;
  }
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const scale = Number(values.scale);
  const sizes = { dqops: Math.round(2_000 * scale), waldur: Math.round(10_000 * scale), rockset: Math.round(2_000 * scale) };
  process.stdout.write(
    `usergraph bench: ${JSON.stringify(sizes)} users, ${rounds} rounds x ${seconds} s, ${connections} connections, node ${process.version}\n\n`,
  );

  const targets: { what: string; figure: number; target: number; unit: string; atLeast: boolean }[] = [];
  const stack = await startBenchStack({ sizes }, 0);
  const proxy = await spawnCli([stack.urls.waldur], /listening on (http:\/\/\S+)/, [], join(__dirname, 'bare-proxy.js'));
  const proxyPool = new Pool(proxy.url, { connections: 64, pipelining: 1 });
  const proxied = waldurGet(stack, proxyPool);
  const results = new Map<string, { gateway: Measure[]; direct: Measure[] }>();
  try {
    const list = scenarios(stack);
    list.push({
      // What a process in the middle costs on this machine before it does any work: the ceiling
      // for user(id)'s ratio.
      name: BARE_PROXY,
      gateway: proxied,
      direct: waldurGet(stack),
    });
    for (const s of list) await warm(s.gateway, connections); // snapshots loaded, JIT done
    // Where each request's CPU goes: every process of the stack is watched (on Linux).
    const watched = { gateway: stack.children[0], 'bare proxy': proxy.child, 'Waldur simulator': stack.children[2] };
    for (let r = 0; r < rounds; r++) {
      for (const s of list) {
        const entry = results.get(s.name) ?? { gateway: [], direct: [] };
        entry.gateway.push(await measure(s.gateway, connections, seconds, watched));
        entry.direct.push(await measure(s.direct, connections, seconds, watched));
        results.set(s.name, entry);
      }
    }
    const userById = list.find((x) => x.name === WALDUR_USER);
    const one = await measure(userById?.gateway ?? (async () => undefined), 1, seconds);
    const oneDirect = await measure(userById?.direct ?? (async () => undefined), 1, seconds);
    const oneProxy = await measure(proxied, 1, seconds);
    const walkStart = performance.now();
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const body = (await graphql(stack, `{ users(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { endCursor hasNextPage } } }`)) as {
        data: { users: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
      };
      after = body.data.users.pageInfo.endCursor;
      if (!body.data.users.pageInfo.hasNextPage) break;
    }
    const walkMs = performance.now() - walkStart;
    const memoryLine = await memoryOver(stack);

    process.stdout.write(
      '| scenario | gateway req/s | direct req/s | ratio (median, min-max) | gateway p50 ms | direct p50 ms |\n|---|---:|---:|---:|---:|---:|\n',
    );
    for (const [name, { gateway, direct }] of results) {
      const ratios = gateway.map((g, i) => g.rps / (direct[i]?.rps ?? 1));
      process.stdout.write(
        `| ${name} | ${fmt(median(gateway.map((g) => g.rps)))} | ${fmt(median(direct.map((d) => d.rps)))} | ${fmt(median(ratios), 2)} (${fmt(Math.min(...ratios), 2)}-${fmt(Math.max(...ratios), 2)}) | ${fmt(median(gateway.map((g) => g.p50)), 2)} | ${fmt(median(direct.map((d) => d.p50)), 2)} |\n`,
      );
    }
    process.stdout.write(cpuTable(results, [WALDUR_USER, FLOOR, BARE_PROXY], Object.keys(watched)));
    process.stdout.write(budgetLine(results, WALDUR_TARGET));
    process.stdout.write(
      `\n- user(id) at 1 connection: p50 ${fmt(one.p50, 2)} ms vs direct ${fmt(oneDirect.p50, 2)} ms (added ${fmt(one.p50 - oneDirect.p50, 2)} ms); the same GET through the bare proxy: ${fmt(oneProxy.p50, 2)} ms (added ${fmt(oneProxy.p50 - oneDirect.p50, 2)} ms)\n`,
    );
    process.stdout.write(`- 100-page cursor walk of users(first: 100): ${fmt(walkMs)} ms\n`);
    const ratioOf = (name: string) => {
      const r = results.get(name);
      return r ? median(r.gateway.map((g, i) => g.rps / (r.direct[i]?.rps ?? 1))) : 0;
    };
    targets.push(
      { what: '`user(id)` from a snapshot, 16 connections, vs the plain GET', figure: ratioOf(SNAPSHOT_USER), target: 0.5, unit: '×', atLeast: true },
      { what: '`{ __typename }`, 16 connections, vs the plain GET', figure: ratioOf(FLOOR), target: 0.8, unit: '×', atLeast: true },
      {
        what: '`user(id)` of a different Waldur user, 16 connections, vs the direct GET',
        figure: ratioOf(WALDUR_USER),
        target: WALDUR_TARGET,
        unit: '×',
        atLeast: true,
      },
      { what: '`user(id)` of a Waldur user, p50 added at 1 connection', figure: one.p50 - oneDirect.p50, target: 0.4, unit: ' ms', atLeast: false },
    );
    process.stdout.write(
      `- gateway memory over 10,000 sequential users(first: 50) after every scenario above (V8 keeps the heap it grew under ${connections} connections), RSS / V8 heap used: ${memoryLine}\n`,
    );
  } finally {
    await proxyPool.close();
    proxy.child.kill('SIGTERM');
    await stopBenchStack(stack);
  }

  // The same 10,000 requests on fresh gateways: with Node's defaults, with V8 told to grow its heap
  // by 30% rather than up to 4x after a collection, and with the old space capped (NODE_OPTIONS, as
  // a container would set them). A cap collects instead of growing but ends the process if the live
  // data outgrows it; a growth percent only makes collections more frequent.
  // The mixed load of the memory targets, on a fresh gateway as shipped; then without the heap target.
  const mixed = await mixedLine(sizes, connections);
  targets.push(
    { what: 'RSS after 10,000 mixed large-directory requests, default flags', figure: mixed.rss, target: 200, unit: ' MiB', atLeast: false },
    { what: 'peak RSS over them, default flags', figure: mixed.peak, target: 250, unit: ' MiB', atLeast: false },
  );
  await mixedLine(sizes, connections, 0);
  process.stdout.write('\n| target (issue 28) | figure | target | met |\n|---|---:|---:|---|\n');
  for (const t of targets) {
    const met = t.atLeast ? t.figure >= t.target : t.figure <= t.target;
    process.stdout.write(`| ${t.what} | ${fmt(t.figure, 2)}${t.unit} | ${t.atLeast ? '≥' : '≤'} ${t.target}${t.unit} | ${met ? 'yes' : 'no'} |\n`);
  }
  process.stdout.write('\n');

  // The sequential walk on fresh gateways: as shipped (the default heap target), with V8's own
  // growth, with the operator's growth percent (the heap target then stays out) and with a cap.
  const walks: [string, string[], number | undefined][] = [
    ['the default config and V8 flags', [], undefined],
    ["server.memory.heapTargetMb: 0 (V8's own heap growth)", [], 0],
    ['--heap-growing-percent=30', ['--heap-growing-percent=30'], undefined],
    [`--max-old-space-size=${HEAP_CAP_MB}`, [`--max-old-space-size=${HEAP_CAP_MB}`], undefined],
  ];
  for (const [label, flags, heapTargetMb] of walks) {
    const fresh = await startBenchStack({ sizes }, 0, flags, undefined, heapTargetMb);
    try {
      process.stdout.write(`- the same on a fresh gateway, ${label}: ${await memoryOver(fresh)}\n`);
    } finally {
      await stopBenchStack(fresh);
    }
  }

  // The reference seed (a few users per vendor): what a small deployment sees, with the default
  // snapshots and with none (every request calls the three vendors).
  for (const listTtlMs of [undefined, 0]) await referencePage(listTtlMs, rounds, connections, seconds);
  const smallFresh = await startBenchStack('reference', 0);
  try {
    process.stdout.write(`- the same 10,000 requests on the reference seed, fresh gateway, default V8 flags: ${await memoryOver(smallFresh)}\n`);
  } finally {
    await stopBenchStack(smallFresh);
  }

  for (const seed of ['reference', { sizes: { dqops: 200, waldur: 200, rockset: 200 } }] as const) {
    for (const listTtlMs of [0, undefined]) await fanOut(seed, connections, seconds, listTtlMs);
  }
  await pretenuring(sizes, connections);
  await scaleOut();
}

/**
 * A Waldur `user(id)` on a gateway that has first read large lists with snapshots off (every list
 * request maps whole vendor lists): with V8's allocation-site pretenuring (its default, which the
 * gateway leaves alone when the flag is given) and without (`server.memory.pretenuring`'s default).
 * Gateway CPU per request and rate, medians of three 5 s rounds.
 */
async function pretenuring(sizes: Stack['sizes'], connections: number): Promise<void> {
  const lines: string[] = [];
  for (const [label, flags] of [
    ["V8's pretenuring on (--allocation-site-pretenuring)", ['--allocation-site-pretenuring']],
    ['off (the default, server.memory.pretenuring: false)', []],
  ] as const) {
    const stack = await startBenchStack({ sizes }, 0, [...flags], 0);
    try {
      for (const s of scenarios(stack).filter((s) => s.name !== WALDUR_USER && s.name !== FLOOR && s.name !== SNAPSHOT_USER))
        await measure(s.gateway, connections, 4);
      const waldur = scenarios(stack).find((s) => s.name === WALDUR_USER);
      if (!waldur) throw new Error('no Waldur scenario');
      const rounds: Measure[] = [];
      for (let r = 0; r < 3; r++) rounds.push(await measure(waldur.gateway, connections, 5, { gateway: stack.children[0] }));
      lines.push(
        `${label}: ${fmt(median(rounds.map((m) => m.cpu['gateway'] ?? 0)))} µs of gateway CPU a request, ${fmt(median(rounds.map((m) => m.rps)))} req/s`,
      );
    } finally {
      await stopBenchStack(stack);
    }
  }
  process.stdout.write(`- Waldur user(id) after list traffic with snapshots off, ${connections} connections: ${lines.join('; ')}\n`);
}

/** How the cache was set, for the lines that print it. */
const cacheLabel = (listTtlMs: number | undefined) => (listTtlMs === 0 ? 'snapshots off (listTtlMs 0)' : 'default snapshots');

async function referencePage(listTtlMs: number | undefined, rounds: number, connections: number, seconds: number): Promise<void> {
  const small = await startBenchStack('reference', 0, [], listTtlMs);
  try {
    const page = usersPage(small);
    await warm(page.gateway, connections);
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const g = await measure(page.gateway, connections, seconds);
      const d = await measure(page.direct, connections, seconds);
      ratios.push(g.rps / d.rps);
    }
    process.stdout.write(
      `- reference seed, users(first: 50) vs the three list calls, ${cacheLabel(listTtlMs)}: ratio ${fmt(median(ratios), 2)} (${fmt(Math.min(...ratios), 2)}-${fmt(Math.max(...ratios), 2)})\n`,
    );
  } finally {
    await stopBenchStack(small);
  }
}

/** A fresh gateway process interprets before it optimizes: load it first, as a deployed one would be. */
async function warm(work: Work, connections: number): Promise<void> {
  await measure(work, connections, 3);
}

/**
 * Fan-out: every vendor answers 50 ms late, so the p50 shows whether the calls go out together.
 * At one connection this is latency alone; at N connections the machine's cores are shared by the
 * gateway, three simulators and this driver, so queueing shows too. With snapshots off every
 * request makes the three calls; with the default ones a warm gateway answers most from its snapshots.
 */
async function fanOut(seed: BenchSeed, connections: number, seconds: number, listTtlMs: number | undefined): Promise<void> {
  const slow = await startBenchStack(seed, 50, [], listTtlMs);
  try {
    const query: Work = () => graphql(slow, '{ users(first: 50) { nodes { email } } }').then(() => undefined);
    await warm(query, connections);
    const alone = await measure(query, 1, seconds);
    const direct = await measure(usersPage(slow).direct, 1, seconds);
    const loaded = await measure(query, connections, seconds);
    const name = seed === 'reference' ? 'reference seed' : `${seed.sizes.waldur} users per vendor`;
    process.stdout.write(
      `- fan-out with 50 ms per vendor, users(first: 50), ${name}, ${cacheLabel(listTtlMs)}: p50 ${fmt(alone.p50, 1)} ms at 1 connection (the three calls direct, in parallel: ${fmt(direct.p50, 1)} ms); p50 ${fmt(loaded.p50, 1)} ms, p99 ${fmt(loaded.p99, 1)} ms at ${connections}\n`,
    );
  } finally {
    await stopBenchStack(slow);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
