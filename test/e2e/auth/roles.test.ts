import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import { hashApiKey } from '../../../src/server/auth/api-keys.js';
import { asKey, gql, startTestGateway, TEST_AUTH, TEST_KEYS } from '../../helpers/gateway.js';
import { captureLogs } from '../../helpers/logs.js';
import { userId, WALDUR } from '../../helpers/mutations.js';
import { ADMIN_CREDENTIALS, SOURCE, type Stack, startStack } from '../../helpers/stack.js';

const ROCKSET_ONLY = 'ugk_test-rockset-only-0123456789abcdefghijklmn';
const logs = captureLogs();

const GRANT = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { user { id } userErrors { field message } } }`;
const TOKEN = `query($id: ID!) { userToken(userId: $id) { token } }`;

describe('caller authentication and roles', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      logger: logs.logger,
      auth: {
        apiKeys: [...TEST_AUTH.apiKeys, { name: 'rockset-team', role: 'admin', hash: hashApiKey(ROCKSET_ONLY), sources: ['rockset-*'] }],
      },
    });
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  it('refuses a request without credentials with 401, WWW-Authenticate and no upstream call', async () => {
    const res = await gql(stack.gateway, '{ users(first: 5) { nodes { email } } }', undefined, { authorization: '' });
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="usergraph"');
    assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(await stack.totalCalls(), 0);
  });

  it('refuses a wrong key, a non-Bearer scheme and an empty Bearer alike: 401 "invalid or expired", no hint, no call', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: `Bearer ${TEST_KEYS.admin}x` },
      { authorization: `Basic ${Buffer.from(`admin:${TEST_KEYS.admin}`).toString('base64')}` },
      { authorization: 'Bearer' },
      { authorization: '', 'x-api-key': 'ugk_not-a-key' },
      { authorization: `Bearer ${hashApiKey(TEST_KEYS.admin)}` },
    ];
    for (const headers of attempts) {
      const res = await gql(stack.gateway, 'mutation { __typename }', undefined, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="usergraph", error="invalid_token"');
      assert.deepEqual(res.body.errors, [{ message: 'invalid or expired credentials', extensions: { code: 'UNAUTHENTICATED' } }]);
    }
    assert.equal(await stack.totalCalls(), 0);
  });

  it('accepts the key as Bearer or as x-api-key', async () => {
    const bearer = await gql(stack.gateway, '{ sources { name } }', undefined, asKey(TEST_KEYS.viewer));
    const header = await gql(stack.gateway, '{ sources { name } }', undefined, { authorization: '', 'x-api-key': TEST_KEYS.viewer });
    assert.equal(bearer.status, 200);
    assert.deepEqual(header.body, bearer.body);
  });

  it('viewer: queries answer; a mutation and userToken are FORBIDDEN on their field with no upstream call', async () => {
    const query = await gql(stack.gateway, '{ users(first: 3) { nodes { email } } }', undefined, asKey(TEST_KEYS.viewer));
    assert.equal(query.status, 200);
    assert.equal((query.body.data!['users'] as { nodes: unknown[] }).nodes.length, 3);
    await stack.resetCounts();

    const grant = await gql(
      stack.gateway,
      GRANT,
      { input: { userId: userId('dqops', 'grace@example.com'), role: 'admin', scope: { kind: 'ACCOUNT' } } },
      asKey(TEST_KEYS.viewer),
    );
    assert.equal(grant.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.deepEqual(grant.body.errors?.[0]?.path, ['grantRole']);
    assert.match(grant.body.errors?.[0]?.message ?? '', /Mutation\.grantRole needs the admin role/);

    const token = await gql(stack.gateway, TOKEN, { id: userId('waldur', WALDUR.grace) }, asKey(TEST_KEYS.viewer));
    assert.equal(token.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.equal(token.body.data?.['userToken'], null);
    assert.equal(await stack.totalCalls(), 0);
  });

  it('viewer: in one request the forbidden field fails alone and the others answer', async () => {
    const res = await gql(
      stack.gateway,
      `query($id: ID!) { sources { name } userToken(userId: $id) { token } }`,
      { id: userId('waldur', WALDUR.grace) },
      asKey(TEST_KEYS.viewer),
    );
    assert.equal((res.body.data!['sources'] as unknown[]).length, 3);
    assert.deepEqual(
      res.body.errors?.map((e) => [e.path, e.extensions?.['code']]),
      [[['userToken'], 'FORBIDDEN']],
    );
  });

  it('admin: a mutation is applied and audited under apikey:<name>; userToken of another user answers', async () => {
    const grant = await gql(stack.gateway, GRANT, {
      input: { userId: userId('dqops', 'grace@example.com'), role: 'viewer', scope: { kind: 'DATA_DOMAIN', id: 'datalake' } },
    });
    assert.deepEqual(grant.body.errors, undefined);
    assert.deepEqual((grant.body.data!['grantRole'] as { userErrors: unknown[] }).userErrors, []);
    const audit = logs
      .lines()
      .map((l) => JSON.parse(l) as { audit?: { caller: string; operation: string; outcome: string } })
      .filter((l) => l.audit?.operation === 'grantRole');
    assert.equal(audit.at(-1)?.audit?.caller, 'apikey:test-admin');
    assert.equal(audit.at(-1)?.audit?.outcome, 'applied');

    const token = await gql(stack.gateway, TOKEN, { id: userId('waldur', WALDUR.grace) });
    assert.deepEqual(token.body.data?.['userToken'], { token: 'waldur-token-grace' });
  });

  it("refuses userToken and refreshUserToken on the owner of the gateway's own Waldur credential, with no upstream call", async () => {
    const me = await gql(stack.gateway, `{ me(source: "${SOURCE.waldur}") { nativeId } }`);
    assert.deepEqual(me.body.data?.['me'], { nativeId: WALDUR.ada }, 'me(source) tells who the service credential belongs to');
    await stack.resetCounts();

    const read = await gql(stack.gateway, TOKEN, { id: userId('waldur', WALDUR.ada) });
    assert.equal(read.body.data?.['userToken'], null);
    assert.equal(read.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.match(read.body.errors?.[0]?.message ?? '', /owns the gateway's own credential for source "waldur-ref"/);
    assert.ok(!JSON.stringify(read.body).includes(ADMIN_CREDENTIALS.waldur));

    const refresh = await gql(
      stack.gateway,
      `mutation($input: RefreshUserTokenInput!) { refreshUserToken(input: $input) { token { token } userErrors { field message code } } }`,
      { input: { userId: userId('waldur', WALDUR.ada) } },
    );
    const payload = refresh.body.data?.['refreshUserToken'] as { token: unknown; userErrors: { field: string[]; code: string }[] };
    assert.equal(payload.token, null);
    assert.deepEqual(
      payload.userErrors.map((e) => [e.field, e.code]),
      [[['userId'], 'NOT_ALLOWED']],
    );
    assert.equal(await stack.totalCalls(), 0);

    const still = await gql(stack.gateway, `{ users(sources: ["${SOURCE.waldur}"], first: 2) { nodes { email } } }`);
    assert.equal(still.body.errors, undefined, 'Waldur reads still work with the untouched credential');
    assert.equal((still.body.data!['users'] as { nodes: unknown[] }).nodes.length, 2);
  });

  it('a key limited to rockset-* sees only Rockset, and gets FORBIDDEN (naming no other source) on DQOps', async () => {
    const as = asKey(ROCKSET_ONLY);
    const list = await gql(stack.gateway, '{ sources { name } users(first: 50) { totalCount nodes { source { name } } } }', undefined, as);
    assert.equal(list.body.errors, undefined);
    assert.deepEqual(list.body.data?.['sources'], [{ name: SOURCE.rockset }]);
    const users = list.body.data?.['users'] as { totalCount: number; nodes: { source: { name: string } }[] };
    assert.ok(users.nodes.length > 0);
    assert.ok(users.nodes.every((n) => n.source.name === SOURCE.rockset));
    const counts = await stack.counts();
    assert.equal(counts.dqops.total + counts.waldur.total, 0, 'sources outside the key are never called');

    const grant = await gql(stack.gateway, GRANT, { input: { userId: userId('dqops', 'grace@example.com'), role: 'admin', scope: { kind: 'ACCOUNT' } } }, as);
    assert.equal(grant.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    const message = grant.body.errors?.[0]?.message ?? '';
    assert.match(message, /not one of the sources you may use \(rockset-ref\)/);
    assert.ok(!message.includes(SOURCE.waldur));

    const unknown = await gql(stack.gateway, '{ users(sources: ["nope"]) { nodes { id } } }', undefined, as);
    const direct = await gql(stack.gateway, `{ users(sources: ["${SOURCE.dqops}"]) { nodes { id } } }`, undefined, as);
    assert.equal(unknown.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.equal(
      direct.body.errors?.[0]?.message.replace(SOURCE.dqops, 'X'),
      unknown.body.errors?.[0]?.message.replace('nope', 'X'),
      'a source out of reach and one that does not exist get the same answer',
    );
    const node = await gql(stack.gateway, `query($id: ID!) { user(id: $id) { email } }`, { id: userId('dqops', 'grace@example.com') }, as);
    assert.equal(node.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    const after = await stack.counts();
    assert.equal(after.dqops.total + after.waldur.total, 0);
  });

  it('logs no key, token or hash', async () => {
    const text = logs.text();
    const secrets = [
      TEST_KEYS.admin,
      TEST_KEYS.viewer,
      ROCKSET_ONLY,
      hashApiKey(TEST_KEYS.admin).slice(7),
      hashApiKey(TEST_KEYS.viewer).slice(7),
      ...Object.values(ADMIN_CREDENTIALS),
      'waldur-token-grace',
    ];
    assert.ok(text.length > 0, 'something was logged');
    for (const secret of secrets) assert.ok(!text.includes(secret), `a log line holds ${secret.slice(0, 12)}…`);
  });
});

describe('anonymous callers and revoked keys', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ auth: { anonymous: 'viewer', apiKeys: TEST_AUTH.apiKeys } });
  });
  after(() => stack.stop());

  it('anonymous: viewer reads without credentials; a mutation is FORBIDDEN with no call', async () => {
    const read = await gql(stack.gateway, '{ users(first: 2) { nodes { email } } }', undefined, { authorization: '' });
    assert.equal(read.status, 200);
    await stack.resetCounts();
    const grant = await gql(
      stack.gateway,
      GRANT,
      { input: { userId: userId('dqops', 'grace@example.com'), role: 'admin', scope: { kind: 'ACCOUNT' } } },
      { authorization: '' },
    );
    assert.equal(grant.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.equal(await stack.totalCalls(), 0);
  });

  it('a key removed from the config stops working at the next start', async () => {
    const revoked = await startTestGateway({
      sources: [{ name: 'rs', vendor: 'rockset', url: stack.sims.rockset.url, credentials: { mode: 'service', secret: ADMIN_CREDENTIALS.rockset } }],
      auth: { apiKeys: [TEST_AUTH.apiKeys[1]!] },
    });
    try {
      const before = await gql(stack.gateway, '{ sources { name } }');
      assert.equal(before.status, 200);
      const res = await gql(revoked, '{ sources { name } }');
      assert.equal(res.status, 401);
      assert.equal((await gql(revoked, '{ sources { name } }', undefined, asKey(TEST_KEYS.viewer))).status, 200);
    } finally {
      await revoked.stop();
    }
  });

  it('slows down an address that keeps failing: 429 with Retry-After before any key is checked', async () => {
    const strict = await startTestGateway({
      sources: [{ name: 'rs', vendor: 'rockset', url: stack.sims.rockset.url, credentials: { mode: 'service', secret: ADMIN_CREDENTIALS.rockset } }],
      auth: { ...TEST_AUTH, maxFailuresPerMinute: 3 },
    });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await gql(strict, '{ sources { name } }', undefined, asKey(`ugk_guess-${i}`))).status, 401);
      const limited = await gql(strict, '{ sources { name } }', undefined, asKey('ugk_guess-4'));
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      // No credential at all is not a failed guess, and stays a plain 401.
      assert.equal((await gql(strict, '{ sources { name } }', undefined, { authorization: '' })).status, 401);
      // Operators see the block, answered from this process's memory.
      const metrics = await (await request(strict.url.replace('/graphql', '/metrics'))).body.text();
      assert.match(metrics, /^usergraph_auth_block_mirror_trusted 1$/m);
      assert.match(metrics, /^usergraph_auth_blocked_addresses 1$/m);
    } finally {
      await strict.stop();
    }
  });

  it('the landing page needs no credential, and a GET operation does', async () => {
    const page = await request(stack.gateway.url, { headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    await page.body.dump();
    const get = await request(`${stack.gateway.url}?query=${encodeURIComponent('{ sources { name } }')}`, {
      headers: { 'apollo-require-preflight': 'true', 'x-api-key': 'ugk_wrong' },
    });
    assert.equal(get.statusCode, 401);
    await get.body.dump();
  });
});
