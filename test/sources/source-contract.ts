import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { GatewayError } from '../../src/errors.js';
import { UpstreamStats } from '../../src/http/upstream-stats.js';
import type { RequestCounters } from '../../src/simulators/request-log.js';
import type { RunningSimulator } from '../../src/simulators/sim-server.js';
import type { VendorName } from '../../src/simulators/sim-types.js';
import type { CallContext, SourceAdapter } from '../../src/sources/source.js';
import { hook, startSim } from '../helpers/sim.js';

export interface SourceContractOptions {
  vendor: VendorName;
  /** Builds the adapter under test, pointed at `url`, named `name`, with a short timeout. */
  createAdapter(url: string, name: string, timeoutMs: number): SourceAdapter;
  /** An admin credential of the reference seed. */
  credential: string;
  /** How many users the reference seed holds for this vendor. */
  userCount: number;
  /** A seeded user: its native id and its email with its letters' case changed. */
  known: { nativeId: string; email: string; emailOtherCase: string };
}

const NAME = 'under-test';

/**
 * The suite every adapter passes, against its simulator over loopback (Auth.js's runBasicTests):
 * lookups, the documented failure codes, in-flight sharing and exact call counts.
 */
export function runSourceContract(options: SourceContractOptions): void {
  describe(`${options.vendor} adapter: the shared source contract`, () => {
    let sim: RunningSimulator;
    let adapter: SourceAdapter;
    before(async () => {
      sim = await startSim(options.vendor);
      adapter = options.createAdapter(sim.url, NAME, 400);
    });
    afterEach(() => hook(sim, 'POST', 'reset'));
    after(async () => {
      await adapter.close();
      await sim.close();
    });

    const ctx = (stats = new UpstreamStats(), credential = options.credential): CallContext => ({ credential, stats });
    const counters = () => hook<RequestCounters>(sim, 'GET', 'counters');
    const listEverything = async (c: CallContext) => {
      if (adapter.listing === 'all') return adapter.listAllUsers(c);
      const page = await adapter.listUsersPage(c, { offset: 0, limit: adapter.maxPageSize, filter: {} });
      return page.users;
    };
    const failsWith = (code: string) => (err: unknown) => {
      assert.equal((err as GatewayError).code, code, `expected ${code}, got ${(err as Error).stack}`);
      return true;
    };

    it('declares its name and vendor', () => {
      assert.equal(adapter.info.name, NAME);
      assert.equal(adapter.info.vendor, options.vendor);
    });

    it('lists every seeded user, each with its source name, in one upstream call', async () => {
      const stats = new UpstreamStats();
      const users = await listEverything(ctx(stats));
      assert.equal(users.length, options.userCount);
      assert.ok(users.every((u) => u.source === NAME && u.details.vendor === options.vendor));
      assert.equal(stats.calls, 1);
      assert.equal((await counters()).total, 1);
    });

    it('gets a user by native id, and null for an unknown one', async () => {
      const user = await adapter.getUser(ctx(), options.known.nativeId);
      assert.equal(user?.nativeId, options.known.nativeId);
      const unknownId = options.vendor === 'waldur' ? '0123456789abcdef0123456789abcdef' : 'nobody@example.invalid';
      assert.equal(await adapter.getUser(ctx(), unknownId), null);
    });

    it('finds users by email whatever the letter case', async () => {
      const found = await adapter.findUsersByEmail(ctx(), options.known.emailOtherCase);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.email?.toLowerCase(), options.known.email.toLowerCase());
      assert.deepEqual(await adapter.findUsersByEmail(ctx(), 'nobody@example.invalid'), []);
    });

    it('shares identical GETs in flight: two concurrent lookups cost one call', async () => {
      const stats = new UpstreamStats();
      const c = ctx(stats);
      const [a, b] = await Promise.all([adapter.getUser(c, options.known.nativeId), adapter.getUser(c, options.known.nativeId)]);
      assert.equal(a?.nativeId, b?.nativeId);
      assert.equal((await counters()).total, 1);
      assert.equal(stats.calls, 1);
    });

    it('refuses operations outside its capabilities with UNSUPPORTED_BY_SOURCE and no call', async () => {
      const caps = new Set(adapter.info.capabilities);
      if (!caps.has('CURRENT_USER')) await assert.rejects(adapter.currentUser(ctx()), failsWith('UNSUPPORTED_BY_SOURCE'));
      if (!caps.has('READ_USER_TOKEN')) await assert.rejects(adapter.userToken(ctx(), options.known.nativeId), failsWith('UNSUPPORTED_BY_SOURCE'));
      if (!caps.has('NOTIFICATION_PREFERENCES')) await assert.rejects(adapter.notificationPreferences(ctx()), failsWith('UNSUPPORTED_BY_SOURCE'));
      assert.equal((await counters()).total, 0);
    });

    it('reads the current user when it can', async (t) => {
      if (!adapter.info.capabilities.includes('CURRENT_USER')) return t.skip('covered by the UNSUPPORTED_BY_SOURCE case');
      const me = await adapter.currentUser(ctx());
      assert.equal(me.source, NAME);
      assert.ok(me.email);
    });

    it('maps a wrong credential to UPSTREAM_UNAUTHORIZED', async () => {
      await assert.rejects(listEverything(ctx(undefined, 'not-a-real-credential')), failsWith('UPSTREAM_UNAUTHORIZED'));
    });

    it('maps a 500 to UPSTREAM_UNAVAILABLE with the status, retryable', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'status', status: 500 });
      await assert.rejects(listEverything(ctx()), (err: unknown) => {
        const e = err as GatewayError & { httpStatus?: number; retryable?: boolean; source?: string };
        assert.deepEqual([e.code, e.httpStatus, e.retryable, e.source], ['UPSTREAM_UNAVAILABLE', 500, true, NAME]);
        return true;
      });
    });

    it('maps a 429 to UPSTREAM_RATE_LIMITED with Retry-After', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'rate-limit', retryAfter: 3 });
      await assert.rejects(listEverything(ctx()), (err: unknown) => {
        const e = err as GatewayError & { retryAfterMs?: number };
        assert.deepEqual([e.code, e.retryAfterMs], ['UPSTREAM_RATE_LIMITED', 3000]);
        return true;
      });
    });

    it('maps a malformed body to UPSTREAM_BAD_RESPONSE', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'malformed' });
      await assert.rejects(listEverything(ctx()), failsWith('UPSTREAM_BAD_RESPONSE'));
    });

    it('maps a hang past the deadline to UPSTREAM_TIMEOUT', async () => {
      await hook(sim, 'POST', 'faults', { kind: 'hang' });
      await assert.rejects(listEverything(ctx()), failsWith('UPSTREAM_TIMEOUT'));
    });

    it('maps a refused connection to UPSTREAM_UNAVAILABLE', async () => {
      const stopped = options.createAdapter('http://127.0.0.1:9', NAME, 400);
      try {
        await assert.rejects(stopped.getUser(ctx(), options.known.nativeId), failsWith('UPSTREAM_UNAVAILABLE'));
      } finally {
        await stopped.close();
      }
    });
  });
}
