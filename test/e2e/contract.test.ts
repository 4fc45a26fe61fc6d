import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import { gql, TEST_KEYS } from '../helpers/gateway.js';
import { newSigningKey, type SigningKey, sign } from '../helpers/jwks-server.js';
import { assertNoUpstreamCalls, mutate, userId, WALDUR } from '../helpers/mutations.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { referenceSeed } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

/**
 * What a frontend builds on (issue 21): a failing field never takes its neighbours with it, every
 * argument problem names its argument, a "grant role" form can ask which roles exist, and Apollo's
 * own explanations reach the client whole.
 */
describe('the frontend contract', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.stop());

  it('a failing users field leaves sources standing: null, one BAD_USER_INPUT naming the argument', async () => {
    await stack.resetCounts();
    const { body } = await gql(stack.gateway, '{ sources { name } users(sources: ["nope"]) { nodes { id } } }');
    assert.deepEqual(
      (body.data!['sources'] as { name: string }[]).map((s) => s.name),
      [SOURCE.dqops, SOURCE.waldur, SOURCE.rockset],
    );
    assert.equal(body.data?.['users'], null);
    assert.deepEqual(
      body.errors?.map((e) => [e.path, e.extensions?.['code'], e.extensions?.['argument']]),
      [[['users'], 'BAD_USER_INPUT', 'sources']],
    );
    await assertNoUpstreamCalls(stack, 'an unknown source');
  });

  it('people and users can each fail alone in one request', async () => {
    const { body } = await gql(stack.gateway, '{ people(after: "garbage") { totalCount } users(first: 1) { nodes { email } } }');
    assert.equal(body.data?.['people'], null);
    assert.equal((body.data!['users'] as { nodes: unknown[] }).nodes.length, 1);
    assert.deepEqual(
      body.errors?.map((e) => [e.path, e.extensions?.['code'], e.extensions?.['argument']]),
      [[['people'], 'BAD_USER_INPUT', 'after']],
    );
  });

  describe('every argument problem is BAD_USER_INPUT naming its argument', () => {
    const cases: [string, string, Record<string, unknown> | undefined, Record<string, unknown>][] = [
      ['a literal the scalar refuses', '{ person(email: "x") { email } }', undefined, { argument: 'email' }],
      ['a literal of the wrong type', '{ users(first: "ten") { totalCount } }', undefined, { argument: 'first' }],
      ['a required argument left out', '{ userByEmail(source: "dqops-ref") { id } }', undefined, { argument: 'email' }],
      ['an argument the field does not have', '{ users(page: 2) { totalCount } }', undefined, { argument: 'page' }],
      [
        'a field deep inside an input literal',
        'mutation { grantRole(input: { userId: "x", role: "viewer", scope: { kind: NOWHERE } }) { userErrors { code } } }',
        undefined,
        { argument: 'input', argumentPath: ['scope', 'kind'] },
      ],
      [
        'a variable that does not coerce',
        'query($e: EmailAddress!) { person(email: $e) { email } }',
        { e: 'not-an-email' },
        { argument: 'email', variable: 'e' },
      ],
      ['a cursor that is not one', '{ users(after: "garbage") { totalCount } }', undefined, { argument: 'after' }],
      ['an id that is not ours', '{ user(id: "garbage") { id } }', undefined, { argument: 'id' }],
      ['an unknown source name', '{ userByEmail(source: "nope", email: "a@example.com") { id } }', undefined, { argument: 'source' }],
    ];
    for (const [what, query, variables, expected] of cases) {
      it(what, async () => {
        await stack.resetCounts();
        const { body } = await gql(stack.gateway, query, variables);
        assert.equal(body.errors?.length, 1, JSON.stringify(body.errors));
        const ext = body.errors![0]!.extensions!;
        assert.equal(ext['code'], 'BAD_USER_INPUT', JSON.stringify(body.errors));
        for (const [key, value] of Object.entries(expected)) assert.deepEqual(ext[key], value, `${key} in ${JSON.stringify(ext)}`);
        assert.match(body.errors![0]!.message, new RegExp(String(expected['variable'] ?? expected['argument'])));
        await assertNoUpstreamCalls(stack, what);
      });
    }
  });

  it('lists the roles each vendor documents, with their levels and scope kinds', async () => {
    const { body } = await gql(stack.gateway, '{ sources { vendor roles { name level scopeKinds description } } }');
    type Role = { name: string; level: string; scopeKinds: string[]; description: string };
    const byVendor: Record<string, Role[]> = Object.fromEntries((body.data!['sources'] as { vendor: string; roles: Role[] }[]).map((s) => [s.vendor, s.roles]));
    const names = (vendor: string) => (byVendor[vendor] ?? []).map((r) => r.name).sort();
    // The contracts are the truth: DQOps' DqoUserRole enum (none is no role), Waldur's six role names, Rockset's built-ins.
    const dqopsSpec = JSON.parse(readFileSync(join(PROJECT_ROOT, 'contracts/dqops/dqops-users-swagger2.json'), 'utf8'));
    const dqopsEnum: string[] = dqopsSpec.definitions.DqoUserRolesModel.properties.accountRole.enum;
    assert.deepEqual(names('DQOPS'), dqopsEnum.filter((r) => r !== 'none').sort());
    const waldurReadme = readFileSync(join(PROJECT_ROOT, 'contracts/waldur/README.md'), 'utf8');
    assert.deepEqual(names('WALDUR'), [...new Set(waldurReadme.match(/\b(?:CUSTOMER|PROJECT)\.[A-Z]+\b/g))].sort());
    const rocksetReadme = readFileSync(join(PROJECT_ROOT, 'contracts/rockset/README.md'), 'utf8');
    const builtIn = /built-in role names `([a-z-]+)`, `([a-z-]+)` and `([a-z-]+)`/.exec(rocksetReadme);
    assert.deepEqual(names('ROCKSET'), builtIn!.slice(1).sort());
    const levels = Object.fromEntries(Object.values(byVendor).flatMap((roles) => roles.map((r) => [r.name, r.level])));
    assert.deepEqual(
      [levels['CUSTOMER.OWNER'], levels['PROJECT.MEMBER'], levels['editor'], levels['operator'], levels['read-only']],
      ['OWNER', 'OPERATE', 'EDIT', 'OPERATE', 'VIEW'],
    );
    assert.deepEqual(byVendor['WALDUR']?.find((r) => r.name === 'PROJECT.ADMIN')?.scopeKinds, ['PROJECT']);
    assert.deepEqual(byVendor['DQOPS']?.find((r) => r.name === 'viewer')?.scopeKinds, ['ACCOUNT', 'DATA_DOMAIN']);
    assert.ok(Object.values(byVendor).every((roles) => roles.every((r) => r.description.length > 10)));
  });

  it('grantRole with a role not in Source.roles is a userError naming the valid roles, with 0 calls', async () => {
    await stack.resetCounts();
    for (const [id, role, scope, valid] of [
      [userId('dqops', 'alan@example.com'), 'owner', { kind: 'ACCOUNT' }, 'admin, editor, operator, viewer'],
      [userId('rockset', 'Grace@Example.com'), 'Admin', { kind: 'ORGANIZATION' }, 'did you mean "admin"'],
      [userId('waldur', WALDUR.grace), 'PROJECT.OWNER', { kind: 'PROJECT', id: WALDUR.compilers }, 'PROJECT.MEMBER'],
    ] as const) {
      const { payload, result } = await mutate(stack, 'grantRole', { userId: id, role, scope }, 'user { id }', 'GrantRoleInput');
      assert.equal(result.body.errors, undefined);
      assert.deepEqual(
        payload!.userErrors.map((e) => [e.field, e.code]),
        [[['role'], 'INVALID']],
      );
      assert.ok(payload!.userErrors[0]!.message.includes(valid), payload!.userErrors[0]!.message);
    }
    await assertNoUpstreamCalls(stack, 'roles outside Source.roles');
  });

  it("passes Apollo's CSRF refusal through whole", async () => {
    const res = await request(`${stack.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${TEST_KEYS.admin}` },
    });
    const body = (await res.body.json()) as { errors: { message: string; extensions: { code: string } }[] };
    assert.equal(res.statusCode, 400);
    assert.equal(body.errors[0]!.extensions.code, 'BAD_REQUEST');
    // Cut at "…for one of the following headers." before: the header names are what the client needs.
    assert.match(body.errors[0]!.message, /one of the following headers: x-apollo-operation-name, apollo-require-preflight, graphql-require-preflight\s*$/);
  });

  it('passes the batching refusal through whole', async () => {
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.admin}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    const body = (await res.body.json()) as { errors: { message: string; extensions: { code: string } }[] };
    assert.deepEqual(
      body.errors.map((e) => [e.extensions.code, e.message]),
      [['BATCH_LIMIT_EXCEEDED', 'BATCH_LIMIT_EXCEEDED: batched requests (a JSON array of operations) are off on this gateway (server.batching)']],
    );
  });

  it("passes Apollo's persisted-query message through whole", async () => {
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.admin}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    });
    const body = (await res.body.json()) as { errors: { message: string; extensions: { code: string } }[] };
    assert.deepEqual(
      body.errors.map((e) => [e.extensions.code, e.message]),
      [['PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported']],
    );
  });
});

