import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { GatewayError, UpstreamError } from '../../../src/errors.js';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import { createDqopsAdapter, createDqopsSourceAdapter } from '../../../src/sources/dqops/adapter.js';
import { DQOPS_CAPABILITIES } from '../../../src/sources/dqops/capabilities.js';
import { DqopsClient } from '../../../src/sources/dqops/client.js';
import type { SourceInfo } from '../../../src/sources/model.js';
import type { CallContext, ListAllAdapter } from '../../../src/sources/source.js';
import { hook, referenceSeed, startSim } from '../../helpers/sim.js';
import { runSourceContract } from '../source-contract.js';

const ADMIN_KEY = 'dqops-key-ada-admin';
const VIEWER_KEY = 'dqops-key-katherine-viewer';
const NAME = 'dqops-under-test';

runSourceContract({
  vendor: 'dqops',
  credential: ADMIN_KEY,
  userCount: 5,
  known: { nativeId: 'grace@example.com', email: 'grace@example.com', emailOtherCase: 'GRACE@example.COM' },
  createAdapter: (url, name, timeoutMs) => createDqopsSourceAdapter({ name, url, timeoutMs }),
});

/** The reference seed plus a user whose email needs percent-encoding and a key for Edsger (account role none). */
function extendedSeed(): unknown {
  const seed = structuredClone(referenceSeed().dqops) as { users: unknown[]; apiKeys: unknown[] };
  seed.users.push({ email: "o'brien+ops@example.org", accountRole: 'operator', dataDomainRoles: { '(default)': 'editor' }, password: null });
  seed.apiKeys.push({ key: 'dqops-key-edsger-none', email: 'edsger@example.net' });
  return seed;
}

describe('dqops adapter: DQOps-specific behaviour', () => {
  let sim: RunningSimulator;
  let adapter: ListAllAdapter;
  before(async () => {
    sim = await startSim('dqops', extendedSeed());
    adapter = createDqopsSourceAdapter({ name: NAME, url: sim.url, timeoutMs: 2_000 });
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(async () => {
    await adapter.close();
    await sim.close();
  });

  const ctx = (stats = new UpstreamStats(), credential = ADMIN_KEY): CallContext => ({ credential, stats });
  const counters = () => hook<RequestCounters>(sim, 'GET', 'counters');
  const failsWith = (code: string) => (err: unknown) => {
    assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
    return true;
  };

  it('lists every user with one GET /api/users and nothing else', async () => {
    const stats = new UpstreamStats();
    const users = await adapter.listAllUsers(ctx(stats));
    assert.equal(users.length, 6);
    assert.deepEqual(stats.toJSON(), { calls: 1, bySource: { [NAME]: 1 } });
    assert.deepEqual((await counters()).byRoute, { 'GET /api/users': 1 });
  });

  it('lets a viewer key list', async () => {
    const users = await adapter.listAllUsers(ctx(undefined, VIEWER_KEY));
    assert.deepEqual(
      users.map((u) => u.nativeId),
      ['alan@example.com', 'ada@example.com', 'edsger@example.net', 'grace@example.com', 'katherine@example.com', "o'brien+ops@example.org"].sort(),
    );
    assert.deepEqual((await counters()).byRoute, { 'GET /api/users': 1 });
  });

  it('gives Edsger exactly the datalake VIEW permission, and keeps his none roles in details', async () => {
    const edsger = (await adapter.listAllUsers(ctx())).find((u) => u.nativeId === 'edsger@example.net');
    assert.deepEqual(edsger?.permissions, [
      {
        role: 'viewer',
        level: 'VIEW',
        scope: { kind: 'DATA_DOMAIN', id: 'datalake', name: 'datalake' },
        expiresAt: null,
        grantedAt: null,
        grantedBy: null,
        source: NAME,
      },
    ]);
    assert.deepEqual(edsger?.details, {
      vendor: 'dqops',
      accountRole: 'none',
      dataDomainRoles: [
        { domain: '(default)', role: 'none' },
        { domain: 'datalake', role: 'viewer' },
      ],
    });
  });

  it("maps Ada's account and datalake admin roles", async () => {
    const ada = await adapter.getUser(ctx(), 'ada@example.com');
    assert.deepEqual(
      ada?.permissions.map((p) => [p.role, p.level, p.scope.kind, p.scope.id]),
      [
        ['admin', 'ADMIN', 'ACCOUNT', null],
        ['admin', 'ADMIN', 'DATA_DOMAIN', 'datalake'],
      ],
    );
  });

  it('gets a user with one GET /api/users/{email}, percent-encoding the email', async () => {
    const stats = new UpstreamStats();
    const user = await adapter.getUser(ctx(stats), "o'brien+ops@example.org");
    assert.equal(user?.nativeId, "o'brien+ops@example.org");
    assert.deepEqual(
      user?.permissions.map((p) => [p.level, p.scope.kind, p.scope.name]),
      [
        ['OPERATE', 'ACCOUNT', null],
        ['EDIT', 'DATA_DOMAIN', '(default)'],
      ],
    );
    assert.equal(stats.calls, 1);
    const c = await counters();
    assert.deepEqual(c.byRoute, { 'GET /api/users/{email}': 1 });
    assert.deepEqual(Object.keys(c.byPath), ["GET /api/users/o'brien%2Bops%40example.org"]);
  });

  it('gets null for another letter case, as DQOps matches the path exactly (one call)', async () => {
    assert.equal(await adapter.getUser(ctx(), 'GRACE@example.COM'), null);
    assert.deepEqual((await counters()).byRoute, { 'GET /api/users/{email}': 1 });
  });

  it('gets null for an empty native id without a call', async () => {
    assert.equal(await adapter.getUser(ctx(), ''), null);
    assert.equal((await counters()).total, 0);
  });

  it('finds by email in any case with one GET /api/users, keeping the email as sent', async () => {
    const stats = new UpstreamStats();
    const found = await adapter.findUsersByEmail(ctx(stats), "O'Brien+OPS@EXAMPLE.org");
    assert.deepEqual(
      found.map((u) => [u.nativeId, u.email]),
      [["o'brien+ops@example.org", "o'brien+ops@example.org"]],
    );
    assert.equal(stats.calls, 1);
    assert.deepEqual((await counters()).byRoute, { 'GET /api/users': 1 });
  });

  it('finds nothing for an empty email without a call', async () => {
    assert.deepEqual(await adapter.findUsersByEmail(ctx(), ''), []);
    assert.equal((await counters()).total, 0);
  });

  it("maps the filter chain's 403 for an account role of none to UPSTREAM_FORBIDDEN without reading its body", async () => {
    await assert.rejects(adapter.listAllUsers(ctx(undefined, 'dqops-key-edsger-none')), (err: unknown) => {
      const e = err as UpstreamError;
      assert.deepEqual([e.code, e.httpStatus, e.retryable, e.source], ['UPSTREAM_FORBIDDEN', 403, false, NAME]);
      assert.ok(!e.message.includes('dqops-key-edsger-none'));
      return true;
    });
  });

  it('refuses a credential that is empty or has spaces before any call, without echoing it', async () => {
    for (const credential of ['', 'two words', 'line\nbreak']) {
      await assert.rejects(adapter.listAllUsers(ctx(undefined, credential)), (err: unknown) => {
        assert.equal((err as GatewayError).code, 'UPSTREAM_UNAUTHORIZED');
        if (credential !== '') assert.ok(!(err as Error).message.includes(credential));
        return true;
      });
    }
    assert.equal((await counters()).total, 0);
  });

  it('maps a 404 on the list (an unexpected one) to NOT_FOUND, and a 406 to UPSTREAM_BAD_RESPONSE', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 404, times: 1 });
    await assert.rejects(adapter.listAllUsers(ctx()), failsWith('NOT_FOUND'));
    await hook(sim, 'POST', 'faults', { kind: 'status', status: 406, times: 1 });
    await assert.rejects(adapter.getUser(ctx(), 'ada@example.com'), failsWith('UPSTREAM_BAD_RESPONSE'));
  });

  it('maps a malformed single-user body to UPSTREAM_BAD_RESPONSE', async () => {
    await hook(sim, 'POST', 'faults', { kind: 'malformed' });
    await assert.rejects(adapter.getUser(ctx(), 'ada@example.com'), failsWith('UPSTREAM_BAD_RESPONSE'));
  });
});

