import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { gql, startTestGateway } from '../helpers/gateway.js';
import { hook } from '../helpers/sim.js';
import { ADMIN_CREDENTIALS, SOURCE, type Stack, startStack } from '../helpers/stack.js';

const USERS = '{ users(first: 50) { nodes { email source { name } } } }';

function sourcesIn(data: Record<string, unknown> | null | undefined): Set<string> {
  return new Set((data!['users'] as { nodes: { source: { name: string } }[] }).nodes.map((n) => n.source.name));
}

describe('one failing source leaves the others whole', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ timeoutMs: 500 });
  });
  afterEach(() => stack.reset());
  after(() => stack.stop());

  const cases: { name: string; vendor: VendorName; fault: Record<string, unknown>; code: string; httpStatus?: number }[] = [
    { name: 'a 500', vendor: 'waldur', fault: { kind: 'status', status: 500 }, code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 },
    { name: 'a hang past the deadline', vendor: 'dqops', fault: { kind: 'hang' }, code: 'UPSTREAM_TIMEOUT' },
    { name: 'a malformed body', vendor: 'rockset', fault: { kind: 'malformed' }, code: 'UPSTREAM_BAD_RESPONSE' },
    { name: 'a 429', vendor: 'waldur', fault: { kind: 'rate-limit', retryAfter: 9 }, code: 'UPSTREAM_RATE_LIMITED', httpStatus: 429 },
  ];
  for (const c of cases) {
    it(`${c.name} from ${c.vendor}: the others' users, HTTP 200, one error naming ${c.vendor}`, async () => {
      await hook(stack.sims[c.vendor], 'POST', 'faults', c.fault);
      const { status, body } = await gql(stack.gateway, USERS);
      assert.equal(status, 200);
      const expected = new Set(Object.values(SOURCE).filter((s) => s !== SOURCE[c.vendor]));
      assert.deepEqual(sourcesIn(body.data), expected);
      assert.equal(body.errors?.length, 1, JSON.stringify(body.errors));
      const error = body.errors![0]!;
      assert.deepEqual(error.path, ['users']);
      assert.equal(error.extensions!['code'], c.code);
      assert.equal(error.extensions!['source'], SOURCE[c.vendor]);
      assert.equal(typeof error.extensions!['retryable'], 'boolean');
      if (c.httpStatus) assert.equal(error.extensions!['httpStatus'], c.httpStatus);
      if (c.fault['kind'] === 'rate-limit') assert.equal(error.extensions!['retryAfter'], 9);
    });
  }

  it('a failing source in person.accounts is reported once, with the other accounts kept', async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503 });
    const { body } = await gql(stack.gateway, '{ person(email: "grace@example.com") { accounts { source { name } } } }');
    assert.deepEqual(
      (body.data!['person'] as { accounts: { source: { name: string } }[] }).accounts.map((a) => a.source.name),
      [SOURCE.dqops, SOURCE.waldur],
    );
    assert.equal(body.errors?.length, 1);
    assert.equal(body.errors![0]!.extensions!['source'], SOURCE.rockset);
  });

  it('an unsupported operation names the source and makes no call', async () => {
    await stack.resetCounts();
    const { body } = await gql(
      stack.gateway,
      `{ me(source: "${SOURCE.dqops}") { email } notificationPreferences(source: "${SOURCE.waldur}") { notificationType } }`,
    );
    assert.deepEqual(body.data, { me: null, notificationPreferences: null });
    const codes = body.errors!.map((e) => [e.path?.[0], e.extensions!['code'], e.extensions!['source']]);
    assert.deepEqual(codes.sort(), [
      ['me', 'UNSUPPORTED_BY_SOURCE', SOURCE.dqops],
      ['notificationPreferences', 'UNSUPPORTED_BY_SOURCE', SOURCE.waldur],
    ]);
    const counts = await stack.counts();
    assert.deepEqual([counts.dqops.total, counts.waldur.total], [0, 0]);
  });

  it('me, userToken and notificationPreferences answer where the vendor has them, and no error carries a secret', async () => {
    const { body } = await gql(
      stack.gateway,
      `{ w: me(source: "${SOURCE.waldur}") { username } r: me(source: "${SOURCE.rockset}") { email } notificationPreferences(source: "${SOURCE.rockset}") { notificationType } }`,
    );
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.deepEqual(body.data, { w: { username: 'ada' }, r: { email: 'ada@example.com' }, notificationPreferences: [{ notificationType: 'create_apikey' }] });
    const ids = await gql(stack.gateway, `{ users(sources: ["${SOURCE.waldur}"], filter: { query: "grace" }) { nodes { id } } }`);
    const graceId = (ids.body.data!['users'] as { nodes: { id: string }[] }).nodes[0]!.id;
    const token = await gql(stack.gateway, 'query($id: ID!) { userToken(userId: $id) { token lifetimeSeconds } }', { id: graceId });
    assert.deepEqual(token.body.data, { userToken: { token: 'waldur-token-grace', lifetimeSeconds: 3600 } });
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'status', status: 500 });
    const failed = await gql(stack.gateway, 'query($id: ID!) { userToken(userId: $id) { token } }', { id: graceId });
    const text = JSON.stringify(failed.body);
    for (const secret of Object.values(ADMIN_CREDENTIALS)) assert.ok(!text.includes(secret), text);
    assert.ok(!text.includes('waldur-token-grace'));
  });
});

