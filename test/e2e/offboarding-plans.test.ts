import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PlanSigner } from '../../src/offboarding/plan-token.js';
import { hashApiKey } from '../../src/server/auth/api-keys.js';
import { gql, TEST_KEYS } from '../helpers/gateway.js';
import { captureLogs } from '../helpers/logs.js';
import { call, hook, referenceSeed } from '../helpers/sim.js';
import { ADMIN_CREDENTIALS, SOURCE, type Stack, startStack } from '../helpers/stack.js';

const SIGNING_KEY = 'test-plan-signing-key-0123456789abcdefghij';
const OTHER_ADMIN = 'ugk_test-admin-two-0123456789abcdefghijklmnopq';
const STEP = 'source { name } action description outcome errorCode note';
const PLAN = `query($e: EmailAddress!, $a: [OffboardAction!]!) { planOffboarding(email: $e, actions: $a) { planId steps { ${STEP} } userErrors { field code source message } } }`;
const OFFBOARD = `mutation($i: OffboardInput!) { offboard(input: $i) { steps { ${STEP} } userErrors { field code source message } } }`;

interface Step {
  source: { name: string };
  action: string;
  description: string;
  outcome: string | null;
  errorCode: string | null;
  note: string | null;
}
interface UserError {
  field: string[] | null;
  code: string;
  source: string | null;
  message: string;
}

/** A user of DQOps with a role in each of 60 data domains: with the account role and the delete, a plan of 62 steps. */
function dqopsSeedWithManyDomains(): unknown {
  const dqops = structuredClone(referenceSeed().dqops) as { dataDomains: string[]; users: Record<string, unknown>[] };
  const domains = Array.from({ length: 60 }, (_, i) => `domain-${i}`);
  dqops.dataDomains.push(...domains);
  dqops.users.push({ email: 'many@example.com', accountRole: 'viewer', dataDomainRoles: Object.fromEntries(domains.map((d) => [d, 'editor'])) });
  return dqops;
}

/** The claims of a planId, to forge from, and the planId of changed claims under the old signature. */
const claimsOf = (planId: string) => JSON.parse(Buffer.from(planId.split('.')[0]!, 'base64url').toString('utf8'));
const forged = (planId: string, claims: unknown) => `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${planId.split('.')[1]}`;

/**
 * Offboarding plans are signed, bound to their caller and person, expire, and are re-checked
 * against fresh state (issue 22): every forgery sends nothing, and what a run reports is what it did.
 */
