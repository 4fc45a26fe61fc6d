import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getIntrospectionQuery } from 'graphql';
import { request } from 'undici';
import { type GraphQLResult, gql } from '../../helpers/gateway.js';
import { userId } from '../../helpers/mutations.js';
import { type Stack, startStack } from '../../helpers/stack.js';

/** `users(first: N) { nodes { person { accounts { person { accounts … } } } } } }`, `levels` person/accounts pairs deep. */
function personChain(levels: number, first = 5): string {
  let inner = 'email';
  for (let i = 0; i < levels; i++) inner = `person { accounts { ${inner} } }`;
  return `{ users(first: ${first}) { nodes { ${inner} } } }`;
}
/** A query of exactly `depth` levels as GraphQL Armor counts them. */
function depthQuery(depth: number): string {
  // users(1) > nodes > person > accounts … : each of these is one level; the leaf is the last.
  const chain = ['users(first: 1)', 'nodes'];
  while (chain.length < depth - 1) chain.push(chain.length % 2 === 0 ? 'person' : 'accounts');
  return `{ ${chain.map((f) => `${f} {`).join(' ')} email ${'}'.repeat(chain.length)} }`;
}

describe('static limits: refused before execution, with their code and figure, and no upstream call', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => stack.resetCounts());
  after(() => stack.stop());

  async function refused(res: GraphQLResult, code: string, figure: RegExp): Promise<void> {
    assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
    assert.equal(res.body.errors?.[0]?.extensions?.['code'], code);
    assert.match(res.body.errors?.[0]?.message ?? '', new RegExp(`^${code}: `));
    assert.match(res.body.errors?.[0]?.message ?? '', figure);
    assert.equal(res.body.data, undefined);
    assert.equal(await stack.totalCalls(), 0, `${code}: no upstream call`);
  }

  it('the killer shape (person/accounts 35 deep) and its depth-19 cousin are refused while /healthz answers', async () => {
    const health = request(stack.gateway.url.replace('/graphql', '/healthz'));
    const [killer, cousin] = await Promise.all([gql(stack.gateway, personChain(17)), gql(stack.gateway, personChain(9))]);
    await refused(killer, 'DEPTH_LIMIT_EXCEEDED', /depth limit of 10 exceeded, found 3[67]/);
    await refused(cousin, 'DEPTH_LIMIT_EXCEEDED', /found 2[01]/);
    const h = await health;
    assert.equal(h.statusCode, 200);
    await h.body.dump();
  });

  it('depth: 10 passes, 11 is refused', async () => {
    const ok = await gql(stack.gateway, depthQuery(10));
    assert.equal(ok.status, 200, JSON.stringify(ok.body.errors));
    await stack.resetCounts();
    await refused(await gql(stack.gateway, depthQuery(11)), 'DEPTH_LIMIT_EXCEEDED', /limit of 10 exceeded, found 11/);
  });

  it('aliases: 15 pass; 16, and 1,000 aliases of users(first: 200), are refused', async () => {
    const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    assert.equal((await gql(stack.gateway, aliased(15, 'sources { name }'))).status, 200);
    await refused(await gql(stack.gateway, aliased(16, 'sources { name }')), 'ALIAS_LIMIT_EXCEEDED', /limit of 15 exceeded, found 16/);
    // 1,000 aliases also pass 2,000 tokens: the parser refuses it before validation counts the aliases.
    const thousand = await gql(stack.gateway, aliased(1_000, 'users(first: 200) { nodes { id } }'));
    assert.equal(thousand.status, 400);
    assert.equal(thousand.body.errors?.[0]?.extensions?.['code'], 'TOKEN_LIMIT_EXCEEDED');
    const raised = await gql(stack.gateway, aliased(300, 'sources { name }'));
    await refused(raised, 'ALIAS_LIMIT_EXCEEDED', /limit of 15 exceeded, found 300/);
  });

  it('tokens: a document under 2,000 tokens passes, one over is refused by the parser', async () => {
    // A list literal of n strings is n tokens (commas are not tokens).
    const tokens = (n: number) => `{ users(first: 0, sources: [${'"x", '.repeat(n)}]) { nodes { id } } }`;
    const under = await gql(stack.gateway, tokens(1_950));
    assert.equal(under.status, 200);
    assert.equal(under.body.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT', 'parsed and run: the resolver refuses 1,950 source names');
    await refused(await gql(stack.gateway, tokens(2_000)), 'TOKEN_LIMIT_EXCEEDED', /more than 2000 tokens/);
  });

  it('directives: 20 pass, 21 are refused', async () => {
    const directives = (n: number) => `{ sources { ${'name @include(if: true) '.repeat(n)} } }`;
    assert.equal((await gql(stack.gateway, directives(20))).status, 200);
    await refused(await gql(stack.gateway, directives(21)), 'DIRECTIVE_LIMIT_EXCEEDED', /limit of 20 exceeded, found 21/);
  });

  it('cost multiplies by first: users(first: 200) passes; a first: 200 list nested three deep is refused', async () => {
    const flat = await gql(stack.gateway, '{ users(first: 200) { nodes { id email } } }');
    assert.equal(flat.status, 200);
    await stack.resetCounts();
    await refused(
      await gql(stack.gateway, '{ users(first: 200) { nodes { person { accounts { person { accounts { id } } } } } } }'),
      'COST_LIMIT_EXCEEDED',
      /cost 19410 > 5000/,
    );
    // The same shape through variables costs the same.
    await refused(
      await gql(stack.gateway, 'query($n: Int!) { users(first: $n) { nodes { person { accounts { person { accounts { id } } } } } } }', { n: 200 }),
      'COST_LIMIT_EXCEEDED',
      /cost 19410 > 5000/,
    );
  });

  it('mutations: 5 per request pass the limit, 6 aliased ones are refused, and 100 aliased grantRole never reach a vendor', async () => {
    const grants = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `g${i}: grantRole(input: { userId: "${userId('dqops', 'grace@example.com')}", role: "viewer", scope: { kind: DATA_DOMAIN, id: "d${i}" } }) { userErrors { field } }`).join(' ')} }`;
    await refused(await gql(stack.gateway, grants(6)), 'MUTATION_LIMIT_EXCEEDED', /6 mutations > 5 per request/);
    const hundred = await gql(stack.gateway, grants(100));
    assert.equal(hundred.status, 400);
    assert.ok(['TOKEN_LIMIT_EXCEEDED', 'ALIAS_LIMIT_EXCEEDED', 'MUTATION_LIMIT_EXCEEDED'].includes(String(hundred.body.errors?.[0]?.extensions?.['code'])));
    assert.equal(await stack.totalCalls(), 0);
    const five = await gql(stack.gateway, grants(5));
    assert.equal(five.status, 200, JSON.stringify(five.body.errors));
  });

  it('batches are off by default; a 1 MB body is 413', async () => {
    const batch = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ugk_test-admin-0123456789abcdefghijklmnopqrstuv' },
      body: JSON.stringify(Array.from({ length: 1_000 }, () => ({ query: '{ users(first: 200) { nodes { id } } }' }))),
    });
    assert.equal(batch.statusCode, 400);
    assert.match(await batch.body.text(), /BATCH_LIMIT_EXCEEDED: batched requests .* are off/);
    const big = await gql(stack.gateway, `{ sources { name } } #${'x'.repeat(1024 * 1024)}`).catch((err: unknown) => err);
    assert.ok(!(big instanceof Error), String(big));
    assert.equal((big as GraphQLResult).status, 413);
    assert.equal(await stack.totalCalls(), 0);
  });

  it('string arguments have length limits: a 900 KB filter.query never becomes a vendor URL', async () => {
    const huge = 'x'.repeat(900 * 1024);
    const res = await gql(stack.gateway, 'query($q: String!) { users(filter: { query: $q }) { nodes { id } } }', { q: huge });
    assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
    assert.match(res.body.errors?.[0]?.message ?? '', /filter\.query must be at most 200 characters/);
    assert.ok(!JSON.stringify(res.body).includes('xxxxxxxxxx'));
    assert.equal(await stack.totalCalls(), 0);
  });

  it("Apollo Sandbox's introspection query passes every limit", async () => {
    const res = await gql(stack.gateway, getIntrospectionQuery());
    assert.equal(res.status, 200, JSON.stringify(res.body.errors));
  });
});

