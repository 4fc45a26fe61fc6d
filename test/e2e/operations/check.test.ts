import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configJsonSchema } from '../../../src/commands/config-schema.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import type { VendorName } from '../../../src/simulators/sim-types.js';
import { runCli } from '../../helpers/cli.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { startSim } from '../../helpers/sim.js';
import { ADMIN_CREDENTIALS } from '../../helpers/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'usergraph-check-'));
const VENDORS: VendorName[] = ['dqops', 'waldur', 'rockset'];

function writeConfig(name: string, sims: Record<VendorName, string>, secrets: Partial<Record<VendorName, string>> = {}, required = false): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      'auth: { anonymous: viewer }',
      'sources:',
      ...VENDORS.map(
        (v) =>
          `  - { name: ${v}-x, vendor: ${v}, url: "${sims[v]}", credentials: { mode: service, secret: "${secrets[v] ?? ADMIN_CREDENTIALS[v]}" }, timeoutMs: 1000, required: ${required} }`,
      ),
    ].join('\n'),
  );
  return file;
}

describe('usergraph check', () => {
  const sims = {} as Record<VendorName, RunningSimulator>;
  let urls: Record<VendorName, string>;
  before(async () => {
    for (const v of VENDORS) sims[v] = await startSim(v);
    urls = Object.fromEntries(VENDORS.map((v) => [v, sims[v].url])) as Record<VendorName, string>;
  });
  after(async () => {
    for (const v of VENDORS) await sims[v].close();
  });

  it('is all green on the simulators with their admin credentials', async () => {
    const r = await runCli(['check', '--config', writeConfig('good.yaml', urls)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /waldur-x\s+waldur\s+ok\s+ok\s+ok\s+ok\s+\d+ ms\s+acts as ada/);
    assert.match(r.stdout, /rockset-x\s+rockset\s+ok\s+ok\s+ok\s+ok/);
    assert.match(r.stdout, /dqops-x\s+dqops\s+ok\s+ok\s+ok\s+unknown/);
    assert.match(r.stdout, /all sources the gateway needs answer/);
  });

  it('reports a wrong credential and says what to fix, exit 1', async () => {
    const r = await runCli(['check', '--config', writeConfig('bad-key.yaml', urls, { rockset: 'rockset-key-nobody' })]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /rockset-x\s+rockset\s+ok\s+fail\s+fail\s+fail\s+\d+ ms\s+the vendor refused the credential: check sources\[2\]\.credentials\.secret/,
    );
    assert.ok(!r.stdout.includes('rockset-key-nobody'), 'the secret is not printed');
  });

  it('reports a stopped simulator and says what to fix, exit 1', async () => {
    const stopped = await startSim('dqops');
    const url = stopped.url;
    await stopped.close();
    const r = await runCli(['check', '--config', writeConfig('down.yaml', { ...urls, dqops: url })]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /dqops-x\s+dqops\s+fail\s+unknown\s+fail\s+unknown\s+\d+ ms\s+cannot reach http:\/\/127\.0\.0\.1:\d+: check sources\[0\]\.url/);
  });

  it('reaches forward-credential sources: reachable with the credential untested, and a closed port fails naming it, exit 1', async () => {
    const forward = (name: string, url: string) =>
      writeFileSync(
        join(dir, name),
        [
          'auth: { anonymous: viewer }',
          'sources:',
          `  - { name: waldur-fwd, vendor: waldur, url: "${url}", credentials: { mode: forward, header: x-waldur-authorization }, timeoutMs: 1000 }`,
        ].join('\n'),
      );
    forward('forward-up.yaml', urls.waldur);
    const up = await runCli(['check', '--config', join(dir, 'forward-up.yaml')]);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.match(
      up.stdout,
      /waldur-fwd\s+waldur\s+ok\s+skip\s+skip\s+skip\s+\d+ ms\s+reachable, credential not tested: callers send their own in x-waldur-authorization/,
    );
    forward('forward-closed.yaml', 'http://127.0.0.1:9');
    const closed = await runCli(['check', '--config', join(dir, 'forward-closed.yaml')]);
    assert.equal(closed.code, 1, closed.stdout + closed.stderr);
    assert.match(closed.stdout, /waldur-fwd\s+waldur\s+fail\s+skip\s+fail/);
    assert.match(closed.stdout, /1 source\(s\) failed: waldur-fwd/);
  });

  it('a bad config is one line naming the key path, exit 2', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'sources:\n  - { name: a, vendor: okta, url: "http://127.0.0.1:1", credentials: { mode: service, secret: s } }\nauth: { anonymous: viewer }\n',
    );
    const r = await runCli(['check', '--config', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sources\[0\]\.vendor: Invalid enum value/);
  });
});

it('schema/config.schema.json is what the code emits (run `npm run config-schema` when this fails)', () => {
  const committed = readFileSync(join(PROJECT_ROOT, 'schema', 'config.schema.json'), 'utf8');
  assert.equal(committed, configJsonSchema());
  const schema = JSON.parse(committed) as { definitions: { UsergraphConfig: { properties: Record<string, unknown> } } };
  assert.deepEqual(Object.keys(schema.definitions.UsergraphConfig.properties).sort(), ['auth', 'server', 'sources', 'state']);
});