describe('offboarding plans', () => {
  let stack: Stack;
  const logs = captureLogs();
  before(async () => {
    stack = await startStack({
      logger: logs.logger,
      seeds: { dqops: dqopsSeedWithManyDomains() },
      auth: {
        apiKeys: [
          { name: 'test-admin', role: 'admin', hash: hashApiKey(TEST_KEYS.admin) },
          { name: 'test-admin-two', role: 'admin', hash: hashApiKey(OTHER_ADMIN) },
        ],
        planSigningKey: SIGNING_KEY,
      },
      // One test takes DQOps down on purpose; the breaker it would open must not spill into the next.
      sources: { dqops: { resilience: { breaker: { enabled: false } } } },
    });
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  const plan = async (email: string, actions: string[], key: string = TEST_KEYS.admin) => {
    const res = await gql(stack.gateway, PLAN, { e: email, a: actions }, { authorization: `Bearer ${key}` });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return res.body.data!['planOffboarding'] as { planId: string | null; steps: Step[]; userErrors: UserError[] };
  };
  const offboard = async (input: Record<string, unknown>) => {
    const res = await gql(stack.gateway, OFFBOARD, { i: input });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return res.body.data!['offboard'] as { steps: Step[]; userErrors: UserError[] };
  };
  const summary = (steps: Step[]) => steps.map((s) => `${s.source.name}: ${s.description} -> ${s.outcome}`);
  const writes = async () => {
    const c = await stack.counts();
    return Object.entries({ ...c.dqops.byRoute, ...c.waldur.byRoute, ...c.rockset.byRoute }).filter(([route]) => !/^(GET|HEAD) /.test(route));
  };

  describe('a forged, borrowed or expired planId sends nothing', () => {
    const refused = async (input: Record<string, unknown>, code: string, why: RegExp) => {
      await stack.resetCounts();
      const out = await offboard(input);
      assert.deepEqual(out.steps, []);
      assert.deepEqual(
        out.userErrors.map((e) => [e.field, e.code]),
        [[['planId'], code]],
      );
      assert.match(out.userErrors[0]!.message, why);
      assert.equal(await stack.totalCalls(), 0, 'not even a read');
    };

    it("Katherine's plan with its email edited to Edsger's, in the plan and the input", async () => {
      const { planId } = await plan('katherine@example.com', ['DELETE']);
      const claims = { ...claimsOf(planId!), email: 'edsger@example.net' };
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId: forged(planId!, claims) }, 'INVALID', /signature does not match/);
    });

    it("a step of Margaret's plan retargeted to Barbara's account", async () => {
      const { planId } = await plan('margaret@example.com', ['DELETE']);
      const claims = claimsOf(planId!);
      claims.steps[0].nativeId = 'barbara@example.com';
      await refused({ email: 'margaret@example.com', actions: ['DELETE'], planId: forged(planId!, claims) }, 'INVALID', /signature/);
      assert.ok((await hook<{ users: { email: string }[] }>(stack.sims.rockset, 'GET', 'state')).users.some((u) => u.email === 'barbara@example.com'));
    });

    it("a revoke step's write changed to a delete", async () => {
      const { planId } = await plan('edsger@example.net', ['REVOKE_ROLES']);
      const claims = claimsOf(planId!);
      claims.steps[0].work = { kind: 'delete' };
      await refused({ email: 'edsger@example.net', actions: ['REVOKE_ROLES'], planId: forged(planId!, claims) }, 'INVALID', /signature/);
    });

    it('actions widened: a DELETE step added to a REVOKE_ROLES plan', async () => {
      const { planId } = await plan('edsger@example.net', ['REVOKE_ROLES']);
      const claims = claimsOf(planId!);
      claims.actions.push('DELETE');
      claims.steps.push({ source: SOURCE.dqops, nativeId: 'edsger@example.net', action: 'DELETE', work: { kind: 'delete' } });
      await refused({ email: 'edsger@example.net', actions: ['REVOKE_ROLES', 'DELETE'], planId: forged(planId!, claims) }, 'INVALID', /signature/);
    });

    it("another administrator's plan", async () => {
      const { planId } = await plan('edsger@example.net', ['DELETE'], OTHER_ADMIN);
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId }, 'INVALID', /another caller/);
    });

    it('a plan for another email than the input names', async () => {
      const { planId } = await plan('katherine@example.com', ['DELETE']);
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId }, 'INVALID', /another email/);
    });

    it('an expired plan (signed with the gateway key two hours ago)', async () => {
      const then = new PlanSigner({ key: SIGNING_KEY, ttlMs: 3_600_000, now: () => Date.now() - 2 * 3_600_000 });
      const planId = then.sign({
        caller: 'apikey:test-admin',
        email: 'edsger@example.net',
        actions: ['DELETE'],
        sources: null,
        steps: [{ source: SOURCE.dqops, nativeId: 'edsger@example.net', action: 'DELETE', work: { kind: 'delete' } }],
      });
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId }, 'STALE', /expired/);
    });

    it('a plan signed with another key', async () => {
      const other = new PlanSigner({ key: 'another-key-0123456789abcdefghijklmnopqrs', ttlMs: 3_600_000 });
      const planId = other.sign({
        caller: 'apikey:test-admin',
        email: 'edsger@example.net',
        actions: ['DELETE'],
        sources: null,
        steps: [{ source: SOURCE.dqops, nativeId: 'edsger@example.net', action: 'DELETE', work: { kind: 'delete' } }],
      });
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId }, 'INVALID', /signature/);
    });

    it('a 1 MB planId, and one of the old unsigned kind', async () => {
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId: 'a'.repeat(1_000_000) }, 'INVALID', /not of the form/);
      const unsigned = Buffer.from(JSON.stringify({ v: 1, email: 'edsger@example.net', steps: [] })).toString('base64url');
      await refused({ email: 'edsger@example.net', actions: ['DELETE'], planId: unsigned }, 'INVALID', /not of the form/);
    });
  });

  it('a role revoked by hand, and one changed, between plan and run: reported honestly, only the rest sent', async () => {
    const { planId, steps } = await plan('grace@example.com', ['REVOKE_ROLES']);
    assert.deepEqual(summary(steps).slice(0, 2), [
      `${SOURCE.dqops}: revoke editor on ACCOUNT -> null`,
      `${SOURCE.dqops}: revoke editor on DATA_DOMAIN datalake -> null`,
    ]);
    // By hand at DQOps: the account role goes, the datalake role becomes viewer.
    const put = await call(stack.sims.dqops, 'PUT', `/api/users/${encodeURIComponent('grace@example.com')}`, {
      headers: { authorization: `Bearer ${ADMIN_CREDENTIALS.dqops}` },
      json: { email: 'grace@example.com', accountRole: 'none', dataDomainRoles: { datalake: 'viewer' } },
    });
    assert.ok(put.status < 300, `DQOps PUT: ${put.status}`);
    await stack.resetCounts();
    const out = await offboard({ email: 'grace@example.com', actions: ['REVOKE_ROLES'], planId });
    assert.deepEqual(out.userErrors, []);
    assert.deepEqual(summary(out.steps), [
      `${SOURCE.dqops}: revoke editor on ACCOUNT -> ALREADY_DONE`,
      `${SOURCE.dqops}: revoke editor on DATA_DOMAIN datalake -> ALREADY_DONE`,
      `${SOURCE.rockset}: revoke member on ORGANIZATION -> SKIPPED_UNSUPPORTED`,
      `${SOURCE.waldur}: revoke PROJECT.ADMIN on PROJECT Compilers -> DONE`,
      `${SOURCE.dqops}: revoke viewer on DATA_DOMAIN datalake -> SKIPPED_STALE`,
    ]);
    const c = await stack.counts();
    assert.equal(Object.keys(c.dqops.byRoute).filter((r) => !r.startsWith('GET')).length, 0, 'nothing written to DQOps');
    const dq = await hook<{ users: { email: string; dataDomainRoles: Record<string, string> }[] }>(stack.sims.dqops, 'GET', 'state');
    assert.equal(dq.users.find((u) => u.email === 'grace@example.com')?.dataDomainRoles['datalake'], 'viewer', 'the new role was not touched');
  });

  it('an unknown person is NOT_FOUND on planOffboarding and offboard, with nothing written', async () => {
    await stack.resetCounts();
    const planned = await plan('nobody@example.com', ['REVOKE_ROLES', 'DELETE']);
    assert.deepEqual([planned.planId, planned.steps], [null, []]);
    assert.deepEqual(
      planned.userErrors.map((e) => [e.field, e.code, e.source]),
      [[['email'], 'NOT_FOUND', null]],
    );
    const out = await offboard({ email: 'nobody@example.com', actions: ['REVOKE_ROLES', 'DELETE'] });
    assert.deepEqual(
      out.userErrors.map((e) => [e.field, e.code]),
      [[['email'], 'NOT_FOUND']],
    );
    assert.deepEqual(await writes(), []);
  });

  it('a person whose only vendor is down: the answer names that source, not "not found"', async () => {
    await hook(stack.sims.dqops, 'POST', 'faults', { kind: 'status', status: 503, method: 'GET' });
    const planned = await plan('edsger@example.net', ['DELETE']);
    assert.deepEqual(
      planned.userErrors.map((e) => [e.code, e.source]),
      [['UPSTREAM_UNAVAILABLE', SOURCE.dqops]],
    );
    assert.match(planned.userErrors[0]!.message, new RegExp(`${SOURCE.dqops} could not be read`));
    const out = await offboard({ email: 'edsger@example.net', actions: ['DELETE'] });
    assert.deepEqual(
      out.userErrors.map((e) => [e.code, e.source]),
      [['UPSTREAM_UNAVAILABLE', SOURCE.dqops]],
    );
    assert.deepEqual(await writes(), []);
  });

  it('a plan of more than 50 steps is refused before any write with the default limit, fresh (62 steps) or signed (61)', async () => {
    const planned = await plan('many@example.com', ['REVOKE_ROLES', 'DELETE']);
    assert.deepEqual(
      planned.userErrors.map((e) => e.code),
      ['LIMIT_EXCEEDED'],
    );
    assert.equal(planned.planId, null);
    assert.match(planned.userErrors[0]!.message, /62 steps, more than limits.maxOffboardSteps \(50\)/);
    await stack.resetCounts();
    const fresh = await offboard({ email: 'many@example.com', actions: ['REVOKE_ROLES', 'DELETE'] });
    assert.deepEqual(
      fresh.userErrors.map((e) => e.code),
      ['LIMIT_EXCEEDED'],
    );
    // A plan of 61 steps signed with the gateway's own key is refused before anything is read.
    const signer = new PlanSigner({ key: SIGNING_KEY, ttlMs: 3_600_000 });
    const steps = Array.from({ length: 61 }, (_, i) => ({
      source: SOURCE.dqops,
      nativeId: 'many@example.com',
      action: 'REVOKE_ROLES' as const,
      work: { kind: 'revoke' as const, grant: { role: 'editor', scope: { kind: 'DATA_DOMAIN' as const, id: `domain-${i}` } } },
    }));
    const planId = signer.sign({ caller: 'apikey:test-admin', email: 'many@example.com', actions: ['REVOKE_ROLES'], sources: null, steps });
    await stack.resetCounts();
    const signed = await offboard({ email: 'many@example.com', actions: ['REVOKE_ROLES'], planId });
    assert.deepEqual(
      signed.userErrors.map((e) => [e.field, e.code]),
      [[['planId'], 'LIMIT_EXCEEDED']],
    );
    assert.equal(await stack.totalCalls(), 0);
  });

  it("offboarding Grace reads each account once: DQOps' list, then only the vendor's own read-modify-write reads", async () => {
    const { planId } = await plan('grace@example.com', ['REVOKE_ROLES', 'DELETE']);
    await stack.resetCounts();
    const out = await offboard({ email: 'grace@example.com', actions: ['REVOKE_ROLES', 'DELETE'], planId });
    assert.ok(
      out.steps.every((s) => s.outcome === 'DONE' || s.outcome === 'SKIPPED_UNSUPPORTED'),
      JSON.stringify(summary(out.steps)),
    );
    const c = await stack.counts();
    // Offboarding's own read: one list call finds Grace's DQOps account, and no step reads it again.
    // The rest is the adapter's own, as for any mutation: each role change reads the user before
    // (read-modify-write of the whole role set) and after its PUT (DQOps answers with an empty
    // body), and the delete reads the user it answers with.
    assert.deepEqual(c.dqops.byRoute, { 'GET /api/users': 1, 'GET /api/users/{email}': 5, 'PUT /api/users/{email}': 2, 'DELETE /api/users/{email}': 1 });
    assert.equal(c.dqops.total, 9, 'was 11 when every step read its account again');
  });
});
