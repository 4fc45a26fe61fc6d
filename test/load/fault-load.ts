import { request } from 'undici';
import { TEST_KEYS } from '../helpers/gateway.js';
import { hook } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

export interface FaultLoadResult {
  sent: number;
  answered: number;
  gateway5xx: number;
  nonJson: number;
  missingOthers: number;
  waldurErrors: number;
  upstreamCalls: { dqops: number; waldur: number; rockset: number };
  p50Ms: number;
  p99Ms: number;
}

const QUERY = '{ users(first: 50) { nodes { email source { name } } } }';

/**
 * A bounded load with faults on one vendor: `rate` requests per second for `seconds`, while Waldur
 * answers 10% of its calls with 500 and resets 5% of its connections. Every answer must be JSON,
 * none a gateway 5xx, and each must hold the DQOps and Rockset users.
 */
export async function runFaultLoad(options: { seconds: number; rate: number }): Promise<FaultLoadResult> {
  const stack: Stack = await startStack({ server: { rateLimits: { enabled: false } } });
  try {
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'status', status: 500, rate: 0.1 });
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'reset', when: 'before', rate: 0.05 });
    await stack.resetCounts();
    const result: FaultLoadResult = {
      sent: 0,
      answered: 0,
      gateway5xx: 0,
      nonJson: 0,
      missingOthers: 0,
      waldurErrors: 0,
      upstreamCalls: { dqops: 0, waldur: 0, rockset: 0 },
      p50Ms: 0,
      p99Ms: 0,
    };
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    const started = Date.now();
    const total = options.seconds * options.rate;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      result.sent++;
      pending.push(one(stack, result, latencies));
    }
    await Promise.all(pending);
    const counts = await stack.counts();
    result.upstreamCalls = { dqops: counts.dqops.total, waldur: counts.waldur.total, rockset: counts.rockset.total };
    latencies.sort((a, b) => a - b);
    result.p50Ms = Math.round(latencies[Math.floor(latencies.length * 0.5)] ?? 0);
    result.p99Ms = Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0);
    return result;
  } finally {
    await stack.stop();
  }
}

async function one(stack: Stack, result: FaultLoadResult, latencies: number[]): Promise<void> {
  const t0 = performance.now();
  const res = await request(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.viewer}` },
    body: JSON.stringify({ query: QUERY }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await res.body.text();
  latencies.push(performance.now() - t0);
  result.answered++;
  if (res.statusCode >= 500) result.gateway5xx++;
  let body: { data?: { users?: { nodes: { source: { name: string } }[] } }; errors?: { extensions?: { source?: string } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    result.nonJson++;
    return;
  }
  const names = new Set(body.data?.users?.nodes.map((n) => n.source.name) ?? []);
  if (!names.has(SOURCE.dqops) || !names.has(SOURCE.rockset)) result.missingOthers++;
  if (body.errors?.some((e) => e.extensions?.source === SOURCE.waldur)) result.waldurErrors++;
}

if (require.main === module) {
  const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] ?? 60) || 60;
  runFaultLoad({ seconds, rate: 50 }).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      process.exit(r.gateway5xx === 0 && r.nonJson === 0 && r.missingOthers === 0 ? 0 : 1);
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
}