describe('personal data', () => {
  let stack: Stack;
  const PII_KEY = 'ugk_test-viewer-pii-0123456789abcdefghijklmnop';
  const PERSONAL = ['civilNumber', 'birthDate', 'phoneNumber', 'ipAddress'] as const;
  const QUERY = `query($id: ID!) { user(id: $id) { email details { ... on WaldurUserDetails { username jobTitle ${PERSONAL.join(' ')} } } } }`;

  let jwtKey: SigningKey;
  const token = (claims: Record<string, unknown>) =>
    sign(jwtKey, { sub: 'hr-portal', groups: ['readers'], ...claims }, { issuer: 'https://idp.example.test/', audience: 'usergraph', expiresIn: '5m' });

  before(async () => {
    jwtKey = await newSigningKey('contract');
    // The reference seed holds no personal data: Grace gets some here.
    const waldur = structuredClone(referenceSeed().waldur) as { users: Record<string, unknown>[] };
    const grace = waldur.users.find((u) => u['uuid'] === WALDUR.grace)!;
    // Waldur fills ip_address only on /api/users/me/, from the request: `me` reads it.
    Object.assign(grace, { civil_number: 'EE38001010000', birth_date: '1906-12-09', phone_number: '+1 555 0100' });
    stack = await startStack({
      seeds: { waldur },
      auth: {
        apiKeys: [
          { name: 'test-admin', role: 'admin', hash: hashApiKey(TEST_KEYS.admin) },
          { name: 'test-viewer', role: 'viewer', hash: hashApiKey(TEST_KEYS.viewer) },
          { name: 'test-viewer-pii', role: 'viewer', hash: hashApiKey(PII_KEY), pii: true },
        ],
        jwt: {
          publicKey: jwtKey.publicPem,
          issuer: 'https://idp.example.test/',
          audience: 'usergraph',
          roleClaim: 'groups',
          roleMap: { readers: 'viewer' },
          piiClaim: 'scope',
          piiValue: 'usergraph:pii',
        },
      },
    });
  });
  after(() => stack.stop());

  const read = (key: string) => gql(stack.gateway, QUERY, { id: userId('waldur', WALDUR.grace) }, { authorization: `Bearer ${key}` });

  it('a viewer without the grant gets each personal field null with FORBIDDEN, and every other field', async () => {
    const { body } = await read(TEST_KEYS.viewer);
    const details = (body.data!['user'] as { details: Record<string, unknown> }).details;
    assert.deepEqual([details['username'], details['jobTitle']], ['grace', 'Rear Admiral']);
    for (const field of PERSONAL) assert.equal(details[field], null, field);
    assert.deepEqual(
      body.errors?.map((e) => [e.extensions?.['code'], e.path?.join('.')]),
      PERSONAL.map((f) => ['FORBIDDEN', `user.details.${f}`]),
    );
    assert.ok(body.errors?.every((e) => /personal data/.test(e.message)));
  });

  it('one error per personal field however many users a list shows', async () => {
    const { body } = await gql(
      stack.gateway,
      `{ users(sources: ["${SOURCE.waldur}"], first: 20) { nodes { details { ... on WaldurUserDetails { phoneNumber birthDate } } } } }`,
      undefined,
      {
        authorization: `Bearer ${TEST_KEYS.viewer}`,
      },
    );
    assert.ok((body.data!['users'] as { nodes: unknown[] }).nodes.length > 10);
    assert.deepEqual(
      body.errors?.map((e) => e.extensions?.['code']),
      ['FORBIDDEN', 'FORBIDDEN'],
    );
  });

  it('a viewer key with pii, and an admin, read the values', async () => {
    for (const key of [PII_KEY, TEST_KEYS.admin]) {
      const { body } = await read(key);
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const details = (body.data!['user'] as { details: Record<string, unknown> }).details;
      assert.deepEqual(
        PERSONAL.map((f) => details[f]),
        ['EE38001010000', '1906-12-09', '+1 555 0100', null],
      );
    }
  });

  it('a JWT viewer reads them only with the pii value in its claim', async () => {
    const withScope = await read(await token({ scope: 'openid usergraph:pii' }));
    assert.equal(withScope.body.errors, undefined, JSON.stringify(withScope.body.errors));
    assert.equal((withScope.body.data!['user'] as { details: Record<string, unknown> }).details['civilNumber'], 'EE38001010000');
    for (const claims of [{ scope: 'openid profile' }, {}, { scope: 'usergraph:pii-ish' }]) {
      const without = await read(await token(claims));
      assert.equal((without.body.data!['user'] as { details: Record<string, unknown> }).details['civilNumber'], null, JSON.stringify(claims));
      assert.deepEqual(
        without.body.errors?.map((e) => e.extensions?.['code']),
        ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
      );
    }
  });

  it('the IP address Waldur shows on me: null with FORBIDDEN for a plain viewer, the value with pii', async () => {
    const me = `{ me(source: "${SOURCE.waldur}") { details { ... on WaldurUserDetails { username ipAddress } } } }`;
    const plain = await gql(stack.gateway, me, undefined, { authorization: `Bearer ${TEST_KEYS.viewer}` });
    assert.deepEqual(plain.body.data, { me: { details: { username: 'ada', ipAddress: null } } });
    assert.deepEqual(
      plain.body.errors?.map((e) => [e.extensions?.['code'], e.path?.join('.')]),
      [['FORBIDDEN', 'me.details.ipAddress']],
    );
    const granted = await gql(stack.gateway, me, undefined, { authorization: `Bearer ${PII_KEY}` });
    assert.equal(granted.body.errors, undefined);
    assert.match(String((granted.body.data!['me'] as { details: { ipAddress: string } }).details.ipAddress), /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });
});
