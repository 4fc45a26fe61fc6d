import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gql } from '../helpers/gateway.js';
import { captureLogs } from '../helpers/logs.js';
import { WALDUR } from '../helpers/mutations.js';
import { hook } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

interface Step {
  source: { name: string };
  action: string;
  description: string;
  operation: string;
  supported: boolean;
  outcome: string | null;
  errorCode: string | null;
}
const STEP = 'source { name } action description operation supported outcome errorCode';
const OFFBOARD = `mutation($i: OffboardInput!) { offboard(input: $i) { steps { ${STEP} } userErrors { field } } }`;

describe('offboarding', () => {
  let stack: Stack;
  const logs = captureLogs();
  before(async () => {
    stack = await startStack({ logger: logs.logger });
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  const writes = async () => {
    const c = await stack.counts();
    return Object.entries({ ...c.dqops.byRoute, ...c.waldur.byRoute, ...c.rockset.byRoute }).filter(
      ([route]) => !route.startsWith('GET ') && !route.startsWith('HEAD '),
    );
  };
  const offboard = async (actions: string[]) => {
    const res = await gql(stack.gateway, OFFBOARD, { i: { email: 'grace@example.com', actions } });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return (res.body.data!['offboard'] as { steps: Step[] }).steps;
  };
  const summary = (steps: Step[]) => steps.map((s) => `${s.source.name}: ${s.description} -> ${s.outcome}`);

  it("plans Grace's steps in every vendor, flags what a vendor cannot do, and writes nothing", async () => {
    await stack.resetCounts();
    const res = await gql(
      stack.gateway,
      `{ planOffboarding(email: "Grace@Example.com", actions: [REVOKE_ROLES, DEACTIVATE, DELETE]) { email steps { ${STEP} } } }`,
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const plan = res.body.data!['planOffboarding'] as { email: string; steps: Step[] };
    assert.equal(plan.email, 'grace@example.com');
    assert.deepEqual(
      plan.steps.map((s) => [s.source.name, s.action, s.description, s.supported, s.outcome]),
      [
        [SOURCE.dqops, 'REVOKE_ROLES', 'revoke editor on ACCOUNT', true, null],
        [SOURCE.dqops, 'REVOKE_ROLES', 'revoke editor on DATA_DOMAIN datalake', true, null],
        [SOURCE.dqops, 'DEACTIVATE', 'deactivate the account', false, null],
        [SOURCE.dqops, 'DELETE', 'delete the account', true, null],
        [SOURCE.rockset, 'REVOKE_ROLES', 'revoke member on ORGANIZATION', false, null],
        [SOURCE.rockset, 'DEACTIVATE', 'deactivate the account', false, null],
        [SOURCE.rockset, 'DELETE', 'delete the account', true, null],
        [SOURCE.waldur, 'REVOKE_ROLES', 'revoke PROJECT.ADMIN on PROJECT Compilers', true, null],
        [SOURCE.waldur, 'DEACTIVATE', 'deactivate the account', true, null],
        [SOURCE.waldur, 'DELETE', 'delete the account', true, null],
      ],
    );
    assert.match(
      plan.steps.find((s) => s.source.name === SOURCE.waldur && s.action === 'REVOKE_ROLES')?.operation ?? '',
      /POST \/api\/projects\/\{uuid\}\/delete_user\//,
    );
    assert.deepEqual(await writes(), []);
  });

  it('revokes every role a vendor can take away, and deactivates where the vendor can', async () => {
    const steps = await offboard(['REVOKE_ROLES', 'DEACTIVATE']);
    assert.deepEqual(summary(steps), [
      `${SOURCE.dqops}: revoke editor on ACCOUNT -> DONE`,
      `${SOURCE.dqops}: revoke editor on DATA_DOMAIN datalake -> DONE`,
      `${SOURCE.dqops}: deactivate the account -> SKIPPED_UNSUPPORTED`,
      `${SOURCE.rockset}: revoke member on ORGANIZATION -> SKIPPED_UNSUPPORTED`,
      `${SOURCE.rockset}: deactivate the account -> SKIPPED_UNSUPPORTED`,
      `${SOURCE.waldur}: revoke PROJECT.ADMIN on PROJECT Compilers -> DONE`,
      `${SOURCE.waldur}: deactivate the account -> DONE`,
    ]);
    const dq = await hook<{ users: { email: string; accountRole: string; dataDomainRoles: Record<string, string> }[] }>(stack.sims.dqops, 'GET', 'state');
    const grace = dq.users.find((u) => u.email === 'grace@example.com');
    assert.equal(grace?.accountRole, 'none');
    assert.ok(!Object.values(grace?.dataDomainRoles ?? {}).some((r) => r !== 'none'));
    const wa = await hook<{ users: { uuid: string; is_active: boolean }[]; roleAssignments: { user_uuid: string }[] }>(stack.sims.waldur, 'GET', 'state');
    assert.equal(wa.users.find((u) => u.uuid === WALDUR.grace)?.is_active, false);
    const audit = logs
      .lines()
      .map((l) => JSON.parse(l) as { audit?: { operation: string; outcome?: string; outcomes?: Record<string, number>; caller: string } })
      .flatMap((l) => (l.audit ? [l.audit] : []));
    assert.equal(audit.filter((a) => a.operation.startsWith('offboard ') && a.outcome === 'applied').length, 4, 'one audit event per step written');
    assert.deepEqual(audit.at(-1), {
      caller: 'apikey:test-admin',
      operation: 'offboard',
      person: 'grace@example.com',
      steps: 7,
      outcomes: { DONE: 4, SKIPPED_UNSUPPORTED: 3 },
    });
  });

  it('with a vendor failing the others still complete; running the plan again finishes it and reports the rest ALREADY_DONE, sending no write twice', async () => {
    const planned = await gql(stack.gateway, '{ planOffboarding(email: "grace@example.com", actions: [REVOKE_ROLES, DELETE]) { planId } }');
    const planId = (planned.body.data!['planOffboarding'] as { planId: string }).planId;
    const run = async () => {
      const res = await gql(stack.gateway, OFFBOARD, { i: { email: 'grace@example.com', actions: ['REVOKE_ROLES', 'DELETE'], planId } });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      return (res.body.data!['offboard'] as { steps: Step[] }).steps;
    };
    await hook(stack.sims.waldur, 'POST', 'faults', { kind: 'status', status: 503, method: 'POST', path: '/api/projects/*/delete_user/', times: 1 });
    await stack.resetCounts();
    const first = await run();
    assert.deepEqual(summary(first), [
      `${SOURCE.dqops}: revoke editor on ACCOUNT -> DONE`,
      `${SOURCE.dqops}: revoke editor on DATA_DOMAIN datalake -> DONE`,
      `${SOURCE.dqops}: delete the account -> DONE`,
      `${SOURCE.rockset}: revoke member on ORGANIZATION -> SKIPPED_UNSUPPORTED`,
      `${SOURCE.rockset}: delete the account -> DONE`,
      `${SOURCE.waldur}: revoke PROJECT.ADMIN on PROJECT Compilers -> FAILED`,
      `${SOURCE.waldur}: delete the account -> NOT_RUN`,
    ]);
    assert.deepEqual(
      first.filter((s) => s.source.name === SOURCE.waldur).map((s) => s.errorCode),
      ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE'],
    );
    // The summary audit counts each outcome, NOT_RUN on its own.
    const audits = logs
      .lines()
      .map((l) => JSON.parse(l) as { audit?: { operation: string; outcomes?: Record<string, number> } })
      .flatMap((l) => (l.audit?.operation === 'offboard' ? [l.audit] : []));
    assert.deepEqual(audits.at(-1)?.outcomes, { DONE: 4, SKIPPED_UNSUPPORTED: 1, FAILED: 1, NOT_RUN: 1 });
    const firstWrites = Object.fromEntries(await writes());

    await stack.resetCounts();
    const second = await run();
    assert.deepEqual(summary(second), [
      `${SOURCE.dqops}: revoke editor on ACCOUNT -> ALREADY_DONE`,
      `${SOURCE.dqops}: revoke editor on DATA_DOMAIN datalake -> ALREADY_DONE`,
      `${SOURCE.dqops}: delete the account -> ALREADY_DONE`,
      `${SOURCE.rockset}: revoke member on ORGANIZATION -> SKIPPED_UNSUPPORTED`,
      `${SOURCE.rockset}: delete the account -> ALREADY_DONE`,
      `${SOURCE.waldur}: revoke PROJECT.ADMIN on PROJECT Compilers -> DONE`,
      `${SOURCE.waldur}: delete the account -> DONE`,
    ]);
    const secondWrites = Object.fromEntries(await writes());
    assert.equal(firstWrites['POST /api/projects/{uuid}/delete_user/'], 1, 'the refused POST was sent once');
    assert.deepEqual(secondWrites, { 'POST /api/projects/{uuid}/delete_user/': 1, 'DELETE /api/users/{uuid}/': 1 }, 'only what had not happened is sent');
    const wa = await hook<{ users: { uuid: string }[] }>(stack.sims.waldur, 'GET', 'state');
    assert.ok(!wa.users.some((u) => u.uuid === WALDUR.grace));
  });

  it('is for administrators only', async () => {
    const res = await gql(
      stack.gateway,
      OFFBOARD,
      { i: { email: 'grace@example.com', actions: ['DELETE'] } },
      { authorization: 'Bearer ugk_test-viewer-0123456789abcdefghijklmnopqrstu' },
    );
    assert.equal(res.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.deepEqual(await writes(), []);
  });
});