describe('batching on', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ server: { batching: { enabled: true, maxOperations: 10 } } });
  });
  after(() => stack.stop());

  const post = (ops: unknown[]) =>
    request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ugk_test-admin-0123456789abcdefghijklmnopqrstuv' },
      body: JSON.stringify(ops),
    });

  it('runs up to maxOperations, refuses 1,000, and costs the batch as a whole', async () => {
    const ten = await post(Array.from({ length: 10 }, () => ({ query: '{ sources { name } }' })));
    assert.equal(ten.statusCode, 200);
    assert.equal(((await ten.body.json()) as unknown[]).length, 10);
    await stack.resetCounts();
    const many = await post(Array.from({ length: 1_000 }, () => ({ query: '{ sources { name } }' })));
    assert.equal(many.statusCode, 400);
    assert.match(await many.body.text(), /BATCH_LIMIT_EXCEEDED: 1000 operations > 10 per batch/);
    // Each under the cost limit alone (1,360), over it together.
    const q = '{ users(first: 50) { nodes { email permissions { role level } person { accounts { email source { name } } } } } }';
    const costly = await post(Array.from({ length: 4 }, () => ({ query: q })));
    assert.equal(costly.statusCode, 400);
    assert.match(await costly.body.text(), /COST_LIMIT_EXCEEDED: cost 5440 > 5000 \(this batch\)/);
    const c = await stack.counts();
    assert.equal(c.dqops.total + c.waldur.total + c.rockset.total, 0);
  });
});
