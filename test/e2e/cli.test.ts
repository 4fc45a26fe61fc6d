import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { startSim } from '../helpers/sim.js';
import { ADMIN_CREDENTIALS } from '../helpers/stack.js';

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A mistake is one line on stderr, exit 2, and no stack trace. */
function oneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line expected, got: ${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
}

describe('the command line (issue 27)', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      assert.deepEqual([r.code, r.stdout.trim()], [0, VERSION]);
    }
  });

  it('--help for every command lists its options and an example, exit 0', async () => {
    const expected: Record<string, RegExp[]> = {
      demo: [/Usage: usergraph demo \[options\]/, /--port <n>/, /--landing <page>/, /--seed <file>/, /\$ usergraph demo --port 4100 --landing graphiql/],
      serve: [/Usage: usergraph serve \[options\]/, /-c, --config <file>/, /\$ usergraph serve --config usergraph.yaml/],
      check: [/Usage: usergraph check \[options\]/, /-c, --config <file>/],
      simulate: [/Usage: usergraph simulate \[options\] <vendor>/, /--latency <ms>/, /--fail-rate <p>/],
      schema: [/Usage: usergraph schema \[options\]/, /--subgraph/, /-o, --out <file>/],
      'config-schema': [/Usage: usergraph config-schema \[options\]/, /-o, --out <file>/],
      'hash-key': [/Usage: usergraph hash-key \[options\]/, /--role <role>/, /choices: "viewer", "admin"/],
      init: [/Usage: usergraph init \[options\]/, /--vendors <list>/, /--force/],
    };
    for (const [command, patterns] of Object.entries(expected)) {
      const r = await runCli([command, '--help']);
      assert.equal(r.code, 0, `${command}: ${r.stderr}`);
      for (const pattern of patterns) assert.match(r.stdout, pattern, command);
      assert.match(r.stdout, /Example:/, command);
    }
    const top = await runCli(['--help']);
    assert.equal(top.code, 0);
    for (const command of Object.keys(expected)) assert.match(top.stdout, new RegExp(`\\n  ${command}\\b`));
    assert.match(top.stdout, /Exit codes: 0 done, 1 a runtime failure/);
  });

  it('a mistyped command or option gets "did you mean", one line, exit 2', async () => {
    oneLine(await runCli(['serv', '--config', 'x']), /unknown command 'serv' \(Did you mean serve\?\)/);
    oneLine(await runCli(['schema', '--sub-graph']), /unknown option '--sub-graph' \(Did you mean --subgraph\?\)/);
    oneLine(await runCli(['serve'], { USERGRAPH_CONFIG: '' }), /--config is required \(or USERGRAPH_CONFIG\)/);
  });

  it('schema --subgraph --config prints the subgraph that config serves (prefixes, mutations, edge scopes)', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'usergraph-schema-')), 'usergraph.yaml');
    writeFileSync(
      config,
      [
        'server: { federation: { rootPrefix: ug_, expose: all, edgeAuthorization: true } }',
        'auth: { apiKeys: [{ name: a, role: admin, hash: "sha256:0000000000000000000000000000000000000000000000000000000000000000" }] }',
        'sources: [{ name: dq, vendor: dqops, url: "http://127.0.0.1:9", credentials: { mode: service, secret: x } }]',
        '',
      ].join('\n'),
    );
    const r = await runCli(['schema', '--subgraph', '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\s+ug_users\(/m);
    assert.match(r.stdout, /^\s+ug_deleteUser\(/m);
    assert.match(r.stdout, /@requiresScopes\(scopes: \[\["usergraph:admin"\]\]\)/);
    const plain = await runCli(['schema', '--subgraph']);
    assert.doesNotMatch(plain.stdout, /type Mutation|ug_users|@requiresScopes/);
    oneLine(await runCli(['schema', '--config', config]), /--config shapes the subgraph SDL only/);
  });

  it('a port in use, a missing output directory and an unreadable config are one line each', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      oneLine(await runCli(['demo', '--port', String(port)], {}, 30_000), new RegExp(`port ${port} is in use: set PORT or server.port`));
    } finally {
      busy.close();
    }
    oneLine(await runCli(['schema', '--out', '/no/such/dir/schema.graphql']), /cannot write \/no\/such\/dir\/schema\.graphql: its directory does not exist/);
    oneLine(await runCli(['check', '--config', '/no/such/usergraph.yaml']), /cannot read config file \/no\/such\/usergraph\.yaml: no such file/);
    oneLine(await runCli(['demo', '--landing', 'nope']), /argument 'nope' is invalid\. Allowed choices are sandbox, graphiql/);
  });

  it('init writes a starter config that check explains, then accepts once its variables are set; never overwrites without --force', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'usergraph-init-')), 'usergraph.yaml');
    const written = await runCli(['init', '--out', out]);
    assert.equal(written.code, 0, written.stderr);
    const key = /Admin API key.*\n\s+(ugk_\S+)/.exec(written.stdout)?.[1];
    assert.ok(key, 'the admin key is printed once');
    const file = readFileSync(out, 'utf8');
    assert.ok(!file.includes(key), 'the file holds its hash, not the key');
    assert.match(file, /hash: "sha256:[0-9a-f]{64}"/);
    oneLine(await runCli(['init', '--out', out]), /exists; pass --force to replace it/);
    // Before the variables are set, check names every one and where it is used.
    oneLine(await runCli(['check', '--config', out]), /environment variables not set: DQOPS_URL \(sources\[0\]\.url\), DQOPS_API_KEY .*ROCKSET_API_KEY/);
    const sims = await Promise.all((['dqops', 'waldur', 'rockset'] as const).map((v) => startSim(v)));
    try {
      const env = {
        DQOPS_URL: sims[0]!.url,
        DQOPS_API_KEY: ADMIN_CREDENTIALS.dqops,
        WALDUR_URL: sims[1]!.url,
        WALDUR_TOKEN: ADMIN_CREDENTIALS.waldur,
        ROCKSET_URL: sims[2]!.url,
        ROCKSET_API_KEY: ADMIN_CREDENTIALS.rockset,
      };
      const checked = await runCli(['check', '--config', out], env, 30_000);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      assert.match(checked.stdout, /all sources the gateway needs answer/);
    } finally {
      await Promise.all(sims.map((s) => s.close()));
    }
    assert.equal((await runCli(['init', '--out', out, '--force', '--vendors', 'waldur'])).code, 0);
    assert.ok(!readFileSync(out, 'utf8').includes('vendor: dqops'));
  });
});
