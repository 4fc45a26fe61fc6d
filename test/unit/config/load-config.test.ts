import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfigFile, parseConfig } from '../../../src/config/load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'usergraph-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD = `
server:
  port: 4100
auth:
  anonymous: viewer
sources:
  - name: dqops-prod
    vendor: dqops
    url: http://127.0.0.1:8888/
    credentials: { mode: service, secret: "\${DQOPS_API_KEY}" }
  - name: waldur-hpc
    vendor: waldur
    url: https://waldur.example.org
    credentials: { mode: forward, header: X-Waldur-Authorization }
    timeoutMs: 2500
`;

describe('loadConfigFile', () => {
  it('reads the YAML of PRODUCT.md section 7 with env interpolation and defaults', () => {
    const config = loadConfigFile(file('good.yaml', GOOD), { DQOPS_API_KEY: 'k-123' });
    assert.equal(config.server.port, 4100);
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.server.sandbox, true);
    assert.equal(config.server.upstreamStats, false);
    const { resilience, cache, ...first } = config.sources[0]!;
    assert.deepEqual(first, {
      name: 'dqops-prod',
      vendor: 'dqops',
      url: 'http://127.0.0.1:8888',
      credentials: { mode: 'service', secret: 'k-123' },
      timeoutMs: 5000,
      required: false,
    });
    assert.deepEqual(
      [resilience.retries, resilience.retryBudgetPercent, resilience.breaker.consecutiveFailures, resilience.bulkhead.maxConcurrent],
      [2, 20, 5, 16],
    );
    assert.equal(config.server.mode, 'development');
    assert.equal(config.server.introspection, true);
    assert.equal(config.auth.anonymous, 'viewer');
    assert.deepEqual(config.sources[1]!.credentials, { mode: 'forward', header: 'x-waldur-authorization' });
    assert.equal(config.sources[1]!.timeoutMs, 2500);
  });

  it('NODE_ENV=production turns introspection and the Sandbox off unless the file says otherwise', () => {
    const prod = loadConfigFile(file('prod.yaml', GOOD), { DQOPS_API_KEY: 'k', NODE_ENV: 'production' });
    assert.deepEqual([prod.server.mode, prod.server.introspection, prod.server.sandbox], ['production', false, false]);
    const explicit = loadConfigFile(file('prod2.yaml', `${GOOD.replace('  port: 4100', '  port: 4100\n  introspection: true')}`), {
      DQOPS_API_KEY: 'k',
      NODE_ENV: 'production',
    });
    assert.equal(explicit.server.introspection, true);
  });

  it('refuses a config no caller could use, and names the way out', () => {
    const raw = { sources: [{ name: 'a', vendor: 'dqops', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret: 's' } }] };
    assert.throws(() => parseConfig(raw, {}), /auth: no caller could use the gateway: add auth\.apiKeys .*usergraph hash-key/);
    assert.throws(
      () => parseConfig({ ...raw, auth: { apiKeys: [{ name: 'k', role: 'admin', hash: 'plain-text-key' }] } }, {}),
      /auth\.apiKeys\[0\]\.hash: must be "sha256:" and 64 lower-case hex digits/,
    );
  });

  it('lets PORT override server.port', () => {
    const config = loadConfigFile(file('port.yaml', GOOD), { DQOPS_API_KEY: 'k', PORT: '5005' });
    assert.equal(config.server.port, 5005);
    assert.throws(() => loadConfigFile(file('port2.yaml', GOOD), { DQOPS_API_KEY: 'k', PORT: 'http' }), /PORT: must be a port number/);
  });

  it('names the key path and the variable when an environment variable is missing', () => {
    assert.throws(
      () => loadConfigFile(file('missing-env.yaml', GOOD), {}),
      (err: unknown) => err instanceof ConfigError && /sources\[0\]\.credentials\.secret: environment variable DQOPS_API_KEY is not set/.test(err.message),
    );
  });

  it('uses ${NAME:-default} when the variable is unset and keeps $${ literal', () => {
    const config = parseConfig(
      {
        auth: { anonymous: 'viewer' },
        sources: [{ name: 'a', vendor: 'rockset', url: '${URL:-http://127.0.0.1:1}', credentials: { mode: 'service', secret: 'x$${y}' } }],
      },
      {},
    );
    assert.equal(config.sources[0]!.url, 'http://127.0.0.1:1');
    assert.deepEqual(config.sources[0]!.credentials, { mode: 'service', secret: 'x${y}' });
  });

  it('rejects duplicate source names, naming both positions', () => {
    const raw = { sources: [0, 1].map(() => ({ name: 'same', vendor: 'dqops', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret: 's' } })) };
    assert.throws(() => parseConfig(raw, {}), /sources\[1\]\.name: "same" is already the name of sources\[0\]/);
  });

  it('rejects an unknown vendor, a non-http URL, an unknown key and a bad header with the key path', () => {
    const base = { name: 'a', vendor: 'dqops', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret: 's' } };
    assert.throws(() => parseConfig({ sources: [{ ...base, vendor: 'okta' }] }, {}), /sources\[0\]\.vendor: Invalid enum value/);
    assert.throws(() => parseConfig({ sources: [{ ...base, url: 'ftp://host/x' }] }, {}), /sources\[0\]\.url: must use http or https/);
    // An empty or unparsable URL is a config error too, not a crash.
    assert.throws(
      () => parseConfig({ sources: [{ ...base, url: '' }] }, {}),
      (err: unknown) => err instanceof ConfigError && /sources\[0\]\.url: must be an absolute URL/.test(err.message),
    );
    assert.throws(() => parseConfig({ sources: [{ ...base, colour: 'red' }] }, {}), /sources\[0\]: unknown key "colour"; the keys here are name, vendor, url/);
    assert.throws(
      () => parseConfig({ sources: [{ ...base, credentials: { mode: 'forward', header: 'bad header' } }] }, {}),
      /sources\[0\]\.credentials\.header: must be an HTTP header name/,
    );
    assert.throws(() => parseConfig({ sources: [] }, {}), /sources: must list at least one source/);
  });

  it('never puts a secret value in an error message', () => {
    const secret = 'sup3r-s3cret-value';
    const raw = {
      server: { port: 'not-a-port' },
      sources: [{ name: 'a', vendor: 'dqops', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret, extra: 1 } }],
    };
    assert.throws(
      () => parseConfig(raw, {}),
      (err: unknown) => err instanceof ConfigError && !err.message.includes(secret) && /server\.port/.test(err.message),
    );
  });

  it('reports invalid YAML with its line and a missing file plainly', () => {
    assert.throws(() => loadConfigFile(file('bad.yaml', 'sources:\n  - name: [unclosed\n'), {}), /is not valid YAML at line \d+/);
    assert.throws(() => loadConfigFile(join(dir, 'nope.yaml'), {}), /cannot read config file .*nope\.yaml: no such file/);
  });
});

