import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashApiKey } from '../../../src/server/auth/api-keys.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { finished, spawnCli, waitForOutput } from '../../helpers/cli.js';
import { gql, TEST_KEYS } from '../../helpers/gateway.js';
import { hook, startSim } from '../../helpers/sim.js';
import { ADMIN_CREDENTIALS } from '../../helpers/stack.js';

let dqops: RunningSimulator;
before(async () => {
  dqops = await startSim('dqops');
});
after(() => dqops.close());

it('SIGTERM during a slow read and a 4.5 s write: both finish and answer, then the process exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-drain-'));
  const config = join(dir, 'usergraph.yaml');
  writeFileSync(
    config,
    [
      'server: { port: 0, host: 127.0.0.1, logLevel: silent }',
      `auth: { apiKeys: [{ name: ops, role: admin, hash: "${hashApiKey(TEST_KEYS.admin)}" }] }`,
      'sources:',
      `  - { name: dq, vendor: dqops, url: "${dqops.url}", credentials: { mode: service, secret: ${ADMIN_CREDENTIALS.dqops} }, timeoutMs: 6000 }`,
    ].join('\n'),
  );
  await hook(dqops, 'POST', 'faults', { kind: 'latency', ms: 1_500, method: 'GET', path: '/api/users' });
  await hook(dqops, 'POST', 'faults', { kind: 'latency', ms: 4_500, method: 'PUT', path: '/api/mypassword' });

  const child = spawnCli(['serve', '--config', config]);
  const done = finished(child);
  const [, url] = await waitForOutput(child, /at (http:\/\/\S+\/graphql)/);
  const read = gql(url!, '{ users(first: 3) { nodes { email } } }');
  const write = gql(url!, 'mutation { changeMyPassword(input: { source: "dq", password: "Drained-Pass-42" }) { userErrors { field } } }');
  // SIGTERM once both are in flight at the vendor (not on a timer: a slow machine may take longer to send them).
  for (let waited = 0; waited < 10_000; waited += 25) {
    const { byRoute } = await hook<{ byRoute: Record<string, number> }>(dqops, 'GET', 'counters');
    if ((byRoute['GET /api/users'] ?? 0) >= 1 && (byRoute['PUT /api/mypassword'] ?? 0) >= 1) break;
    await sleep(25);
  }
  child.kill('SIGTERM');

  const [r, w] = await Promise.all([read, write]);
  assert.equal(r.status, 200);
  assert.equal(r.body.errors, undefined);
  assert.equal((r.body.data!['users'] as { nodes: unknown[] }).nodes.length, 3);
  assert.equal(w.status, 200);
  assert.equal(w.body.errors, undefined, JSON.stringify(w.body.errors));
  assert.deepEqual(w.body.data!['changeMyPassword'], { userErrors: [] });
  const result = await done;
  assert.equal(result.code, 0, result.stderr);
});
