import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WaldurUserDetails } from '../../../src/sources/model.js';
import { call, hook } from '../../helpers/sim.js';
import { ADA, ADA_TOKEN, ANALYST01, assertNoSecrets, caught, GRACE, useWriteHarness } from './write-harness.js';

const NEW_PASSWORD = 'Correct-Horse-Battery-Staple-42';
const GRACE_TOKEN = 'waldur-token-grace';

describe('waldur adapter: passwords, tokens and remote sync', () => {
  const h = useWriteHarness();

  it('changePassword: change_password, then a re-read; the new password is in the state', async () => {
    const result = await h.adapter.changePassword(h.ctx(), GRACE, NEW_PASSWORD);
    assert.ok(result.ok);
    assert.equal(result.value.nativeId, GRACE);
    assert.equal((await h.simUser(GRACE))?.password, NEW_PASSWORD);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/{uuid}/change_password/': 1, 'GET /api/users/{uuid}/': 1 });
    assertNoSecrets(result, NEW_PASSWORD);
  });

  it('changePassword by a non-staff credential is UPSTREAM_FORBIDDEN, even on herself, and says nothing of the password', async () => {
    const err = await caught(() => h.adapter.changePassword(h.ctx(GRACE_TOKEN), GRACE, NEW_PASSWORD), 'UPSTREAM_FORBIDDEN');
    assertNoSecrets(err, NEW_PASSWORD, GRACE_TOKEN);
    assert.equal((await h.simUser(GRACE))?.password, 'Waldur-Grace-2024');
    assert.equal((await h.counters()).total, 1);
  });

  it('a password Waldur refuses is a userError on password that does not quote it', async () => {
    // The gateway passes non-empty passwords; DRF trims, so blanks are "may not be blank".
    const blank = '   \t ';
    const result = await h.adapter.changePassword(h.ctx(), GRACE, blank);
    assert.deepEqual(result.ok ? [] : result.userErrors, [{ field: ['password'], message: 'This field may not be blank.', code: 'INVALID' }]);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/{uuid}/change_password/': 1 });
  });

  it('a reset after change_password is OUTCOME_UNKNOWN with one POST, and the error holds neither password nor token', async () => {
    await hook(h.sim, 'POST', 'faults', { kind: 'reset', method: 'POST', when: 'after' });
    const err = await caught(() => h.adapter.changePassword(h.ctx(), GRACE, NEW_PASSWORD), 'OUTCOME_UNKNOWN');
    assertNoSecrets(err, NEW_PASSWORD, ADA_TOKEN);
    assert.deepEqual(
      (await h.requests()).map((e) => [e.method, e.route, e.status]),
      [['POST', 'POST /api/users/{uuid}/change_password/', null]],
    );
  });

  it("changeMyPassword with Ada's token: me, change_password on her uuid, re-read", async () => {
    const result = await h.adapter.changeMyPassword(h.ctx(ADA_TOKEN), NEW_PASSWORD);
    assert.ok(result.ok);
    assert.equal(result.value?.nativeId, ADA);
    assert.equal((await h.simUser(ADA))?.password, NEW_PASSWORD);
    assert.deepEqual((await h.counters()).byRoute, {
      'GET /api/users/me/': 1,
      'POST /api/users/{uuid}/change_password/': 1,
      'GET /api/users/{uuid}/': 1,
    });
    const again = await call(h.sim, 'GET', '/api/users/me/', { headers: { authorization: `Token ${ADA_TOKEN}` } });
    assert.equal(again.status, 200, 'a password change leaves the token working');
  });

  it('changeMyPassword for a non-staff user is UPSTREAM_FORBIDDEN (change_password is staff-only)', async () => {
    const err = await caught(() => h.adapter.changeMyPassword(h.ctx(GRACE_TOKEN), NEW_PASSWORD), 'UPSTREAM_FORBIDDEN');
    assertNoSecrets(err, NEW_PASSWORD, GRACE_TOKEN);
    assert.deepEqual((await h.counters()).byRoute, { 'GET /api/users/me/': 1, 'POST /api/users/{uuid}/change_password/': 1 });
  });

  it('refreshUserToken returns a new token (Waldur answers 201) and the old one stops working', async () => {
    const result = await h.adapter.refreshUserToken(h.ctx(), GRACE);
    assert.ok(result.ok);
    const token = result.value.token;
    assert.match(token, /^[0-9a-f]{40}$/);
    assert.equal(result.value.lifetimeSeconds, 3600);
    assert.equal(result.value.expiresAt?.getTime(), result.value.created!.getTime() + 3600_000);
    assert.deepEqual(
      (await h.requests()).map((e) => [e.route, e.status]),
      [['POST /api/users/{uuid}/refresh_token/', 201]],
    );
    assert.equal((await h.simUser(GRACE))?.token, token);
    const old = await call(h.sim, 'GET', '/api/users/me/', { headers: { authorization: `Token ${GRACE_TOKEN}` } });
    assert.equal(old.status, 401);
    const fresh = await call(h.sim, 'GET', '/api/users/me/', { headers: { authorization: `Token ${token}` } });
    assert.equal(fresh.status, 200);
  });

  it('refreshUserToken by a non-staff credential is UPSTREAM_FORBIDDEN; no token in the error', async () => {
    const err = await caught(() => h.adapter.refreshUserToken(h.ctx(GRACE_TOKEN), GRACE), 'UPSTREAM_FORBIDDEN');
    assertNoSecrets(err, GRACE_TOKEN);
    assert.equal((await h.simUser(GRACE))?.token, GRACE_TOKEN);
  });

  it('syncRemoteUser pulls an eduTEAMS user and re-reads it; a local user is a userError', async () => {
    const synced = await h.adapter.syncRemoteUser(h.ctx(), ANALYST01);
    assert.ok(synced.ok);
    assert.equal(synced.value.nativeId, ANALYST01);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/{uuid}/pull_remote_user/': 1, 'GET /api/users/{uuid}/': 1 });
    const local = await h.adapter.syncRemoteUser(h.ctx(), GRACE);
    assert.deepEqual(local.ok ? [] : local.userErrors, [{ field: null, message: 'User is not managed by eduTEAMS.', code: 'INVALID' }]);
  });

  it('every write on an id that is no uuid is NOT_FOUND with no call', async () => {
    for (const write of [
      () => h.adapter.changePassword(h.ctx(), 'grace', NEW_PASSWORD),
      () => h.adapter.refreshUserToken(h.ctx(), 'grace'),
      () => h.adapter.syncRemoteUser(h.ctx(), 'grace'),
      () => h.adapter.requestEmailChange(h.ctx(), 'grace', 'g@example.com'),
      () => h.adapter.cancelEmailChange(h.ctx(), 'grace'),
      () => h.adapter.deleteUser(h.ctx(), 'grace'),
    ]) {
      assertNoSecrets(await caught(write, 'NOT_FOUND'), NEW_PASSWORD);
    }
    assert.equal((await h.counters()).total, 0);
  });
});

