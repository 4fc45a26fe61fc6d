import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { TEST_KEYS } from '../helpers/gateway.js';
import { userId, WALDUR } from '../helpers/mutations.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

/** Idempotency-Key on one gateway with the default (memory) state store; three replicas on Redis are in scale-out/. */
describe('Idempotency-Key, one process', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.stop());

  const send = (key: string, query: string, variables: Record<string, unknown>) =>
    request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEYS.admin}`, 'idempotency-key': key },
      body: JSON.stringify({ query, variables }),
    });
  const CREATE = 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { email } userErrors { code } } }';

  it('replays the first answer with no vendor call; another body with the key is refused', async () => {
    await stack.resetCounts();
    const input = { i: { source: SOURCE.rockset, email: 'once@example.com', roles: ['member'] } };
    const first = await (await send('k-1', CREATE, input)).body.text();
    const again = await send('k-1', CREATE, input);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(await again.body.text(), first);
    const other = await send('k-1', CREATE, { i: { ...input.i, email: 'twice@example.com' } });
    assert.equal(other.statusCode, 422);
    await other.body.dump();
    assert.equal((await stack.counts()).rockset.byRoute['POST /v1/orgs/self/users'], 1);
  });

  it('refuses a key on a mutation whose answer is a secret (refreshUserToken), with no call', async () => {
    await stack.resetCounts();
    const res = await send('k-2', 'mutation($i: RefreshUserTokenInput!) { t: refreshUserToken(input: $i) { token { token } } }', {
      i: { userId: userId('waldur', WALDUR.grace) },
    });
    assert.equal(res.statusCode, 400);
    assert.match(await res.body.text(), /refreshUserToken answers a secret, which is never stored/);
    assert.equal(await stack.totalCalls(), 0);
  });

  it('leaves queries alone: a key on a query is ignored', async () => {
    const res = await send('k-3', '{ sources { name } }', {});
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['idempotent-replayed'], undefined);
    await res.body.dump();
  });
});
