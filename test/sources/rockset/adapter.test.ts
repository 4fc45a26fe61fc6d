import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { GatewayError } from '../../../src/errors.js';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { createRocksetAdapter, createRocksetSourceAdapter } from '../../../src/sources/rockset/adapter.js';
import { ROCKSET_CAPABILITIES } from '../../../src/sources/rockset/capabilities.js';
import { RocksetClient } from '../../../src/sources/rockset/client.js';
import type { CallContext, ListAllAdapter } from '../../../src/sources/source.js';
import { hook, startSim } from '../../helpers/sim.js';
import { runSourceContract } from '../source-contract.js';

const ADA_KEY = 'rockset-key-ada-admin';
const GRACE_KEY = 'rockset-key-grace-member';
const USERS_ROUTE = 'GET /v1/orgs/self/users';

runSourceContract({
  vendor: 'rockset',
  credential: ADA_KEY,
  userCount: 5,
  known: { nativeId: 'Grace@Example.com', email: 'Grace@Example.com', emailOtherCase: 'grace@example.com' },
  createAdapter: (url, name, timeoutMs) => createRocksetSourceAdapter({ name, url, timeoutMs }),
});

describe('Rockset adapter: its own cases', () => {
  let sim: RunningSimulator;
  let adapter: ListAllAdapter;
  before(async () => {
    sim = await startSim('rockset');
    adapter = createRocksetSourceAdapter({ name: 'rockset-test', url: sim.url, timeoutMs: 1000 });
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(async () => {
    await adapter.close();
    await sim.close();
  });

  const counters = () => hook<RequestCounters>(sim, 'GET', 'counters');
  const ctx = (credential = ADA_KEY, stats = new UpstreamStats()): CallContext => ({ credential, stats });
  const failsWith = (code: string) => (err: unknown) => {
    assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
    return true;
  };

  it('declares the rockset capabilities and lists everything at once', () => {
    assert.deepEqual(adapter.info, { name: 'rockset-test', vendor: 'rockset', url: sim.url, capabilities: ROCKSET_CAPABILITIES });
    assert.equal(adapter.listing, 'all');
  });

  it('reads the current user of a member key as Grace, in one call to /users/self', async () => {
    const stats = new UpstreamStats();
    const me = await adapter.currentUser(ctx(GRACE_KEY, stats));
    assert.deepEqual([me.nativeId, me.email, me.displayName, me.status], ['Grace@Example.com', 'Grace@Example.com', 'Grace Hopper', 'ACTIVE']);
    assert.deepEqual(
      me.permissions.map((p) => [p.role, p.level, p.scope.kind]),
      [['member', 'EDIT', 'ORGANIZATION']],
    );
    assert.equal(stats.calls, 1);
    assert.deepEqual((await counters()).byRoute, { 'GET /v1/orgs/self/users/self': 1 });
  });

  it("reads Ada's and Grace's notification preferences, one call each", async () => {
    const stats = new UpstreamStats();
    assert.deepEqual(await adapter.notificationPreferences(ctx(ADA_KEY, stats)), [{ notificationType: 'create_apikey' }]);
    assert.equal(stats.calls, 1);
    assert.deepEqual(await adapter.notificationPreferences(ctx(GRACE_KEY, stats)), []);
    assert.equal(stats.calls, 2);
    assert.deepEqual((await counters()).byRoute, { 'GET /v1/orgs/self/users/self/preferences': 2 });
  });

  it('lists every user with a member key, in one call', async () => {
    const stats = new UpstreamStats();
    const users = await adapter.listAllUsers(ctx(GRACE_KEY, stats));
    assert.deepEqual(users.map((u) => u.nativeId).sort(), [
      'Grace@Example.com',
      'ada@example.com',
      'barbara@example.com',
      'katherine@example.com',
      'margaret@example.com',
    ]);
    assert.equal(stats.calls, 1);
    assert.deepEqual((await counters()).byRoute, { [USERS_ROUTE]: 1 });
  });

  it('maps the seeded users as the reference seed describes them', async () => {
    const users = new Map((await adapter.listAllUsers(ctx())).map((u) => [u.nativeId, u]));
    const katherine = users.get('katherine@example.com')!;
    // The simulator hides a NEW user's names, as Rockset does, so her display name is her email.
    assert.deepEqual([katherine.status, katherine.displayName, katherine.permissions.map((p) => p.level)], ['INVITED', 'katherine@example.com', ['VIEW']]);
    assert.deepEqual(
      users.get('margaret@example.com')!.permissions.map((p) => `${p.role}:${p.level}`),
      ['admin:ADMIN', 'member:EDIT'],
    );
    assert.equal(users.get('ada@example.com')!.createdAt?.toISOString(), '2023-02-01T09:00:00.000Z');
    assert.ok([...users.values()].every((u) => u.source === 'rockset-test' && u.username === null));
  });

  it('gets a user by email percent-encoded in the path, in one call', async () => {
    const stats = new UpstreamStats();
    const grace = await adapter.getUser(ctx(ADA_KEY, stats), 'Grace@Example.com');
    assert.equal(grace?.displayName, 'Grace Hopper');
    assert.equal(stats.calls, 1);
    assert.deepEqual((await counters()).byPath, { 'GET /v1/orgs/self/users/Grace%40Example.com': 1 });
  });

  it('answers null for a native id of self, without calling the self route', async () => {
    const stats = new UpstreamStats();
    for (const id of ['self', 'SELF', '', '.', '..']) assert.equal(await adapter.getUser(ctx(ADA_KEY, stats), id), null, JSON.stringify(id));
    assert.equal(stats.calls, 0);
    assert.equal((await counters()).total, 0);
  });

  it('keeps a native id with a slash inside one path segment', async () => {
    assert.equal(await adapter.getUser(ctx(), 'self/preferences'), null);
    assert.deepEqual((await counters()).byPath, { 'GET /v1/orgs/self/users/self%2Fpreferences': 1 });
  });

  it('finds by email with one list call, case-insensitively, and an empty answer costs one call too', async () => {
    const stats = new UpstreamStats();
    const found = await adapter.findUsersByEmail(ctx(ADA_KEY, stats), 'GRACE@EXAMPLE.COM');
    assert.deepEqual(
      found.map((u) => u.nativeId),
      ['Grace@Example.com'],
    );
    assert.deepEqual(await adapter.findUsersByEmail(ctx(ADA_KEY, stats), 'grace@example'), []);
    assert.equal(stats.calls, 2);
    assert.deepEqual((await counters()).byRoute, { [USERS_ROUTE]: 2 });
  });

  it('treats only 404 as "no such user": a 500 on getUser is UPSTREAM_UNAVAILABLE, not null', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 500 });
    await assert.rejects(adapter.getUser(ctx(), 'ada@example.com'), failsWith('UPSTREAM_UNAVAILABLE'));
  });

  it('fails a list, self and preferences on 404 with NOT_FOUND and a 403 with UPSTREAM_FORBIDDEN', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 404 });
    await assert.rejects(adapter.listAllUsers(ctx()), failsWith('NOT_FOUND'));
    await assert.rejects(adapter.currentUser(ctx()), failsWith('NOT_FOUND'));
    await hook(sim, 'DELETE', 'faults');
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 403 });
    await assert.rejects(adapter.notificationPreferences(ctx()), failsWith('UPSTREAM_FORBIDDEN'));
  });

  it('maps a wrong key on every read to UPSTREAM_UNAUTHORIZED, without the key in the message', async () => {
    const wrong = ctx('rockset-key-nobody');
    const calls = [
      () => adapter.currentUser(wrong),
      () => adapter.notificationPreferences(wrong),
      () => adapter.getUser(wrong, 'ada@example.com'),
      () => adapter.findUsersByEmail(wrong, 'ada@example.com'),
    ];
    for (const call of calls) {
      await assert.rejects(call(), (err: unknown) => failsWith('UPSTREAM_UNAUTHORIZED')(err) && !(err as Error).message.includes('rockset-key-nobody'));
    }
  });

  it('refuses a credential that cannot travel in a header, before any call and without echoing it', async () => {
    await assert.rejects(
      adapter.listAllUsers(ctx('key\r\nx-evil: 1')),
      (err: unknown) => failsWith('UPSTREAM_UNAUTHORIZED')(err) && !(err as Error).message.includes('x-evil'),
    );
    assert.equal((await counters()).total, 0);
  });

  it('answers userToken with UNSUPPORTED_BY_SOURCE and no call', async () => {
    await assert.rejects(adapter.userToken(ctx(), 'ada@example.com'), failsWith('UNSUPPORTED_BY_SOURCE'));
    assert.equal((await counters()).total, 0);
  });

  it('refuses every operation its info leaves out, before any call', async () => {
    const http = new UpstreamClient({ source: 'limited', url: sim.url, timeoutMs: 1000 });
    const limited = createRocksetAdapter({ name: 'limited', vendor: 'rockset', url: sim.url, capabilities: [] }, new RocksetClient(http));
    try {
      await assert.rejects(limited.listAllUsers(ctx()), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.getUser(ctx(), 'ada@example.com'), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.findUsersByEmail(ctx(), 'ada@example.com'), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.currentUser(ctx()), failsWith('UNSUPPORTED_BY_SOURCE'));
      await assert.rejects(limited.notificationPreferences(ctx()), failsWith('UNSUPPORTED_BY_SOURCE'));
      assert.equal((await counters()).total, 0);
    } finally {
      await limited.close();
    }
  });

  it('refuses to be built for another vendor or with a client of another source', async () => {
    const http = new UpstreamClient({ source: 'a', url: sim.url, timeoutMs: 1000 });
    try {
      const client = new RocksetClient(http);
      assert.throws(
        () => createRocksetAdapter({ name: 'a', vendor: 'dqops', url: sim.url, capabilities: [] }, client),
        /vendor is "rockset", but got: "dqops"/,
      );
      assert.throws(
        () => createRocksetAdapter({ name: 'b', vendor: 'rockset', url: sim.url, capabilities: [] }, client),
        /client for source "b", but got one for: "a"/,
      );
    } finally {
      await http.close();
    }
  });
});
