import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningGateway } from '../../../src/server/create-gateway.js';
import { asKey, gql, startTestGateway, TEST_AUTH, TEST_KEYS } from '../../helpers/gateway.js';
import { JwksServer, newSigningKey, type SigningKey, sign } from '../../helpers/jwks-server.js';
import { captureLogs } from '../../helpers/logs.js';
import { type Stack, startStack } from '../../helpers/stack.js';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'usergraph';
const QUERY = '{ users(first: 2) { nodes { email } } }';
const MUTATION = 'mutation { deleteUser(input: { userId: "bm9wZQ" }) { deletedUserId } }';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('JWT callers (JWKS on loopback)', () => {
  let stack: Stack;
  let gateway: RunningGateway;
  const jwks = new JwksServer();
  const logs = captureLogs();
  let keyA: SigningKey;
  let keyB: SigningKey;

  const jwtAuth = (url: string) => ({
    ...TEST_AUTH,
    jwt: {
      jwksUrl: url,
      issuer: ISSUER,
      audience: AUDIENCE,
      roleClaim: 'groups',
      roleMap: { 'usergraph-admins': 'admin' as const, 'usergraph-readers': 'viewer' as const },
      sourcesClaim: 'usergraph_sources',
      clockToleranceSec: 0,
      jwksCooldownMs: 1_000,
      jwksTimeoutMs: 1_000,
    },
  });
  const token = (key: SigningKey, claims: Record<string, unknown> = {}, options: Parameters<typeof sign>[2] = {}) =>
    sign(key, { sub: 'grace', groups: ['usergraph-readers'], ...claims }, { issuer: ISSUER, audience: AUDIENCE, expiresIn: '5m', ...options });

  async function expect401(jwt: string, what: string): Promise<void> {
    await stack.resetCounts();
    const res = await gql(gateway, QUERY, undefined, asKey(jwt));
    assert.equal(res.status, 401, what);
    assert.deepEqual(res.body.errors, [{ message: 'invalid or expired credentials', extensions: { code: 'UNAUTHENTICATED' } }], what);
    assert.equal(await stack.totalCalls(), 0, `${what}: no upstream call`);
  }

  before(async () => {
    keyA = await newSigningKey('key-a');
    keyB = await newSigningKey('key-b');
    jwks.setKeys([keyA]);
    await jwks.start();
    stack = await startStack();
    gateway = await startTestGateway(
      {
        server: { upstreamStats: true },
        sources: ['dqops', 'waldur', 'rockset'].map((v) => ({
          name: `${v}-ref`,
          vendor: v as 'dqops',
          url: stack.sims[v as 'dqops'].url,
          credentials: { mode: 'service' as const, secret: `${v === 'waldur' ? 'waldur-token-ada' : `${v}-key-ada-admin`}` },
        })),
        auth: jwtAuth(jwks.url),
      },
      { logger: logs.logger },
    );
  });
  after(async () => {
    await gateway.stop();
    await stack.stop();
    await jwks.stop();
  });

  it('a valid token maps its group to a role: a reader queries, and is FORBIDDEN a mutation', async () => {
    const jwt = await token(keyA);
    const res = await gql(gateway, QUERY, undefined, asKey(jwt));
    assert.equal(res.status, 200);
    assert.equal((res.body.data!['users'] as { nodes: unknown[] }).nodes.length, 2);
    const write = await gql(gateway, MUTATION, undefined, asKey(jwt));
    assert.equal(write.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    const admin = await token(keyA, { groups: ['staff', 'usergraph-admins'] });
    const allowed = await gql(gateway, MUTATION, undefined, asKey(admin));
    assert.notEqual(allowed.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', 'the admin group passes the role check');
  });

  it('refuses expired, not-yet-valid, wrong-issuer and wrong-audience tokens', async () => {
    await expect401(await token(keyA, {}, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), 'expired');
    await expect401(await token(keyA, {}, { notBefore: '10m' }), 'not yet valid');
    await expect401(await token(keyA, {}, { issuer: 'https://evil.example/' }), 'wrong issuer');
    await expect401(await token(keyA, {}, { audience: 'someone-else' }), 'wrong audience');
    await expect401(await token(keyA, { sub: undefined }), 'no subject');
  });

  it('refuses alg:none, an HS256 token signed with the RSA public key (algorithm confusion) and a tampered payload', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'mallory', groups: ['usergraph-admins'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300 };
    await expect401(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, 'alg none');
    await expect401(`${b64({ alg: 'none', kid: 'key-a' })}.${b64(claims)}.c2ln`, 'alg none with a signature');
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: 'key-a' });
    const body = b64(claims);
    const mac = createHmac('sha256', keyA.publicPem).update(`${header}.${body}`).digest('base64url');
    await expect401(`${header}.${body}.${mac}`, 'HS256 with the public key as secret');
    const genuine = await token(keyA);
    const [h, , s] = genuine.split('.');
    await expect401(`${h}.${body}.${s}`, 'payload swapped under a genuine signature');
  });

  it('a token whose groups map to no role is 403, not 401', async () => {
    const res = await gql(gateway, QUERY, undefined, asKey(await token(keyA, { groups: ['marketing'] })));
    assert.equal(res.status, 403);
    assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
  });

  it('limits a token to the sources its claim names; an empty claim is no source, never every source', async () => {
    const res = await gql(gateway, '{ sources { name } }', undefined, asKey(await token(keyA, { usergraph_sources: ['waldur-*'] })));
    assert.deepEqual(res.body.data?.['sources'], [{ name: 'waldur-ref' }]);
    const none = await gql(gateway, '{ sources { name } }', undefined, asKey(await token(keyA, { usergraph_sources: [] })));
    assert.deepEqual(none.body.data?.['sources'], []);
  });

  it('an unknown kid refetches the JWKS at most once per cool-down, then verifies after rotation', async () => {
    const fetchesBefore = jwks.fetches;
    jwks.setKeys([keyA, keyB]);
    const rotated = await token(keyB);
    // Within the cool-down of the last fetch the JWKS is not asked again, so the new key is not known yet.
    await gql(gateway, QUERY, undefined, asKey(await token(keyA)));
    await sleep(1_100);
    const res = await gql(gateway, QUERY, undefined, asKey(rotated));
    assert.equal(res.status, 200);
    assert.equal(jwks.fetches, fetchesBefore + 1, 'one refetch for the rotation');
    const junk = await Promise.all([0, 1, 2, 3, 4].map(async (i) => token(await newSigningKey(`junk-${i}`))));
    for (const [i, jwt] of junk.entries()) await expect401(jwt, `junk kid ${i}`);
    assert.ok(jwks.fetches <= fetchesBefore + 2, `junk kids inside the cool-down do not hammer the issuer (${jwks.fetches - fetchesBefore} fetches)`);
  });

  it('JWKS down: tokens are 401 with no upstream call, API keys still work, the process lives', async () => {
    const down = new JwksServer();
    await down.start();
    const url = down.url;
    await down.stop();
    const orphan = await startTestGateway({
      sources: [{ name: 'rs', vendor: 'rockset', url: stack.sims.rockset.url, credentials: { mode: 'service', secret: 'rockset-key-ada-admin' } }],
      auth: jwtAuth(url),
    });
    try {
      await stack.resetCounts();
      const res = await gql(orphan, QUERY, undefined, asKey(await token(keyA)));
      assert.equal(res.status, 401);
      assert.equal(await stack.totalCalls(), 0);
      const key = await gql(orphan, '{ sources { name } }', undefined, asKey(TEST_KEYS.viewer));
      assert.equal(key.status, 200);
    } finally {
      await orphan.stop();
    }
  });

  it('audits a JWT caller as jwt:<sub> and logs no token', async () => {
    const admin = await token(keyA, { sub: 'ops-robot', groups: ['usergraph-admins'] });
    await gql(gateway, `mutation { deleteUser(input: { userId: "bm9wZQ" }) { deletedUserId userErrors { field } } }`, undefined, asKey(admin));
    const audit = logs
      .lines()
      .map((l) => JSON.parse(l) as { audit?: { caller: string } })
      .filter((l) => l.audit);
    assert.equal(audit.at(-1)?.audit?.caller, 'jwt:ops-robot');
    assert.ok(!logs.text().includes(admin.split('.')[2] ?? '-'), 'no signature in the logs');
    assert.ok(!logs.text().includes(admin.split('.')[1] ?? '-'), 'no payload in the logs');
  });
});