describe('waldur adapter: the email change', () => {
  const h = useWriteHarness();
  const NEW_EMAIL = 'grace.hopper@navy.example.com';
  const outbox = async () => (await hook<{ messages: { user_uuid: string; email: string; code: string }[] }>(h.sim, 'GET', 'outbox')).messages;

  it('request, then confirm with the mailed code: the email changes', async () => {
    const requested = await h.adapter.requestEmailChange(h.ctx(), GRACE, NEW_EMAIL);
    assert.ok(requested.ok);
    assert.deepEqual([requested.value.email, (requested.value.details as WaldurUserDetails).requestedEmail], ['grace@example.com', NEW_EMAIL]);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/{uuid}/change_email/': 1, 'GET /api/users/{uuid}/': 1 });
    const [mail] = await outbox();
    assert.deepEqual([mail?.user_uuid, mail?.email], [GRACE, NEW_EMAIL]);

    await h.clearLog();
    const confirmed = await h.adapter.confirmEmailChange(h.ctx(), mail!.code);
    assert.deepEqual(confirmed, { ok: true, value: null });
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/confirm_email/': 1 });
    const state = await h.state();
    assert.equal(state.users.find((u) => u.uuid === GRACE)?.email, NEW_EMAIL);
    assert.deepEqual(state.changeEmailRequests, []);
    const after = await h.adapter.getUser(h.ctx(), GRACE);
    assert.deepEqual([after?.email, (after?.details as WaldurUserDetails | undefined)?.requestedEmail], [NEW_EMAIL, null]);
  });

  it('cancel clears the requested email', async () => {
    assert.ok((await h.adapter.requestEmailChange(h.ctx(), GRACE, NEW_EMAIL)).ok);
    assert.equal((await h.state()).changeEmailRequests.length, 1);
    await h.clearLog();
    const cancelled = await h.adapter.cancelEmailChange(h.ctx(), GRACE);
    assert.ok(cancelled.ok);
    assert.equal((cancelled.value.details as WaldurUserDetails).requestedEmail, null);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/{uuid}/cancel_change_email/': 1, 'GET /api/users/{uuid}/': 1 });
    const state = await h.state();
    assert.deepEqual([state.changeEmailRequests, state.users.find((u) => u.uuid === GRACE)?.email], [[], 'grace@example.com']);
  });

  it('the user herself may ask for the change', async () => {
    const requested = await h.adapter.requestEmailChange(h.ctx(GRACE_TOKEN), GRACE, NEW_EMAIL);
    assert.ok(requested.ok);
    assert.equal((requested.value.details as WaldurUserDetails).requestedEmail, NEW_EMAIL);
  });

  it('an address Waldur refuses is a userError on email', async () => {
    const result = await h.adapter.requestEmailChange(h.ctx(), GRACE, 'grace@localhost-only');
    assert.deepEqual(result.ok ? [] : result.userErrors, [{ field: ['email'], message: 'Enter a valid email address.', code: 'INVALID' }]);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/{uuid}/change_email/': 1 });
  });

  it('a code that is no uuid is refused with no call; one nobody holds after one call, never quoted', async () => {
    const empty = await h.adapter.confirmEmailChange(h.ctx(), ' ');
    assert.deepEqual(empty.ok ? [] : empty.userErrors.map((e) => [e.field, e.code]), [[['code'], 'REQUIRED']]);
    const garbled = await h.adapter.confirmEmailChange(h.ctx(), 'not-a-code');
    assert.deepEqual(garbled.ok ? [] : garbled.userErrors.map((e) => [e.field, e.code]), [[['code'], 'INVALID']]);
    assert.equal((await h.counters()).total, 0);
    const unknown = 'abcdef0123456789abcdef0123456789';
    const result = await h.adapter.confirmEmailChange(h.ctx(), unknown);
    assert.deepEqual(result.ok ? [] : result.userErrors.map((e) => [e.field, e.code]), [[['code'], 'NOT_FOUND']]);
    assertNoSecrets(result, unknown);
    assert.deepEqual((await h.counters()).byRoute, { 'POST /api/users/confirm_email/': 1 });
  });
});
