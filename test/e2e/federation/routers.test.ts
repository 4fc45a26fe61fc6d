import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices as composeWithGuild } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { encodeUserId } from '../../../src/ids/global-id.js';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSchema } from '../../../src/server/federation/build-subgraph-schema.js';
import { gql, TEST_KEYS } from '../../helpers/gateway.js';
import { WALDUR } from '../../helpers/mutations.js';
import { hook } from '../../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../../helpers/stack.js';

/** A subgraph of the test's own: tickets that point at usergraph's users and people. */
const TICKETS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Ticket { id: ID! assignee: User reporter: Person }
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type Person @key(fields: "email", resolvable: false) { email: String! }
  type Query { tickets: [Ticket!]! }
`;

const ASSIGNEES = [
  encodeUserId(SOURCE.dqops, 'ada@example.com'),
  encodeUserId(SOURCE.dqops, 'edsger@example.net'),
  encodeUserId(SOURCE.rockset, 'Grace@Example.com'),
  encodeUserId(SOURCE.rockset, 'margaret@example.com'),
  encodeUserId(SOURCE.waldur, WALDUR.ada),
  encodeUserId(SOURCE.waldur, WALDUR.grace),
  encodeUserId(SOURCE.waldur, WALDUR.alan),
  encodeUserId(SOURCE.dqops, 'nobody@example.com'), // well-formed, no such user
  'not-a-usergraph-id', // malformed
  encodeUserId('no-such-source', 'x'),
];
/** People as another team spells them: letter case varies, one is unknown, one is not an email. */
const REPORTERS = [
  'ADA@EXAMPLE.COM',
  'grace@example.com',
  'Grace@Example.COM',
  'margaret@example.com',
  'Katherine@example.com',
  'nobody@example.com',
  'no-at-sign',
];
const UNKNOWN_ASSIGNEES = new Set(ASSIGNEES.slice(7));
const UNKNOWN_REPORTERS = new Set(['nobody@example.com', 'no-at-sign']);

/** 60 tickets: every assignee and reporter many times over. */
const TICKETS = Array.from({ length: 60 }, (_, i) => ({
  id: `T-${i}`,
  assignee: { id: ASSIGNEES[i % ASSIGNEES.length]! },
  reporter: { email: REPORTERS[i % REPORTERS.length]! },
}));

const QUERY = '{ tickets { id assignee { id email source { name } } reporter { email normalizedEmail accounts { source { name } } } } }';

interface Row {
  id: string;
  assignee: { id: string; email: string; source: { name: string } } | null;
  reporter: { email: string; normalizedEmail: string; accounts: { source: { name: string } }[] } | null;
}
interface RouterAnswer {
  data?: { tickets: Row[] } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

describe('behind Apollo Gateway and Hive Gateway (issue 26)', () => {
  let stack: Stack;
  let tickets: ApolloServer;
  let apolloRouter: ApolloServer;
  let hive: GatewayRuntime;
  let hiveServer: Server;
  const routers: Record<'apollo' | 'hive', string> = { apollo: '', hive: '' };

  before(async () => {
    stack = await startStack({ server: { federation: true } });
    tickets = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(TICKETS_SDL), resolvers: { Query: { tickets: () => TICKETS } } }) });
    const { url: ticketsUrl } = await startStandaloneServer(tickets, { listen: { port: 0, host: '127.0.0.1' } });
    const services = [
      { name: 'usergraph', typeDefs: parse(printGatewaySubgraphSchema(await buildGatewaySubgraphSchema())), url: stack.gateway.url },
      { name: 'tickets', typeDefs: parse(TICKETS_SDL), url: ticketsUrl },
    ];
    const apollo = composeServices(services);
    assert.deepEqual(apollo.errors ?? [], []);
    const guild = composeWithGuild(services);
    assert.deepEqual(guild.errors ?? [], []);

    // Each router calls usergraph with a key of its own, as a production router would.
    const gateway = new ApolloGateway({
      supergraphSdl: apollo.supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource({ url, willSendRequest: ({ request }) => void request.http?.headers.set('authorization', `Bearer ${TEST_KEYS.viewer}`) }),
    });
    apolloRouter = new ApolloServer({ gateway });
    routers.apollo = (await startStandaloneServer(apolloRouter, { listen: { port: 0, host: '127.0.0.1' } })).url;

    hive = createGatewayRuntime({
      supergraph: guild.supergraphSdl ?? '',
      logging: false,
      propagateHeaders: { fromClientToSubgraphs: () => ({ authorization: `Bearer ${TEST_KEYS.viewer}` }) },
    });
    hiveServer = createServer(hive);
    await new Promise<void>((resolve) => hiveServer.listen(0, '127.0.0.1', resolve));
    routers.hive = `http://127.0.0.1:${(hiveServer.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(async () => {
    await stack.reset();
  });
  after(async () => {
    await apolloRouter?.stop();
    await hive?.dispose();
    hiveServer?.closeAllConnections();
    await new Promise<void>((resolve) => (hiveServer ? hiveServer.close(() => resolve()) : resolve()));
    await tickets?.stop();
    await stack?.stop();
  });

  /**
   * The errors a router adds for references that resolved to null. Apollo Gateway nulls the field
   * silently; Hive Gateway keeps the key-only stub, finds its non-null fields (`User.source`,
   * `Person.accounts`) missing and reports that, masked as "Unexpected error." (graphql-hive/gateway#1545:
   * the maintainers' answer is nullable fields). Either way the field is null; the rows must be those.
   */
  function nonNullErrorsOutside(errors: RouterAnswer['errors'], nullRow: (field: string, index: number) => boolean): unknown[] {
    return (errors ?? []).filter((e) => {
      const [, index, field] = e.path ?? [];
      return !(e.message === 'Unexpected error.' && typeof index === 'number' && typeof field === 'string' && nullRow(field, index));
    });
  }
  const unknownRow = (field: string, i: number) =>
    field === 'assignee' ? UNKNOWN_ASSIGNEES.has(ASSIGNEES[i % ASSIGNEES.length]!) : UNKNOWN_REPORTERS.has(REPORTERS[i % REPORTERS.length]!);

  async function ask(router: 'apollo' | 'hive'): Promise<RouterAnswer> {
    const res = await gql(routers[router], QUERY, undefined, { authorization: '' });
    return res.body as RouterAnswer;
  }

  for (const router of ['apollo', 'hive'] as const) {
    it(`${router}: joins 60 tickets, nulls for unknown and malformed references, one call per distinct Waldur id or email`, async () => {
      const body = await ask(router);
      if (router === 'apollo') assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      assert.deepEqual(nonNullErrorsOutside(body.errors, unknownRow), []);
      const rows = body.data?.tickets ?? [];
      assert.equal(rows.length, 60);
      for (const [i, row] of rows.entries()) {
        const assignee = ASSIGNEES[i % ASSIGNEES.length]!;
        if (UNKNOWN_ASSIGNEES.has(assignee)) assert.equal(row.assignee, null, `ticket ${i}`);
        else assert.equal(row.assignee?.id, assignee, `ticket ${i}`);
        const reporter = REPORTERS[i % REPORTERS.length]!;
        if (UNKNOWN_REPORTERS.has(reporter)) assert.equal(row.reporter, null, `ticket ${i}`);
        else assert.ok((row.reporter?.accounts.length ?? 0) > 0, `ticket ${i}`);
      }
      // Letter case: a person is found whatever the spelling; `email` is the key the router already held.
      assert.equal(rows[0]?.reporter?.email, 'ADA@EXAMPLE.COM');
      assert.equal(rows[0]?.reporter?.normalizedEmail, 'ada@example.com');
      assert.deepEqual(rows[0]?.reporter?.accounts.map((a) => a.source.name).sort(), [SOURCE.dqops, SOURCE.rockset, SOURCE.waldur]);
      const counts = await stack.counts();
      assert.equal(counts.dqops.total, 1, JSON.stringify(counts.dqops.byRoute));
      assert.equal(counts.rockset.total, 1, JSON.stringify(counts.rockset.byRoute));
      // 3 distinct Waldur ids; 4 distinct well-formed emails (ada, grace, margaret, katherine, nobody: 5).
      assert.deepEqual(counts.waldur.byRoute, { 'GET /api/users/{uuid}/': 3, 'GET /api/users/': 5 });
    });

    it(`${router}: with Rockset down, every DQOps and Waldur user and person resolves, and the error names rockset on a path of the query`, async () => {
      await hook(stack.sims.rockset, 'POST', 'faults', { kind: 'status', status: 503 });
      const body = await ask(router);
      const rows = body.data?.tickets ?? [];
      assert.equal(rows.length, 60);
      for (const [i, row] of rows.entries()) {
        const assignee = ASSIGNEES[i % ASSIGNEES.length]!;
        const inRockset = assignee === ASSIGNEES[2] || assignee === ASSIGNEES[3];
        if (UNKNOWN_ASSIGNEES.has(assignee) || inRockset) assert.equal(row.assignee, null, `ticket ${i}`);
        else assert.equal(row.assignee?.id, assignee, `ticket ${i}: ${JSON.stringify(body.errors?.slice(0, 3))}`);
        const reporter = REPORTERS[i % REPORTERS.length]!;
        if (!UNKNOWN_REPORTERS.has(reporter)) {
          const sources = row.reporter?.accounts.map((a) => a.source.name) ?? [];
          assert.ok(sources.length > 0 && !sources.includes(SOURCE.rockset), `ticket ${i}: ${JSON.stringify(row.reporter)}`);
        }
      }
      const rocksetRow = (field: string, i: number) => unknownRow(field, i) || (field === 'assignee' && [2, 3].includes(i % ASSIGNEES.length));
      const errors = nonNullErrorsOutside(body.errors, rocksetRow) as NonNullable<RouterAnswer['errors']>;
      // Every other error names rockset, with its code, on a path of the query (not at `_entities`).
      assert.ok(errors.length > 0);
      for (const e of errors) {
        assert.equal(e.extensions?.['code'], 'UPSTREAM_UNAVAILABLE', JSON.stringify(e));
        assert.equal(e.extensions?.['source'], SOURCE.rockset, JSON.stringify(e));
        assert.equal(e.path?.[0], 'tickets', JSON.stringify(e));
      }
    });
  }

  describe('router-shaped limits, straight at usergraph', () => {
    const ENTITIES = '_entities(representations: $r) { ... on Person { accounts { source { name } } } ... on User { email } }';

    it('accepts 20 aliased _entities fields in one request (Hive batches a level that way; maxAliases is 15)', async () => {
      const aliases = Array.from({ length: 20 }, (_, i) => `e${i}: ${ENTITIES.replace('$r', `$r${i}`)}`);
      const variables = Object.fromEntries(
        aliases.map((_, i) => [`r${i}`, [{ __typename: 'Person', email: i % 2 ? 'ada@example.com' : 'Grace@Example.com' }]]),
      );
      const query = `query(${aliases.map((_, i) => `$r${i}: [_Any!]!`).join(', ')}) { ${aliases.join(' ')} }`;
      const res = await gql(stack.gateway, query, variables);
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      assert.equal(Object.keys(res.body.data ?? {}).length, 20);
      // One request: the loaders answer all 20 fields with one lookup per source and distinct email.
      const counts = await stack.counts();
      assert.equal(counts.dqops.total, 1);
      assert.deepEqual(counts.waldur.byRoute, { 'GET /api/users/': 2 });
    });

    it('a representation of a type usergraph does not own is an error on its own index; the others resolve', async () => {
      const r = [
        { __typename: 'Person', email: 'ada@example.com' },
        { __typename: 'Ticket', id: 'T-1' },
        { __typename: 'User', id: encodeUserId(SOURCE.dqops, 'grace@example.com') },
      ];
      const res = await gql(stack.gateway, `query($r: [_Any!]!) { batch: ${ENTITIES} }`, { r });
      const entities = res.body.data?.['batch'] as unknown[];
      assert.equal(entities.length, 3);
      assert.ok(entities[0] !== null && entities[2] !== null && entities[1] === null, JSON.stringify(entities));
      assert.equal(res.body.errors?.length, 1, JSON.stringify(res.body.errors));
      assert.deepEqual(res.body.errors?.[0]?.path, ['batch', 1]);
      assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
      assert.match(res.body.errors?.[0]?.message ?? '', /no entity type "Ticket"/);
    });

    it('costs 500 Person references to 17 people by the 17: accepted, one Waldur lookup each', async () => {
      const emails = ['ada@example.com', 'grace@example.com', 'alan@example.com', 'margaret@example.com', 'katherine@example.com', 'barbara@example.com'];
      for (let i = 0; emails.length < 17; i++) emails.push(`nobody${i}@example.com`);
      // Spelled every which way: Apollo Gateway sends repeats as they come.
      const r = Array.from({ length: 500 }, (_, i) => {
        const email = emails[i % 17]!;
        return { __typename: 'Person', email: i % 3 === 0 ? email.toUpperCase() : email };
      });
      const res = await gql(stack.gateway, `query($r: [_Any!]!) { ${ENTITIES} }`, { r });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors?.slice(0, 2)));
      const entities = res.body.data?.['_entities'] as ({ accounts: unknown[] } | null)[];
      assert.equal(entities.length, 500);
      // The first 6 of the 17 have accounts; the 11 others resolve to null.
      assert.deepEqual(
        entities.map((e) => e !== null),
        r.map((_, i) => i % 17 < 6),
      );
      const counts = await stack.counts();
      assert.deepEqual(counts.waldur.byRoute, { 'GET /api/users/': 17 });
      assert.equal(counts.dqops.total, 1);
      assert.equal(counts.rockset.total, 1);
    });

    it('costs every batch by what it holds, not by a cheaper batch of the same length sent before', async () => {
      const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }';
      // 460 DQOps ids: one list call, cost 470. The same number of Waldur ids: one call each, cost 5,070.
      const cheap = Array.from({ length: 460 }, (_, i) => ({ __typename: 'User', id: encodeUserId(SOURCE.dqops, `user${i}@example.com`) }));
      const dear = Array.from({ length: 460 }, (_, i) => ({ __typename: 'User', id: encodeUserId(SOURCE.waldur, i.toString(16).padStart(32, '0')) }));
      const first = await gql(stack.gateway, query, { r: cheap });
      assert.equal(first.body.errors, undefined, JSON.stringify(first.body.errors?.[0]));
      await stack.reset();
      const second = await gql(stack.gateway, query, { r: dear });
      assert.equal(second.body.errors?.[0]?.extensions?.['code'], 'COST_LIMIT_EXCEEDED', JSON.stringify(second.body.errors?.[0]));
      assert.equal((await stack.counts()).waldur.total, 0);
    });

    it('refuses 4,900 key-only Waldur ids before any vendor call: each costs the call it would make', async () => {
      const r = Array.from({ length: 4_900 }, (_, i) => ({ __typename: 'User', id: encodeUserId(SOURCE.waldur, i.toString(16).padStart(32, '0')) }));
      const res = await gql(stack.gateway, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }', { r });
      assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'COST_LIMIT_EXCEEDED', JSON.stringify(res.body.errors?.[0]));
      const counts = await stack.counts();
      assert.equal(counts.waldur.total + counts.dqops.total + counts.rockset.total, 0);
      // The same number of DQOps ids is one list call, and costs what it does.
      const dqops = Array.from({ length: 400 }, (_, i) => ({ __typename: 'User', id: encodeUserId(SOURCE.dqops, `user${i}@example.com`) }));
      const ok = await gql(stack.gateway, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }', { r: dqops });
      assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body.errors?.[0]));
      assert.equal((await stack.counts()).dqops.total, 1);
    });
  });
});

