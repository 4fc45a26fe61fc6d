import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { encodeUserId } from '../../../src/ids/global-id.js';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSchema } from '../../../src/server/federation/build-subgraph-schema.js';
import { gql, TEST_KEYS } from '../../helpers/gateway.js';
import { WALDUR } from '../../helpers/mutations.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { hook } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

/** A subgraph of the test's own: tickets that point at usergraph's users and people. */
const TICKETS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Ticket { id: ID! title: String! assignee: User reporter: Person }
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type Person @key(fields: "email", resolvable: false) { email: String! }
  type Query { tickets: [Ticket!]! }
`;

const DQOPS_EMAILS = ['ada@example.com', 'grace@example.com', 'alan@example.com', 'katherine@example.com', 'edsger@example.net'];
const ROCKSET_EMAILS = ['ada@example.com', 'Grace@Example.com', 'katherine@example.com', 'margaret@example.com', 'barbara@example.com'];

/** 50 tickets: assignees spread over DQOps, Rockset and three Waldur users; reporters by email. */
function tickets() {
  const waldur = [WALDUR.ada, WALDUR.grace, WALDUR.alan];
  return Array.from({ length: 50 }, (_, i) => {
    const pick = i % 3;
    const id =
      pick === 0
        ? encodeUserId(SOURCE.dqops, DQOPS_EMAILS[i % DQOPS_EMAILS.length]!)
        : pick === 1
          ? encodeUserId(SOURCE.rockset, ROCKSET_EMAILS[i % ROCKSET_EMAILS.length]!)
          : encodeUserId(SOURCE.waldur, waldur[Math.floor(i / 3) % waldur.length]!);
    return { id: `T-${i}`, title: `ticket ${i}`, assignee: { id }, reporter: { email: DQOPS_EMAILS[i % DQOPS_EMAILS.length] } };
  });
}

describe('usergraph in a supergraph (Apollo Gateway over usergraph and a tickets subgraph)', () => {
  let stack: Stack;
  let ticketsServer: ApolloServer;
  let router: ApolloServer;
  let routerUrl: string;
  let list = tickets();

  before(async () => {
    stack = await startStack({ server: { federation: true } });
    ticketsServer = new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs: parse(TICKETS_SDL), resolvers: { Query: { tickets: () => list } } }),
    });
    const { url: ticketsUrl } = await startStandaloneServer(ticketsServer, { listen: { port: 0, host: '127.0.0.1' } });
    const usergraphSdl = printGatewaySubgraphSchema(await buildGatewaySubgraphSchema());
    const composed = composeServices([
      { name: 'usergraph', typeDefs: parse(usergraphSdl), url: stack.gateway.url },
      { name: 'tickets', typeDefs: parse(TICKETS_SDL), url: ticketsUrl },
    ]);
    assert.deepEqual(composed.errors?.map((e) => e.message) ?? [], []);
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      // The router calls usergraph with a key of its own, as a production router would.
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource({ url, willSendRequest: ({ request }) => void request.http?.headers.set('authorization', `Bearer ${TEST_KEYS.viewer}`) }),
    });
    router = new ApolloServer({ gateway });
    routerUrl = (await startStandaloneServer(router, { listen: { port: 0, host: '127.0.0.1' } })).url;
  });
  beforeEach(async () => {
    list = tickets();
    await stack.reset();
  });
  after(async () => {
    await router.stop();
    await ticketsServer.stop();
    await stack.stop();
  });

  it('joins 50 tickets to users and people with one list call per list-everything vendor', async () => {
    const res = await gql(
      routerUrl,
      '{ tickets { id assignee { email source { vendor } permissions { level } } reporter { email accounts { source { name } } } } }',
      undefined,
      { authorization: '' },
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const rows = res.body.data!['tickets'] as {
      id: string;
      assignee: { email: string; source: { vendor: string } } | null;
      reporter: { email: string; accounts: unknown[] } | null;
    }[];
    assert.equal(rows.length, 50);
    assert.ok(rows.every((r) => r.assignee !== null && r.reporter !== null && r.reporter.accounts.length > 0));
    assert.deepEqual(rows[0]?.assignee?.source, { vendor: 'DQOPS' });
    assert.deepEqual(rows[1]?.assignee?.source, { vendor: 'ROCKSET' });
    assert.equal(rows[1]?.assignee?.email, 'Grace@Example.com');
    const counts = await stack.counts();
    assert.equal(counts.dqops.byRoute['GET /api/users'], 1, JSON.stringify(counts.dqops.byRoute));
    assert.equal(counts.rockset.byRoute['GET /v1/orgs/self/users'], 1, JSON.stringify(counts.rockset.byRoute));
    // Waldur has no list-by-ids call: each of the 3 distinct users once (DataLoader), and one email
    // lookup per distinct reporter (5) to find their Waldur accounts.
    assert.deepEqual(counts.waldur.byRoute, { 'GET /api/users/{uuid}/': 3, 'GET /api/users/': 5 });
  });

  it("a vendor down: the joined answer keeps the other vendors' users, and the error names the source", async () => {
    await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503 });
    const res = await gql(routerUrl, '{ tickets { id assignee { email source { name } } } }', undefined, { authorization: '' });
    const rows = res.body.data!['tickets'] as { assignee: { source: { name: string } } | null }[];
    assert.equal(rows.length, 50);
    assert.ok(rows.filter((r) => r.assignee?.source.name === SOURCE.dqops).length > 0);
    assert.ok(rows.filter((r) => r.assignee?.source.name === SOURCE.waldur).length > 0);
    assert.equal(rows.filter((r) => r.assignee?.source.name === SOURCE.rockset).length, 0);
    const text = JSON.stringify(res.body.errors);
    assert.match(text, /rockset-ref/);
    assert.match(text, /UPSTREAM_UNAVAILABLE/);
  });

  it('_entities with unknown or malformed ids answers null for those, not an error for all', async () => {
    const representations = [
      { __typename: 'User', id: encodeUserId(SOURCE.dqops, 'grace@example.com') },
      { __typename: 'User', id: 'not-an-id!' },
      { __typename: 'User', id: encodeUserId('no-such-source', 'x') },
      { __typename: 'User', id: encodeUserId(SOURCE.dqops, 'nobody@example.com') },
      { __typename: 'Person', email: 'grace@example.com' },
      { __typename: 'Person', email: 'nobody@example.com' },
      { __typename: 'Source', name: SOURCE.waldur },
    ];
    const res = await gql(
      stack.gateway,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email } ... on Person { personEmail: email } ... on Source { vendor } } }',
      { r: representations },
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    assert.deepEqual(res.body.data!['_entities'], [
      { email: 'grace@example.com' },
      null,
      null,
      null,
      { personEmail: 'grace@example.com' },
      null,
      { vendor: 'WALDUR' },
    ]);
  });

  it('a subgraph runs every request through Apollo, whose inline trace (ftv1) a router asks for', async () => {
    const query = '{ __typename }';
    const traced = { 'apollo-federation-include-trace': 'ftv1' };
    const first = await gql(stack.gateway, query, undefined, traced);
    const second = await gql(stack.gateway, query, undefined, traced);
    for (const res of [first, second]) assert.equal(typeof res.body.extensions?.['ftv1'], 'string', JSON.stringify(res.body.extensions));
    const metrics = await (await fetch(stack.gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    assert.match(metrics, /^usergraph_graphql_executions_total\{path="direct"\} 0$/m);
  });

  it('a router without a key is refused by usergraph like any caller', async () => {
    const res = await gql(stack.gateway, '{ _service { sdl } }', undefined, { authorization: '' });
    assert.equal(res.status, 401);
  });
});

it('schema/subgraph.graphql is what the code emits (run `npm run schema` when this fails)', async () => {
  const committed = readFileSync(join(PROJECT_ROOT, 'schema', 'subgraph.graphql'), 'utf8');
  assert.equal(committed, printGatewaySubgraphSchema(await buildGatewaySubgraphSchema()));
  assert.match(committed, /type User implements Node\s+@key\(fields: "id"\)/);
  assert.match(committed, /type Person\s+@key\(fields: "email"\)/);
});
