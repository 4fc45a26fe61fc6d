import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { GatewayError } from '../../../src/errors.js';
import { UpstreamStats } from '../../../src/http/upstream-stats.js';
import type { RequestCounters, RequestLogEntry } from '../../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../../src/simulators/sim-server.js';
import type { CallContext, PagedAdapter, UserFilter } from '../../../src/sources/source.js';
import { createWaldurSourceAdapter } from '../../../src/sources/waldur/adapter.js';
import { hook, startSim } from '../../helpers/sim.js';
import { runSourceContract } from '../source-contract.js';

const GRACE = 'c7974533e54b5db2a307dc839f00b21c';

runSourceContract({
  vendor: 'waldur',
  credential: 'waldur-token-ada',
  userCount: 15,
  known: { nativeId: GRACE, email: 'grace@example.com', emailOtherCase: 'Grace@EXAMPLE.com' },
  createAdapter: (url, name, timeoutMs) => createWaldurSourceAdapter({ name, url, timeoutMs }),
});

describe('waldur adapter: paging, filters, tokens and call counts', () => {
  let sim: RunningSimulator;
  let adapter: PagedAdapter;
  /** Every seeded email in the server's order, read once with a single page of 300. */
  let allEmails: string[];
  before(async () => {
    sim = await startSim('waldur');
    adapter = createWaldurSourceAdapter({ name: 'waldur-test', url: sim.url, timeoutMs: 2000 });
    allEmails = (await adapter.listUsersPage(ctx(), { offset: 0, limit: 300, filter: {} })).users.map((u) => u.email ?? '');
    await hook(sim, 'POST', 'reset');
  });
  afterEach(() => hook(sim, 'POST', 'reset'));
  after(async () => {
    await adapter.close();
    await sim.close();
  });

  function ctx(stats = new UpstreamStats(), credential = 'waldur-token-ada'): CallContext {
    return { credential, stats };
  }
  const counters = () => hook<RequestCounters>(sim, 'GET', 'counters');
  const requests = async () => (await hook<{ entries: RequestLogEntry[] }>(sim, 'GET', 'requests')).entries;
  const failsWith = (code: string) => (err: unknown) => {
    assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
    return true;
  };

  /** Lists a window and returns its emails, total, and the calls it cost (stats and simulator agree). */
  async function window(offset: number, limit: number, filter: UserFilter = {}) {
    const stats = new UpstreamStats();
    const page = await adapter.listUsersPage(ctx(stats), { offset, limit, filter });
    const { total: simCalls } = await counters();
    assert.equal(stats.calls, simCalls, 'the gateway and the simulator count the same calls');
    return { emails: page.users.map((u) => u.email), total: page.total, calls: stats.calls };
  }

  it('orders all 15 users by email', () => {
    assert.equal(allEmails.length, 15);
    assert.deepEqual(
      allEmails,
      [...allEmails].sort((a, b) => a.localeCompare(b, 'en')),
    );
  });

  it('window {0, 10}: one call of page_size 10, ordered by email then username', async () => {
    assert.deepEqual(await window(0, 10), { emails: allEmails.slice(0, 10), total: 15, calls: 1 });
    const [entry] = await requests();
    const query = new URLSearchParams(entry!.query);
    assert.deepEqual(
      [entry!.method, entry!.path, query.get('page'), query.get('page_size'), query.get('o')],
      ['GET', '/api/users/', '1', '10', 'email,username'],
    );
  });

  it('window {0, 15}: one call', async () => {
    assert.deepEqual(await window(0, 15), { emails: allEmails, total: 15, calls: 1 });
  });

  it('window {8, 4}: one call (page 3 of size 4)', async () => {
    assert.deepEqual(await window(8, 4), { emails: allEmails.slice(8, 12), total: 15, calls: 1 });
    const query = new URLSearchParams((await requests())[0]!.query);
    assert.deepEqual([query.get('page'), query.get('page_size')], ['3', '4']);
  });

  it('window {0, 50}: one call returning 15 with total 15', async () => {
    assert.deepEqual(await window(0, 50), { emails: allEmails, total: 15, calls: 1 });
  });

  it('window {14, 5}: one call (page 3 of size 7) returning the last user', async () => {
    assert.deepEqual(await window(14, 5), { emails: allEmails.slice(14), total: 15, calls: 1 });
  });

  it('window {1, 300}: the two-page fallback stops after page 1 when it holds the end', async () => {
    assert.deepEqual(await window(1, 300), { emails: allEmails.slice(1), total: 15, calls: 1 });
  });

  it('a window past the end: the 404 "Invalid page." and one HEAD for the total, two calls', async () => {
    assert.deepEqual(await window(20, 10), { emails: [], total: 15, calls: 2 });
    assert.deepEqual((await counters()).byRoute, { 'GET /api/users/': 1, 'HEAD /api/users/': 1 });
  });

  it('limit 0: one HEAD for the total, no user bodies', async () => {
    assert.deepEqual(await window(3, 0), { emails: [], total: 15, calls: 1 });
    assert.deepEqual((await counters()).byRoute, { 'HEAD /api/users/': 1 });
  });

  it('status INVITED: nobody, total 0, no call', async () => {
    assert.deepEqual(await window(0, 10, { status: 'INVITED' }), { emails: [], total: 0, calls: 0 });
  });

  it('pushes status, query and email down in the one call', async () => {
    assert.deepEqual(await window(0, 10, { status: 'INACTIVE' }), { emails: ['linus@example.org'], total: 1, calls: 1 });
    await hook(sim, 'POST', 'reset');
    assert.deepEqual(await window(0, 10, { status: 'ACTIVE' }), {
      emails: allEmails.filter((e) => e !== 'linus@example.org').slice(0, 10),
      total: 14,
      calls: 1,
    });
    await hook(sim, 'POST', 'reset');
    // "ce Hop" is inside the full name "Grace Hopper" only: Waldur's two-word rule finds it.
    assert.deepEqual(await window(0, 10, { query: ' ce Hop ' }), { emails: ['grace@example.com'], total: 1, calls: 1 });
    await hook(sim, 'POST', 'reset');
    const page = await window(0, 10, { email: 'GRACE@example.com', role: 'PROJECT.ADMIN' });
    assert.deepEqual(page, { emails: ['grace@example.com'], total: 1, calls: 1 });
    const query = new URLSearchParams((await requests())[0]!.query);
    assert.deepEqual([query.get('email'), query.get('query'), query.get('is_active'), query.has('role')], ['GRACE@example.com', null, null, false]);
  });

  it('refuses a negative window with BAD_USER_INPUT and no call', async () => {
    await assert.rejects(adapter.listUsersPage(ctx(), { offset: -1, limit: 10, filter: {} }), failsWith('BAD_USER_INPUT'));
    await assert.rejects(adapter.listUsersPage(ctx(), { offset: 0, limit: 1.5, filter: {} }), failsWith('BAD_USER_INPUT'));
    assert.equal((await counters()).total, 0);
  });

  it('getUser takes the dashed form, and answers null without a call for what cannot be a uuid', async () => {
    const dashed = 'C7974533-E54B-5DB2-A307-DC839F00B21C';
    assert.equal((await adapter.getUser(ctx(), dashed))?.nativeId, GRACE);
    assert.deepEqual((await counters()).byPath, { [`GET /api/users/${GRACE}/`]: 1 });
    await hook(sim, 'POST', 'reset');
    for (const id of ['grace', '', '../me', `${GRACE}/token`, `{${GRACE}}`, `${GRACE}0`]) assert.equal(await adapter.getUser(ctx(), id), null, id);
    assert.equal((await counters()).total, 0);
  });

  it('findUsersByEmail: one call of page_size 300, exact match whatever the case', async () => {
    const stats = new UpstreamStats();
    const found = await adapter.findUsersByEmail(ctx(stats), 'Grace@EXAMPLE.com');
    assert.deepEqual(
      found.map((u) => u.nativeId),
      [GRACE],
    );
    assert.equal(stats.calls, 1);
    const query = new URLSearchParams((await requests())[0]!.query);
    assert.deepEqual([query.get('email'), query.get('page_size')], ['Grace@EXAMPLE.com', '300']);
    // icontains would also return ada@example.com for "a@example.com"; the exact match keeps nobody.
    assert.deepEqual(await adapter.findUsersByEmail(ctx(), 'a@example.com'), []);
  });

  it("userToken: Ada (staff) reads Grace's seeded token in one call", async () => {
    const stats = new UpstreamStats();
    const token = await adapter.userToken(ctx(stats), GRACE);
    assert.equal(token.token, 'waldur-token-grace');
    assert.equal(token.lifetimeSeconds, 3600);
    assert.ok(token.created instanceof Date);
    assert.equal(token.expiresAt?.getTime(), token.created.getTime() + 3600_000);
    assert.equal(stats.calls, 1);
    assert.deepEqual((await counters()).byRoute, { 'GET /api/users/{uuid}/token/': 1 });
  });

  it('no error message or error field ever holds a token', async () => {
    const errors: unknown[] = [];
    const collect = async (p: Promise<unknown>) =>
      p.then(
        () => assert.fail('expected a failure'),
        (err: unknown) => errors.push(err),
      );
    await collect(adapter.userToken(ctx(undefined, 'waldur-token-grace'), GRACE)); // not staff: 403
    await collect(adapter.userToken(ctx(), '0123456789abcdef0123456789abcdef')); // 404
    await collect(adapter.userToken(ctx(), 'not-a-uuid')); // no call
    await collect(adapter.currentUser(ctx(undefined, 'waldur-token-nobody'))); // 401
    await collect(adapter.currentUser(ctx(undefined, 'waldur token-ada'))); // spaces: no call
    await hook(sim, 'POST', 'faults', { kind: 'malformed', path: '/api/users/*/token/' });
    await collect(adapter.userToken(ctx(), GRACE)); // broken JSON around the token
    assert.deepEqual(
      errors.map((e) => (e as GatewayError).code),
      ['UPSTREAM_FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'UPSTREAM_UNAUTHORIZED', 'UPSTREAM_UNAUTHORIZED', 'UPSTREAM_BAD_RESPONSE'],
    );
    for (const err of errors) {
      const e = err as Error & { cause?: unknown };
      const seen = `${e.message} ${JSON.stringify(e)} ${String(e.stack)} ${e.cause instanceof Error ? e.cause.message : ''}`;
      assert.doesNotMatch(seen, /waldur-token|token-ada|token-grace/, seen);
    }
  });

  it('currentUser with Grace’s token is Grace, without her token anywhere in it', async () => {
    const me = await adapter.currentUser(ctx(undefined, 'waldur-token-grace'));
    assert.deepEqual([me.nativeId, me.email, me.username, me.displayName, me.status], [GRACE, 'grace@example.com', 'grace', 'Grace Hopper', 'ACTIVE']);
    assert.doesNotMatch(JSON.stringify(me), /waldur-token-grace/);
    assert.equal((await counters()).total, 1);
  });

  it('notificationPreferences is UNSUPPORTED_BY_SOURCE without a call', async () => {
    await assert.rejects(adapter.notificationPreferences(ctx()), failsWith('UNSUPPORTED_BY_SOURCE'));
    assert.equal((await counters()).total, 0);
  });
});