describe('edge authorization behind Hive Gateway (server.federation.edgeAuthorization)', () => {
  let stack: Stack;
  let hive: GatewayRuntime;
  let server: Server;
  let url: string;

  before(async () => {
    stack = await startStack({ server: { federation: { enabled: true, edgeAuthorization: true } } });
    const sdl = printGatewaySubgraphSchema(await buildGatewaySubgraphSchema({ rootPrefix: '', typePrefix: '', expose: 'queries', edgeAuthorization: true }));
    const composed = composeWithGuild([{ name: 'usergraph', typeDefs: parse(sdl), url: stack.gateway.url }]);
    assert.deepEqual(composed.errors ?? [], []);
    hive = createGatewayRuntime({
      supergraph: composed.supergraphSdl ?? '',
      logging: false,
      // The test's stand-in for a JWT: the caller's scopes in a header (a real router verifies a token).
      genericAuth: {
        mode: 'protect-granular',
        rejectUnauthenticated: false,
        resolveUserFn: ({ request }: { request: Request }) => {
          const scopes = request.headers.get('x-test-scopes');
          return scopes === null ? null : { scope: scopes.split(' ').filter(Boolean) };
        },
        extractScopes: (user: { scope: string[] }) => user.scope,
      },
      propagateHeaders: { fromClientToSubgraphs: () => ({ authorization: `Bearer ${TEST_KEYS.admin}` }) },
    });
    server = createServer(hive);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(async () => {
    await stack.reset();
  });
  after(async () => {
    await hive?.dispose();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stack?.stop();
  });

  const ask = async (query: string, scopes?: string) =>
    (await gql(url, query, undefined, { authorization: '', ...(scopes === undefined ? {} : { 'x-test-scopes': scopes }) })).body as RouterAnswer & {
      data?: Record<string, unknown> | null;
    };
  const vendorCalls = async () => {
    const c = await stack.counts();
    return c.dqops.total + c.waldur.total + c.rockset.total;
  };

  it('the router refuses a caller without a scope before usergraph or any vendor is asked', async () => {
    const anonymous = await ask('{ users(first: 5) { nodes { email } } }');
    assert.ok((anonymous.errors ?? []).length > 0, JSON.stringify(anonymous));
    assert.equal(anonymous.data?.['users'] ?? null, null);
    const unscoped = await ask('{ users(first: 5) { nodes { email } } }', 'openid');
    assert.ok((unscoped.errors ?? []).length > 0, JSON.stringify(unscoped));
    assert.equal(await vendorCalls(), 0);
  });

  it('a viewer scope reads users; admin-only and personal fields are refused at the edge', async () => {
    const viewer = await ask('{ users(first: 5) { nodes { email } } }', 'usergraph:viewer');
    assert.equal(viewer.errors, undefined, JSON.stringify(viewer.errors));
    assert.equal((viewer.data?.['users'] as { nodes: unknown[] } | undefined)?.nodes.length, 5);
    await stack.reset();
    const token = await ask(`{ userToken(id: "${encodeUserId(SOURCE.waldur, WALDUR.ada)}") { token } }`, 'usergraph:viewer');
    assert.ok((token.errors ?? []).length > 0, JSON.stringify(token));
    assert.equal(await vendorCalls(), 0, 'refused before usergraph called Waldur');
    const pii = await ask(
      '{ users(first: 50, sources: ["waldur-ref"]) { nodes { details { ... on WaldurUserDetails { civilNumber } } } } }',
      'usergraph:viewer',
    );
    assert.ok((pii.errors ?? []).length > 0, JSON.stringify(pii).slice(0, 500));
    const granted = await ask(
      '{ users(first: 50, sources: ["waldur-ref"]) { nodes { details { ... on WaldurUserDetails { civilNumber } } } } }',
      'usergraph:viewer usergraph:pii',
    );
    assert.equal(granted.errors, undefined, JSON.stringify(granted.errors));
  });
});