describe('a stopped source', () => {
  it("leaves the other sources' data and one UPSTREAM_UNAVAILABLE error", async () => {
    const stack = await startStack({ timeoutMs: 500 });
    try {
      await stack.sims.rockset.close();
      const { status, body } = await gql(stack.gateway, USERS);
      assert.equal(status, 200);
      assert.deepEqual(sourcesIn(body.data), new Set([SOURCE.dqops, SOURCE.waldur]));
      assert.equal(body.errors?.length, 1);
      assert.deepEqual(
        [body.errors![0]!.extensions!['code'], body.errors![0]!.extensions!['source'], body.errors![0]!.extensions!['retryable']],
        ['UPSTREAM_UNAVAILABLE', SOURCE.rockset, true],
      );
    } finally {
      await stack.gateway.stop();
      await stack.sims.dqops.close();
      await stack.sims.waldur.close();
    }
  });
});

describe('forwarded credentials', () => {
  it('a forward source without its header fails alone with UNAUTHENTICATED', async () => {
    const stack = await startStack();
    const gateway = await startTestGateway({
      sources: [
        { name: 'dq', vendor: 'dqops', url: stack.sims.dqops.url, credentials: { mode: 'service', secret: ADMIN_CREDENTIALS.dqops } },
        { name: 'rs', vendor: 'rockset', url: stack.sims.rockset.url, credentials: { mode: 'forward', header: 'x-rockset-key' } },
      ],
    });
    try {
      const missing = await gql(gateway, USERS);
      assert.deepEqual(sourcesIn(missing.body.data), new Set(['dq']));
      assert.deepEqual([missing.body.errors![0]!.extensions!['code'], missing.body.errors![0]!.extensions!['source']], ['UNAUTHENTICATED', 'rs']);
      const sent = await gql(gateway, USERS, undefined, { 'x-rockset-key': 'rockset-key-grace-member' });
      assert.equal(sent.body.errors, undefined);
      assert.deepEqual(sourcesIn(sent.body.data), new Set(['dq', 'rs']));
      const withScheme = await gql(gateway, USERS, undefined, { 'x-rockset-key': 'ApiKey rockset-key-ada-admin' });
      assert.equal(withScheme.body.errors, undefined);
      const actors = (await hook<{ entries: { actor?: string }[] }>(stack.sims.rockset, 'GET', 'requests')).entries.map((e) => e.actor);
      assert.deepEqual(actors, ['Grace@Example.com', 'ada@example.com']);
    } finally {
      await gateway.stop();
      await stack.stop();
    }
  });
});
