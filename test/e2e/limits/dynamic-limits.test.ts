import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { asKey, gql, TEST_KEYS } from '../../helpers/gateway.js';
import { captureLogs } from '../../helpers/logs.js';
import { hook } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

describe('rate limits per caller', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      server: {
        rateLimits: {
          viewer: { requestsPerMinute: 5, costPerMinute: 1_000_000 },
          admin: { requestsPerMinute: 1_000, costPerMinute: 1_500 },
        },
      },
    });
  });
  after(() => stack.stop());

  it('the 6th request of a viewer in a minute is 429 with Retry-After, with no upstream call; another caller is unaffected', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await gql(stack.gateway, '{ sources { name } }', undefined, asKey(TEST_KEYS.viewer))).status, 200);
    await stack.resetCounts();
    const sixth = await gql(stack.gateway, '{ users(first: 5) { nodes { id } } }', undefined, asKey(TEST_KEYS.viewer));
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.errors?.[0]?.extensions?.['code'], 'RATE_LIMITED');
    assert.ok(Number(sixth.headers['retry-after']) >= 1);
    assert.equal(await stack.totalCalls(), 0);
    assert.equal((await gql(stack.gateway, '{ sources { name } }', undefined, asKey(TEST_KEYS.admin))).status, 200);
  });

  it('cost per minute: an admin spending 1,360 twice is refused the second time with 429 and Retry-After', async () => {
    const q = '{ users(first: 50) { nodes { email permissions { role level } person { accounts { email source { name } } } } } }';
    assert.equal((await gql(stack.gateway, q)).status, 200);
    await stack.resetCounts();
    const again = await gql(stack.gateway, q);
    assert.equal(again.status, 429);
    assert.equal(again.body.errors?.[0]?.extensions?.['code'], 'RATE_LIMITED');
    assert.match(again.body.errors?.[0]?.message ?? '', /cost 1360 is more than what is left of 1500 per minute/);
    assert.ok(Number(again.headers['retry-after']) >= 1);
    assert.equal(await stack.totalCalls(), 0);
  });
});

describe('trusted documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-trusted-'));
  const KNOWN = 'query Sources { sources { name } }';
  const KNOWN_USERS = 'query FirstUsers { users(first: 2) { nodes { email } } }';
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  const codegen = join(dir, 'persisted-documents.json');
  writeFileSync(codegen, JSON.stringify({ [hash(KNOWN)]: KNOWN }));
  const apollo = join(dir, 'apollo-manifest.json');
  writeFileSync(
    apollo,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: hash(KNOWN_USERS), name: 'FirstUsers', type: 'query', body: KNOWN_USERS }],
    }),
  );
  const logs = captureLogs();
  let enforce: Stack;
  let logOnly: Stack;
  before(async () => {
    enforce = await startStack({ server: { trustedDocuments: { mode: 'enforce', manifest: apollo, allowArbitraryForAdmin: true } } });
    logOnly = await startStack({ logger: logs.logger, server: { trustedDocuments: { mode: 'allow-and-log', manifest: codegen } } });
  });
  after(async () => {
    await enforce.stop();
    await logOnly.stop();
  });

  const send = (stack: Stack, body: unknown, key: string = TEST_KEYS.viewer) =>
    request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...asKey(key) }, body: JSON.stringify(body) });

  it('enforce: a known document runs by documentId, by APQ hash, and by GET', async () => {
    const byId = await send(enforce, { documentId: hash(KNOWN_USERS) });
    assert.equal(byId.statusCode, 200);
    assert.equal(((await byId.body.json()) as { data: { users: { nodes: unknown[] } } }).data.users.nodes.length, 2);
    const apq = await send(enforce, { extensions: { persistedQuery: { version: 1, sha256Hash: hash(KNOWN_USERS) } } });
    assert.equal(apq.statusCode, 200);
    await apq.body.dump();
    const get = await request(`${enforce.gateway.url}?documentId=${hash(KNOWN_USERS)}`, {
      headers: { ...asKey(TEST_KEYS.viewer), 'apollo-require-preflight': '1' },
    });
    assert.equal(get.statusCode, 200, await get.body.text());
    const text = await send(enforce, { query: KNOWN_USERS });
    assert.equal(text.statusCode, 200, 'the full text of a trusted document is trusted too');
    await text.body.dump();
  });

  it('enforce: an unknown hash or text is refused with 0 upstream calls; an admin may still send text', async () => {
    await enforce.resetCounts();
    const unknown = await send(enforce, { documentId: hash('{ users { nodes { id } } }') });
    assert.equal(unknown.statusCode, 400);
    assert.match(await unknown.body.text(), /PERSISTED_QUERY_NOT_FOUND/);
    const text = await send(enforce, { query: '{ users(first: 3) { nodes { email } } }' });
    assert.equal(text.statusCode, 400);
    assert.match(await text.body.text(), /PERSISTED_QUERY_NOT_ALLOWED/);
    assert.equal(await enforce.totalCalls(), 0);
    const admin = await send(enforce, { query: '{ sources { name } }' }, TEST_KEYS.admin);
    assert.equal(admin.statusCode, 200);
    await admin.body.dump();
  });

  it('allow-and-log: an unknown document runs and is logged by hash and name, never by text', async () => {
    const res = await send(logOnly, { query: 'query Mystery { users(first: 1) { nodes { email } } }', operationName: 'Mystery' });
    assert.equal(res.statusCode, 200);
    await res.body.dump();
    const known = await send(logOnly, { documentId: hash(KNOWN) });
    assert.equal(known.statusCode, 200);
    await known.body.dump();
    const lines = logs.lines().filter((l) => l.includes('trustedDocument'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /"operationName":"Mystery"/);
    assert.match(lines[0]!, new RegExp(hash('query Mystery { users(first: 1) { nodes { email } } }')));
    assert.ok(!lines[0]!.includes('nodes { email }'));
  });
});

