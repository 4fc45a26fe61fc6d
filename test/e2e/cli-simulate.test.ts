import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { finished, runCli, spawnCli, waitForOutput } from '../helpers/cli.js';
import { REFERENCE_SEED } from '../helpers/paths.js';
import { call } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'usergraph-cli-'));

describe('usergraph simulate', () => {
  const oneLineExit2 = async (args: string[], pattern: RegExp): Promise<void> => {
    const result = await runCli(['simulate', ...args]);
    assert.equal(result.code, 2, `exit code for ${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line expected, got: ${result.stderr}`);
    assert.match(result.stderr, pattern);
  };

  it('refuses a bad vendor name, port, seed file or option with one line and exit code 2', async () => {
    await oneLineExit2(['okta', '--port', '0'], /unknown vendor "okta"; expected one of dqops, waldur, rockset/);
    await oneLineExit2(['dqops', '--port', '70000'], /--port must be a port number from 0 to 65535, got "70000"/);
    await oneLineExit2(['dqops', '--port', 'abc'], /--port must be a port number/);
    await oneLineExit2(['dqops'], /--port is required/);
    await oneLineExit2(
      ['dqops', '--port', '0', '--host', 'nosuch.invalid'],
      /--host must be an IP address \(0\.0\.0\.0 for every interface\), got "nosuch\.invalid"/,
    );
    await oneLineExit2(['dqops', '--port', '0', '--seed', join(dir, 'missing.json')], /cannot read seed file .*missing\.json: no such file/);
    writeFileSync(join(dir, 'broken.json'), '{"dqops": ');
    await oneLineExit2(['dqops', '--port', '0', '--seed', join(dir, 'broken.json')], /is not valid JSON/);
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ dqops: { users: [{ accountRole: 'admin' }] } }));
    await oneLineExit2(['dqops', '--port', '0', '--seed', join(dir, 'wrong.json')], /invalid seed: dqops\.users\[0\]\.email/);
    await oneLineExit2(['rockset', '--port', '0', '--fail-rate', '2'], /--fail-rate must be a number from 0 to 1/);
    await oneLineExit2(['rockset', '--port', '0', '--bogus'], /unknown option '--bogus'/);
    await oneLineExit2(['rockset', '--port', '0', '--sed', 'x'], /unknown option '--sed' \(Did you mean --seed\?\)/);
  });

  it('serves the reference seed on 127.0.0.1 until SIGTERM, then exits 0', async () => {
    const child = spawnCli(['simulate', 'rockset', '--port', '0', '--seed', REFERENCE_SEED, '--latency', '5']);
    const done = finished(child);
    const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const res = await call(url!, 'GET', '/v1/orgs/self/users', { headers: { authorization: 'ApiKey rockset-key-ada-admin' } });
    assert.equal(res.status, 200);
    assert.equal((res.json() as { data: unknown[] }).data.length, 5);
    const faults = await call(url!, 'GET', '/__sim/faults');
    assert.deepEqual(
      (faults.json() as { rules: { kind: string; ms: number }[] }).rules.map((r) => [r.kind, r.ms]),
      [['latency', 5]],
    );
    child.kill('SIGTERM');
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
  });

  it('starts an empty instance without --seed', async () => {
    const child = spawnCli(['simulate', 'waldur', '--port', '0']);
    const done = finished(child);
    const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const state = (await call(url!, 'GET', '/__sim/state')).json() as { users: unknown[] };
    assert.deepEqual(state.users, []);
    child.kill('SIGINT');
    assert.equal((await done).code, 0);
  });
});