describe('dqops adapter: wiring and capabilities', () => {
  const http = () => new UpstreamClient({ source: 'limited', url: 'http://127.0.0.1:9', timeoutMs: 200 });
  const info = (over: Partial<SourceInfo> = {}): SourceInfo => ({
    name: 'limited',
    vendor: 'dqops',
    url: 'http://127.0.0.1:9',
    capabilities: DQOPS_CAPABILITIES,
    ...over,
  });

  it('declares the DQOps capabilities and lists everything at once', async () => {
    const adapter = createDqopsSourceAdapter({ name: 'x', url: 'http://127.0.0.1:9', timeoutMs: 200 });
    assert.deepEqual(adapter.info, { name: 'x', vendor: 'dqops', url: 'http://127.0.0.1:9', capabilities: DQOPS_CAPABILITIES });
    assert.equal(adapter.listing, 'all');
    await adapter.close();
    await adapter.close();
  });

  it('refuses a source of another vendor, or one claiming a capability DQOps lacks', () => {
    assert.throws(() => createDqopsAdapter(info({ vendor: 'waldur' }), new DqopsClient(http())), /must be given a dqops source, but got vendor: waldur/);
    assert.throws(() => createDqopsAdapter(info({ capabilities: ['LIST_USERS', 'CURRENT_USER'] }), new DqopsClient(http())), /does not offer CURRENT_USER/);
  });

  it('refuses operations left out of its declared capabilities before any call', async () => {
    const stats = new UpstreamStats();
    const adapter = createDqopsAdapter(info({ capabilities: [] }), new DqopsClient(http()));
    const c = { credential: ADMIN_KEY, stats };
    for (const call of [adapter.listAllUsers(c), adapter.getUser(c, 'a@example.com'), adapter.findUsersByEmail(c, 'a@example.com')]) {
      await assert.rejects(call, (err: unknown) => (err as GatewayError).code === 'UNSUPPORTED_BY_SOURCE');
    }
    assert.equal(stats.calls, 0);
    await adapter.close();
  });
});