describe('production mode', () => {
  let prod: Stack;
  let dev: Stack;
  before(async () => {
    prod = await startStack({ server: { mode: 'production' } });
    dev = await startStack();
  });
  after(async () => {
    await prod.stop();
    await dev.stop();
  });

  it('no field suggestions, introspection refused, no Sandbox; development keeps all three', async () => {
    const typo = 'mutation { changePasword(input: {}) { userErrors { field } } }';
    const prodTypo = await gql(prod.gateway, typo);
    const devTypo = await gql(dev.gateway, typo);
    assert.ok(!JSON.stringify(prodTypo.body).includes('Did you mean'), JSON.stringify(prodTypo.body));
    assert.match(JSON.stringify(devTypo.body), /Did you mean/);
    const prodIntro = await gql(prod.gateway, '{ __schema { types { name } } }');
    assert.equal(prodIntro.status, 400);
    assert.match(JSON.stringify(prodIntro.body), /introspection/i);
    assert.equal((await gql(dev.gateway, '{ __schema { types { name } } }')).status, 200);
    const page = await request(prod.gateway.url, { headers: { accept: 'text/html' } });
    assert.doesNotMatch(await page.body.text(), /sandbox/i);
    const devPage = await request(dev.gateway.url, { headers: { accept: 'text/html' } });
    assert.match(await devPage.body.text(), /sandbox/i);
  });

  it('no stack trace in any error', async () => {
    const res = await gql(prod.gateway, '{ users(first: 999) { nodes { id } } }');
    assert.ok(!JSON.stringify(res.body).includes('stacktrace'));
    assert.ok(!JSON.stringify(res.body).includes('.js:'));
  });
});

describe('execution bounds', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ timeoutMs: 5_000, server: { requestTimeoutMs: 400, limits: { maxResolvedObjects: 100 } } });
  });
  after(() => stack.stop());

  it('past the request deadline the answer holds what finished and an error for the source that did not', async () => {
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'hang', path: '/api/users/*' });
    try {
      const res = await gql(stack.gateway, '{ users(first: 30) { nodes { email source { name } } } }');
      assert.equal(res.status, 200);
      const names = new Set((res.body.data!['users'] as { nodes: { source: { name: string } }[] }).nodes.map((n) => n.source.name));
      assert.deepEqual([...names].sort(), [SOURCE.dqops, SOURCE.rockset]);
      assert.deepEqual(
        res.body.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['source']]),
        [['UPSTREAM_TIMEOUT', SOURCE.waldur]],
      );
      assert.match(res.body.errors?.[0]?.message ?? '', /request's deadline/);
    } finally {
      await hook(stack.sims.waldur, 'DELETE', 'faults');
    }
  });

  it('a response past maxResolvedObjects ends with RESPONSE_LIMIT_EXCEEDED instead of growing', async () => {
    const res = await gql(stack.gateway, '{ users(first: 60) { nodes { email permissions { role } person { accounts { email permissions { role } } } } } }');
    const codes = new Set(res.body.errors?.map((e) => e.extensions?.['code']));
    assert.ok(codes.has('RESPONSE_LIMIT_EXCEEDED'), JSON.stringify(res.body.errors?.slice(0, 2)));
    const small = await gql(stack.gateway, '{ users(first: 20) { nodes { email } } }');
    assert.equal(small.body.errors, undefined);
  });
});