describe('config values from the environment and from files', () => {
  const base = { name: 'a', vendor: 'dqops', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret: '${KEY}' } };

  it('a value that is one ${NAME} fills a number or a boolean where the config wants one, and nowhere else', () => {
    const config = parseConfig(
      {
        server: { port: '${UG_PORT:-4100}', upstreamStats: '${STATS}' },
        auth: { anonymous: 'viewer' },
        sources: [{ ...base, required: '${REQ}', timeoutMs: '${T}' }],
      },
      { STATS: 'true', REQ: 'false', T: '2500', KEY: '1234' },
    );
    assert.deepEqual([config.server.port, config.server.upstreamStats, config.sources[0]?.required, config.sources[0]?.timeoutMs], [4100, true, false, 2500]);
    // A secret that looks like a number stays the string it is.
    assert.deepEqual(config.sources[0]?.credentials, { mode: 'service', secret: '1234' });
    // Text around the reference, or text that is no number, is still refused with the key path.
    assert.throws(
      () => parseConfig({ server: { port: 'p${UG_PORT}' }, auth: { anonymous: 'viewer' }, sources: [base] }, { UG_PORT: '1', KEY: 'k' }),
      /server\.port: Expected number/,
    );
    assert.throws(
      () => parseConfig({ server: { port: '${UG_PORT}' }, auth: { anonymous: 'viewer' }, sources: [base] }, { UG_PORT: 'abc', KEY: 'k' }),
      /server\.port: Expected number/,
    );
  });

  it('${file:/path} reads a mounted secret, trimmed, and never shows its content', () => {
    const secretFile = file('dqops-key', '  s3cret-from-a-file\n');
    const config = parseConfig(
      { auth: { anonymous: 'viewer' }, sources: [{ ...base, credentials: { mode: 'service', secret: `\${file:${secretFile}}` } }] },
      {},
    );
    assert.deepEqual(config.sources[0]?.credentials, { mode: 'service', secret: 's3cret-from-a-file' });
    const missing = join(dir, 'no-such-secret');
    assert.throws(
      () => parseConfig({ auth: { anonymous: 'viewer' }, sources: [{ ...base, credentials: { mode: 'service', secret: `\${file:${missing}}` } }] }, {}),
      (err: unknown) => err instanceof ConfigError && err.message.includes('sources[0].credentials.secret') && err.message.includes('no such file'),
    );
    assert.throws(
      () => parseConfig({ auth: { anonymous: 'viewer' }, sources: [{ ...base, credentials: { mode: 'service', secret: '${file:relative/key}' } }] }, {}),
      /must name an absolute path/,
    );
    // A file read where a number is wanted is a number too (a port from a mounted file).
    const portFile = file('port', '4200\n');
    assert.equal(parseConfig({ server: { port: `\${file:${portFile}}` }, auth: { anonymous: 'viewer' }, sources: [base] }, { KEY: 'k' }).server.port, 4200);
  });

  it('an unknown key gets "did you mean" when one is close', () => {
    assert.throws(
      () => parseConfig({ sever: { port: 1 }, auth: { anonymous: 'viewer' }, sources: [base] }, { KEY: 'k' }),
      /\(top level\): unknown key "sever" \(did you mean "server"\?\)/,
    );
    assert.throws(
      () => parseConfig({ auth: { anonymous: 'viewer' }, sources: [{ ...base, timeoutMS: 5 }] }, { KEY: 'k' }),
      /sources\[0\]: unknown key "timeoutMS" \(did you mean "timeoutMs"\?\)/,
    );
    assert.throws(
      () => parseConfig({ auth: { anonymous: 'viewer', apikeys: [] }, sources: [base] }, { KEY: 'k' }),
      /auth: unknown key "apikeys" \(did you mean "apiKeys"\?\)/,
    );
  });
});
