import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { VendorName } from '../../src/simulators/sim-types.js';
import { captureLogs } from '../helpers/logs.js';
import { assertNoUpstreamCalls, mutate, sourceFailure, userId, WALDUR } from '../helpers/mutations.js';
import { call, hook } from '../helpers/sim.js';
import { SOURCE, type Stack, startStack } from '../helpers/stack.js';

interface WaldurState {
  users: { uuid: string; email: string; token: string | null }[];
  changeEmailRequests: unknown[];
}
interface Outbox {
  messages: { user_uuid: string; email: string; code: string }[];
}

describe('email changes, tokens, remote sync and notification preferences', () => {
  let stack: Stack;
  const logs = captureLogs();
  const issuedTokens: string[] = [];
  before(async () => {
    stack = await startStack({ logger: logs.logger });
  });
  beforeEach(() => stack.reset());
  after(() => stack.stop());

  it('changes a Waldur email: request, code from the outbox, confirm', async () => {
    const grace = userId('waldur', WALDUR.grace);
    const asked = await mutate(
      stack,
      'requestEmailChange',
      { userId: grace, email: 'grace.hopper@navy.example' },
      'user { email details { ... on WaldurUserDetails { requestedEmail } } }',
      'RequestEmailChangeInput',
    );
    assert.deepEqual(asked.payload!.userErrors, []);
    assert.deepEqual(asked.payload!.user, { email: 'grace@example.com', details: { requestedEmail: 'grace.hopper@navy.example' } });
    const { messages } = await hook<Outbox>(stack.sims.waldur, 'GET', 'outbox');
    const code = messages.find((m) => m.user_uuid === WALDUR.grace)!.code;
    const wrong = await mutate(stack, 'confirmEmailChange', { source: SOURCE.waldur, code: 'not-a-code' }, 'user { email }', 'ConfirmEmailChangeInput');
    assert.deepEqual(
      wrong.payload!.userErrors.map((e) => e.field),
      [['code']],
    );
    const confirmed = await mutate(stack, 'confirmEmailChange', { source: SOURCE.waldur, code, userId: grace }, 'user { email }', 'ConfirmEmailChangeInput');
    assert.deepEqual(confirmed.payload!.userErrors, []);
    assert.deepEqual(confirmed.payload!.user, { email: 'grace.hopper@navy.example' });
    const state = await hook<WaldurState>(stack.sims.waldur, 'GET', 'state');
    assert.equal(state.users.find((u) => u.uuid === WALDUR.grace)?.email, 'grace.hopper@navy.example');
  });

  it('cancels a pending Waldur email change', async () => {
    const alan = userId('waldur', WALDUR.alan);
    await mutate(stack, 'requestEmailChange', { userId: alan, email: 'alan@bletchley.example' }, 'user { id }', 'RequestEmailChangeInput');
    const cancelled = await mutate(
      stack,
      'cancelEmailChange',
      { userId: alan },
      'user { email details { ... on WaldurUserDetails { requestedEmail } } }',
      'CancelEmailChangeInput',
    );
    assert.deepEqual(cancelled.payload!.userErrors, []);
    assert.deepEqual(cancelled.payload!.user, { email: 'alan@example.com', details: { requestedEmail: null } });
  });

  it('refuses a bad new email before any call', async () => {
    await stack.resetCounts();
    const { payload } = await mutate(
      stack,
      'requestEmailChange',
      { userId: userId('waldur', WALDUR.alan), email: 'nope' },
      'user { id }',
      'RequestEmailChangeInput',
    );
    assert.deepEqual(
      payload!.userErrors.map((e) => [e.field, e.code]),
      [[['email'], 'INVALID']],
    );
    await assertNoUpstreamCalls(stack, 'bad email');
  });

  it('refreshes a Waldur token: the new one works, the old one is refused', async () => {
    const { payload } = await mutate(
      stack,
      'refreshUserToken',
      { userId: userId('waldur', WALDUR.grace) },
      'token { token lifetimeSeconds }',
      'RefreshUserTokenInput',
    );
    assert.deepEqual(payload!.userErrors, []);
    const token = (payload!['token'] as { token: string }).token;
    issuedTokens.push(token);
    assert.notEqual(token, 'waldur-token-grace');
    const old = await call(stack.sims.waldur, 'GET', '/api/users/me/', { headers: { authorization: 'Token waldur-token-grace' } });
    assert.equal(old.status, 401);
    const fresh = await call(stack.sims.waldur, 'GET', '/api/users/me/', { headers: { authorization: `Token ${token}` } });
    assert.equal(fresh.status, 200);
  });

  it('syncs a remote Waldur user', async () => {
    const { payload } = await mutate(stack, 'syncRemoteUser', { userId: userId('waldur', WALDUR.analyst01) }, 'user { username }', 'SyncRemoteUserInput');
    assert.deepEqual(payload!.userErrors, []);
    assert.deepEqual(payload!.user, { username: 'analyst01' });
    assert.equal((await stack.counts()).waldur.byRoute['POST /api/users/{uuid}/pull_remote_user/'], 1);
  });

  it("sets Rockset notification preferences for the credential's owner", async () => {
    const { payload } = await mutate(
      stack,
      'setNotificationPreferences',
      { source: SOURCE.rockset, notificationTypes: ['create_apikey', 'delete_collection'] },
      'preferences { notificationType }',
      'SetNotificationPreferencesInput',
    );
    assert.deepEqual(payload!.userErrors, []);
    assert.deepEqual(payload!['preferences'], [{ notificationType: 'create_apikey' }, { notificationType: 'delete_collection' }]);
    const state = await hook<{ preferences: Record<string, { notificationType: string }[]> }>(stack.sims.rockset, 'GET', 'state');
    assert.deepEqual(
      state.preferences['ada@example.com']?.map((p) => p.notificationType),
      ['create_apikey', 'delete_collection'],
    );
  });

  it('answers UNSUPPORTED_BY_SOURCE for every operation a vendor lacks, with no upstream call', async () => {
    const id = (v: VendorName) => userId(v, v === 'waldur' ? WALDUR.grace : v === 'rockset' ? 'Grace@Example.com' : 'grace@example.com');
    const cases: [VendorName, string, Record<string, unknown>, string, string][] = [];
    for (const v of ['dqops', 'rockset'] as const) {
      cases.push([v, 'requestEmailChange', { userId: id(v), email: 'x@example.com' }, 'RequestEmailChangeInput', 'user { id }']);
      cases.push([v, 'confirmEmailChange', { source: SOURCE[v], code: 'abc' }, 'ConfirmEmailChangeInput', 'user { id }']);
      cases.push([v, 'cancelEmailChange', { userId: id(v) }, 'CancelEmailChangeInput', 'user { id }']);
      cases.push([v, 'refreshUserToken', { userId: id(v) }, 'RefreshUserTokenInput', 'token { token }']);
      cases.push([v, 'syncRemoteUser', { userId: id(v) }, 'SyncRemoteUserInput', 'user { id }']);
    }
    cases.push([
      'dqops',
      'setNotificationPreferences',
      { source: SOURCE.dqops, notificationTypes: [] },
      'SetNotificationPreferencesInput',
      'preferences { notificationType }',
    ]);
    cases.push([
      'waldur',
      'setNotificationPreferences',
      { source: SOURCE.waldur, notificationTypes: [] },
      'SetNotificationPreferencesInput',
      'preferences { notificationType }',
    ]);
    await stack.resetCounts();
    for (const [vendor, field, input, type, selection] of cases) {
      const failure = sourceFailure(await mutate(stack, field, input, selection, type));
      assert.deepEqual([failure.code, failure.source, failure.retryable], ['UNSUPPORTED_BY_SOURCE', SOURCE[vendor], false], `${vendor} ${field}`);
    }
    await assertNoUpstreamCalls(stack, 'unsupported operations');
  });

  it("never logged a token, and logged each mutation's audit event", () => {
    const text = logs.text();
    assert.ok(issuedTokens.length > 0);
    for (const secret of [...issuedTokens, 'waldur-token-ada', 'rockset-key-ada-admin', 'dqops-key-ada-admin'])
      assert.ok(!text.includes(secret), `secret in logs: ${secret.slice(0, 8)}…`);
    const operations = new Set(
      logs
        .lines()
        .map((l) => (JSON.parse(l) as { audit?: { operation: string } }).audit?.operation)
        .filter(Boolean),
    );
    for (const op of ['requestEmailChange', 'confirmEmailChange', 'cancelEmailChange', 'refreshUserToken', 'syncRemoteUser', 'setNotificationPreferences'])
      assert.ok(operations.has(op), op);
  });
});
