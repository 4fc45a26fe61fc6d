import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamClient } from '../../../src/http/upstream-client.js';
import type { WaldurUserDetails } from '../../../src/sources/model.js';
import type { Capability } from '../../../src/sources/source.js';
import { createWaldurAdapter } from '../../../src/sources/waldur/adapter.js';
import { WaldurClient } from '../../../src/sources/waldur/client.js';
import { hook } from '../../helpers/sim.js';
import { ADA_TOKEN, caught, GRACE, LINUS, MARGARET, useWriteHarness } from './write-harness.js';

describe('waldur adapter: createUser, updateUser, deleteUser', () => {
  const h = useWriteHarness();

  it('creates a user with a username derived from the email: one GET for the email, one POST', async () => {
    const result = await h.adapter.createUser(h.ctx(), {
      email: "Zoe.O'Doe+QA@Example.com",
      firstName: 'Zoë',
      lastName: 'Doe',
      waldur: { jobTitle: 'Tester', organization: 'QA', notificationsEnabled: false },
    });
    assert.ok(result.ok, JSON.stringify(result));
    const user = result.value;
    assert.equal(user.username, 'zoe.o_doe+qa@example.com');
    assert.deepEqual(
      [user.email, user.firstName, user.lastName, user.status, user.source],
      ["Zoe.O'Doe+QA@Example.com", 'Zoë', 'Doe', 'ACTIVE', 'waldur-test'],
    );
    const details = user.details as WaldurUserDetails;
    assert.deepEqual([details.jobTitle, details.organization, details.notificationsEnabled], ['Tester', 'QA', false]);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/': 1, 'POST /api/users/': 1 });
    const stored = await h.simUser(user.nativeId);
    assert.deepEqual(
      [stored?.username, stored?.email, stored?.first_name, stored?.last_name, stored?.job_title],
      ['zoe.o_doe+qa@example.com', "Zoe.O'Doe+QA@Example.com", 'Zoë', 'Doe', 'Tester'],
    );
  });

  it('creates a user with the username given', async () => {
    const result = await h.adapter.createUser(h.ctx(), { email: 'kay@example.com', username: 'kay.o+1@lab' });
    assert.ok(result.ok);
    assert.equal((await h.simUser(result.value.nativeId))?.username, 'kay.o+1@lab');
  });

  it('refuses a username outside the pattern or longer than 128 characters, with no call', async () => {
    const upper = await h.adapter.createUser(h.ctx(), { email: 'kay@example.com', username: 'Kay' });
    assert.deepEqual(upper.ok ? [] : upper.userErrors.map((e) => [e.field, e.code]), [[['username'], 'INVALID']]);
    const long = await h.adapter.createUser(h.ctx(), { email: 'kay@example.com', username: 'k'.repeat(129) });
    assert.deepEqual(long.ok ? [] : long.userErrors.map((e) => [e.field, e.code]), [[['username'], 'TOO_LONG']]);
    assert.ok((await h.adapter.createUser(h.ctx(), { email: 'kay@example.com', username: 'k'.repeat(128) })).ok);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/': 1, 'POST /api/users/': 1 });
  });

  it('refuses roles and dataDomainRoles (Waldur grants roles per scope), and over-long names, with no call', async () => {
    const result = await h.adapter.createUser(h.ctx(), {
      email: 'kay@example.com',
      roles: ['PROJECT.ADMIN'],
      dataDomainRoles: [{ domain: '(default)', role: 'editor' }],
      firstName: 'K'.repeat(101),
    });
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.userErrors.map((e) => [e.field, e.code]), [
      [['roles'], 'NOT_ALLOWED'],
      [['dataDomainRoles'], 'NOT_ALLOWED'],
      [['firstName'], 'TOO_LONG'],
    ]);
    assert.equal((await h.counters()).total, 0);
  });

  it('maps Waldur field errors to input fields: a taken username is TAKEN, a bad email INVALID', async () => {
    const taken = await h.adapter.createUser(h.ctx(), { email: 'other@example.com', username: 'grace' });
    assert.deepEqual(taken.ok ? [] : taken.userErrors, [{ field: ['username'], message: 'user with this username already exists.', code: 'TAKEN' }]);
    // Django's EmailValidator wants a dotted domain; the gateway's own check may be looser.
    const email = await h.adapter.createUser(h.ctx(), { email: 'kay@localhost-only', username: 'kay' });
    assert.deepEqual(email.ok ? [] : email.userErrors, [{ field: ['email'], message: 'Enter a valid email address.', code: 'INVALID' }]);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/': 2, 'POST /api/users/': 2 });
  });

  it('a duplicate email is TAKEN on email, after one GET and no POST (Waldur itself would take it)', async () => {
    const again = await h.adapter.createUser(h.ctx(), { email: 'GRACE@example.com', username: 'grace2' });
    assert.deepEqual(again.ok ? [] : again.userErrors.map((e) => [e.field, e.code]), [[['email'], 'TAKEN']]);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/': 1 });
    assert.equal((await h.state()).users.filter((u) => u.email?.toLowerCase() === 'grace@example.com').length, 1);
  });

  it('says when a taken username was derived from the email, and puts it on email', async () => {
    // Two emails, one derived username: the apostrophe becomes "_".
    assert.ok((await h.adapter.createUser(h.ctx(), { email: "zoe'x@example.com" })).ok);
    const again = await h.adapter.createUser(h.ctx(), { email: 'zoe_x@example.com' });
    assert.equal(again.ok, false);
    const [error] = again.ok ? [] : again.userErrors;
    assert.deepEqual([error?.field, error?.code], [['email'], 'TAKEN']);
    assert.match(error!.message, /"zoe_x@example\.com" was derived from the email; give a username/);
  });

  it('create by a non-staff credential is UPSTREAM_FORBIDDEN after one POST', async () => {
    await caught(() => h.adapter.createUser(h.ctx('waldur-token-grace'), { email: 'kay@example.com' }), 'UPSTREAM_FORBIDDEN');
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/': 1, 'POST /api/users/': 1 });
  });

  it('a connection reset after the create took effect is OUTCOME_UNKNOWN, with exactly one POST', async () => {
    await hook(h.sim, 'POST', 'faults', { kind: 'reset', method: 'POST', when: 'after' });
    const err = await caught(() => h.adapter.createUser(h.ctx(), { email: 'kay@example.com', username: 'kay' }), 'OUTCOME_UNKNOWN');
    assert.match(err.message, /may have been applied; check its state before trying again/);
    const entries = await h.requests();
    assert.deepEqual(
      entries.map((e) => [e.method, e.path, e.status]),
      [
        ['GET', '/api/users/', 200],
        ['POST', '/api/users/', null],
      ],
    );
    assert.ok(
      (await h.state()).users.some((u) => u.username === 'kay'),
      'the user was created: the reason the outcome is unknown',
    );
  });

  it('PATCHes only the given names and returns the new user in one call', async () => {
    const result = await h.adapter.updateUser(h.ctx(), GRACE, { firstName: 'Amazing', lastName: 'Grace', waldur: { jobTitle: 'Admiral' } });
    assert.ok(result.ok);
    assert.deepEqual([result.value.firstName, result.value.lastName, result.value.displayName], ['Amazing', 'Grace', 'Amazing Grace']);
    assert.deepEqual((await h.counters()).byRoute, { 'PATCH /api/users/{uuid}/': 1 });
    const stored = await h.simUser(GRACE);
    assert.deepEqual([stored?.first_name, stored?.last_name, stored?.job_title, stored?.email], ['Amazing', 'Grace', 'Admiral', 'grace@example.com']);
  });

  it('accepts a dashed uuid and answers an empty change with one GET', async () => {
    const dashed = `${GRACE.slice(0, 8)}-${GRACE.slice(8, 12)}-${GRACE.slice(12, 16)}-${GRACE.slice(16, 20)}-${GRACE.slice(20)}`;
    const result = await h.adapter.updateUser(h.ctx(), dashed.toUpperCase(), {});
    assert.ok(result.ok);
    assert.equal(result.value.nativeId, GRACE);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1 });
  });

  it('updateUser refuses roles with no call; an unknown user is NOT_FOUND (no call when the id is no uuid)', async () => {
    const roles = await h.adapter.updateUser(h.ctx(), GRACE, { roles: ['PROJECT.ADMIN'] });
    assert.deepEqual(roles.ok ? [] : roles.userErrors.map((e) => [e.field, e.code]), [[['roles'], 'NOT_ALLOWED']]);
    await caught(() => h.adapter.updateUser(h.ctx(), 'grace', { firstName: 'G' }), 'NOT_FOUND');
    assert.equal((await h.counters()).total, 0);
    await caught(() => h.adapter.updateUser(h.ctx(), '0'.repeat(32), { firstName: 'G' }), 'NOT_FOUND');
    assert.deepEqual((await h.counters()).byRoute, { 'PATCH /api/users/{uuid}/': 1 });
  });

  it('a Waldur error on a field the input lacks goes on the whole input, naming the field', async () => {
    // UserSerializer.validate: a user who never agreed to the policy must agree with any change.
    const result = await h.adapter.updateUser(h.ctx(), LINUS, { firstName: 'Lin' });
    assert.deepEqual(result.ok ? [] : result.userErrors, [{ field: null, message: 'agree_with_policy: User must agree with the policy.', code: 'INVALID' }]);
  });

  it('deletes with a GET (the user returned) and a DELETE', async () => {
    const result = await h.adapter.deleteUser(h.ctx(), GRACE);
    assert.ok(result.ok);
    assert.deepEqual([result.value.nativeId, result.value.email], [GRACE, 'grace@example.com']);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1, 'DELETE /api/users/{uuid}/': 1 });
    assert.equal(await h.simUser(GRACE), undefined);
    await caught(() => h.adapter.deleteUser(h.ctx(), GRACE), 'NOT_FOUND');
  });

  it('delete by a non-staff credential is UPSTREAM_FORBIDDEN after the GET, and deletes nothing', async () => {
    // Grace sees Margaret (both hold roles under Analytical Engines), but only staff delete.
    await caught(() => h.adapter.deleteUser(h.ctx('waldur-token-grace'), MARGARET), 'UPSTREAM_FORBIDDEN');
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/{uuid}/': 1, 'DELETE /api/users/{uuid}/': 1 });
    assert.ok(await h.simUser(MARGARET));
  });

  it('setNotificationPreferences is UNSUPPORTED_BY_SOURCE with no call', async () => {
    await caught(() => h.adapter.setNotificationPreferences(h.ctx(), ['x']), 'UNSUPPORTED_BY_SOURCE');
    assert.equal((await h.counters()).total, 0);
  });

  it('a source configured without write capabilities refuses every write with UNSUPPORTED_BY_SOURCE and no call', async () => {
    const http = new UpstreamClient({ source: 'read-only', url: h.sim.url, timeoutMs: 2000 });
    const capabilities: Capability[] = ['LIST_USERS', 'GET_USER'];
    const readOnly = createWaldurAdapter({ name: 'read-only', vendor: 'waldur', url: h.sim.url, capabilities }, new WaldurClient(http));
    const c = h.ctx(ADA_TOKEN);
    const grant = { role: 'PROJECT.ADMIN', scope: { kind: 'PROJECT' as const, id: GRACE } };
    const writes: [string, () => Promise<unknown>][] = [
      ['createUser', () => readOnly.createUser(c, { email: 'kay@example.com' })],
      ['updateUser', () => readOnly.updateUser(c, GRACE, { firstName: 'G' })],
      ['deleteUser', () => readOnly.deleteUser(c, GRACE)],
      ['grantRole', () => readOnly.grantRole(c, GRACE, grant)],
      ['revokeRole', () => readOnly.revokeRole(c, GRACE, grant)],
      ['changePassword', () => readOnly.changePassword(c, GRACE, 'secret-pass')],
      ['changeMyPassword', () => readOnly.changeMyPassword(c, 'secret-pass')],
      ['requestEmailChange', () => readOnly.requestEmailChange(c, GRACE, 'g@example.com')],
      ['confirmEmailChange', () => readOnly.confirmEmailChange(c, GRACE)],
      ['cancelEmailChange', () => readOnly.cancelEmailChange(c, GRACE)],
      ['refreshUserToken', () => readOnly.refreshUserToken(c, GRACE)],
      ['syncRemoteUser', () => readOnly.syncRemoteUser(c, GRACE)],
      ['setNotificationPreferences', () => readOnly.setNotificationPreferences(c, [])],
    ];
    try {
      for (const [name, write] of writes) {
        const err = await caught(write, 'UNSUPPORTED_BY_SOURCE');
        assert.match(err.message, new RegExp(`does not support ${name}$`));
      }
    } finally {
      await readOnly.close();
    }
    assert.equal((await h.counters()).total, 0);
  });
});
