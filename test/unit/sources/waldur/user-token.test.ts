import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toUserToken } from '../../../../src/sources/waldur/mapping.js';

const SOURCE = 'waldur-test';
const at = (iso: string) => new Date(iso);

describe('waldur mapping: toUserToken', () => {
  const token = {
    created: '2026-06-30T12:00:00Z',
    user_first_name: 'Grace',
    user_last_name: 'Hopper',
    user_username: 'grace',
    user_is_active: true,
    user_token_lifetime: 3600,
    token: 'waldur-token-grace',
  };

  it('adds the lifetime to the creation time', () => {
    assert.deepEqual(toUserToken(token, SOURCE), {
      token: 'waldur-token-grace',
      created: at('2026-06-30T12:00:00Z'),
      lifetimeSeconds: 3600,
      expiresAt: at('2026-06-30T13:00:00Z'),
    });
  });

  it('names the field, not the value, when created is not a datetime', () => {
    assert.throws(
      () => toUserToken({ ...token, created: 'waldur-token-grace' }, SOURCE),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'UPSTREAM_BAD_RESPONSE');
        assert.match(err.message, /created/);
        assert.doesNotMatch(err.message, /waldur-token-grace/);
        return true;
      },
    );
  });

  it('has no expiry when the token lives forever (user_token_lifetime null)', () => {
    assert.deepEqual(toUserToken({ ...token, user_token_lifetime: null }, SOURCE), {
      token: 'waldur-token-grace',
      created: at('2026-06-30T12:00:00Z'),
      lifetimeSeconds: null,
      expiresAt: null,
    });
  });
});
