import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDrfMessages } from '../../../../src/sources/waldur/drf-errors.js';
import { checkUsername, deriveUsername, toUserCreate, toUserPatch, WALDUR_USERNAME_PATTERN } from '../../../../src/sources/waldur/input-rules.js';
import { checkGrant } from '../../../../src/sources/waldur/role-changes.js';
import { toUserErrors, USER_FIELD_PATHS, WITHHELD_PASSWORD_MESSAGE } from '../../../../src/sources/waldur/user-errors.js';

describe('waldur writes: usernames', () => {
  it('derives a username from the email: lower-cased, other characters as _, at most 128', () => {
    assert.equal(deriveUsername('Ada.Lovelace@Example.COM'), 'ada.lovelace@example.com');
    assert.equal(deriveUsername("zoë o'neil+x@b-c.org"), 'zo__o_neil+x@b-c.org');
    // One code point, one underscore, even outside the BMP.
    assert.equal(deriveUsername('😀a@b.co'), '_a@b.co');
    const long = deriveUsername(`${'A'.repeat(200)}@example.com`);
    assert.equal(long, 'a'.repeat(128));
    for (const email of ['Ada.Lovelace@Example.COM', '"quoted name"@example.com', 'ﬀ@ﬁ.com', `${'Ü'.repeat(300)}@x.io`]) {
      const name = deriveUsername(email);
      assert.match(name, WALDUR_USERNAME_PATTERN);
      assert.ok(name.length <= 128);
    }
  });

  it('checks a given username against the pattern first, then the length', () => {
    assert.equal(checkUsername('ada_1.x@y+z-w'), undefined);
    assert.equal(checkUsername('Ada')?.code, 'INVALID');
    assert.equal(checkUsername('')?.code, 'INVALID');
    assert.equal(checkUsername(' ada')?.code, 'INVALID');
    assert.equal(checkUsername('a'.repeat(129))?.code, 'TOO_LONG');
    assert.equal(checkUsername('a'.repeat(128)), undefined);
    assert.match(checkUsername('Ada')!.message, /but got: "Ada"$/);
  });
});

describe('waldur writes: request bodies', () => {
  it('maps every field of a new user to its UserRequest name', () => {
    const checked = toUserCreate({
      email: 'kay@example.com',
      username: 'kay',
      firstName: 'Kay',
      lastName: 'O',
      waldur: {
        nativeName: 'K',
        jobTitle: 'J',
        organization: 'Org',
        phoneNumber: '+1',
        description: 'D',
        preferredLanguage: 'en',
        notificationsEnabled: false,
        isStaff: true,
        isSupport: false,
        isActive: true,
      },
    });
    assert.deepEqual(checked, {
      ok: true,
      value: {
        derivedUsername: false,
        body: {
          username: 'kay',
          email: 'kay@example.com',
          first_name: 'Kay',
          last_name: 'O',
          native_name: 'K',
          job_title: 'J',
          organization: 'Org',
          phone_number: '+1',
          description: 'D',
          preferred_language: 'en',
          notifications_enabled: false,
          is_staff: true,
          is_support: false,
          is_active: true,
        },
      },
    });
  });

  it('a patch holds only the fields given; empty strings are values', () => {
    assert.deepEqual(toUserPatch({}), { ok: true, value: {} });
    assert.deepEqual(toUserPatch({ lastName: '', waldur: { isActive: false } }), { ok: true, value: { last_name: '', is_active: false } });
  });

  it('counts lengths as Waldur does: trimmed, in code points', () => {
    assert.equal(toUserPatch({ waldur: { preferredLanguage: ' en-GB-oxfd ' } }).ok, true);
    assert.equal(toUserPatch({ waldur: { preferredLanguage: '😀'.repeat(10) } }).ok, true);
    const tooLong = toUserPatch({ waldur: { preferredLanguage: 'x'.repeat(11), jobTitle: 'j'.repeat(121) } });
    assert.deepEqual(tooLong.ok ? [] : tooLong.userErrors.map((e) => [e.field, e.code]), [
      [['waldur', 'jobTitle'], 'TOO_LONG'],
      [['waldur', 'preferredLanguage'], 'TOO_LONG'],
    ]);
  });
});

describe('waldur writes: reading refusals', () => {
  it('reads field maps, bare arrays, bare strings and {"detail"}', () => {
    assert.deepEqual(readDrfMessages({ username: ['a', 'b'], non_field_errors: ['c'] }), [
      { field: 'username', message: 'a' },
      { field: 'username', message: 'b' },
      { field: null, message: 'c' },
    ]);
    assert.deepEqual(readDrfMessages(['The confirmation code is required.']), [{ field: null, message: 'The confirmation code is required.' }]);
    assert.deepEqual(readDrfMessages('Identity manager is not allowed to list users.'), [
      { field: null, message: 'Identity manager is not allowed to list users.' },
    ]);
    assert.deepEqual(readDrfMessages({ detail: 'x' }), [{ field: null, message: 'x' }]);
    assert.deepEqual(readDrfMessages({ affiliations: [{}, { name: ['bad'] }] }), [{ field: 'affiliations', message: 'bad' }]);
  });

  it('holds nothing for bodies without a message', () => {
    for (const body of [{}, [], '', 42, null, undefined, { username: [] }]) assert.equal(readDrfMessages(body), undefined, JSON.stringify(body));
  });

  it('bounds what it passes on', () => {
    const many = readDrfMessages({ x: Array.from({ length: 50 }, (_, i) => `m${i}`) });
    assert.equal(many?.length, 20);
    assert.equal(readDrfMessages(['y'.repeat(2000)])?.[0]?.message.length, 501);
  });

  it('puts messages on input fields; TAKEN when a value already exists; unknown fields on the whole input', () => {
    const errors = toUserErrors(
      [
        { field: 'username', message: 'user with this username already exists.' },
        { field: 'first_name', message: 'Ensure this field has no more than 100 characters.' },
        { field: 'job_title', message: 'Not a valid string.' },
        { field: 'agree_with_policy', message: 'User must agree with the policy.' },
        { field: null, message: 'Something.' },
      ],
      { fields: USER_FIELD_PATHS },
    );
    assert.deepEqual(errors, [
      { field: ['username'], message: 'user with this username already exists.', code: 'TAKEN' },
      { field: ['firstName'], message: 'Ensure this field has no more than 100 characters.', code: 'INVALID' },
      { field: ['waldur', 'jobTitle'], message: 'Not a valid string.', code: 'INVALID' },
      { field: null, message: 'agree_with_policy: User must agree with the policy.', code: 'INVALID' },
      { field: null, message: 'Something.', code: 'INVALID' },
    ]);
  });

  it('passes on only password messages known not to quote the password', () => {
    const messages = [
      'This password is too short. It must contain at least 8 characters.',
      'The password is too similar to the email address.',
      'This field may not be blank.',
      'hunter2 is a bad password.',
      'This password is too short. It must contain at least 8 characters. hunter2',
    ].map((message) => ({ field: 'new_password', message }));
    const errors = toUserErrors(messages, { fields: { new_password: ['password'] }, secret: true });
    assert.deepEqual(
      errors.map((e) => e.message),
      [messages[0]!.message, messages[1]!.message, messages[2]!.message, WITHHELD_PASSWORD_MESSAGE, WITHHELD_PASSWORD_MESSAGE],
    );
    assert.ok(errors.every((e) => e.field?.[0] === 'password'));
  });
});

describe('waldur writes: role grants', () => {
  it('canonicalizes the scope id and keeps the expiry as given', () => {
    const expiresAt = new Date('2031-01-01T00:00:00Z');
    assert.deepEqual(checkGrant({ role: 'PROJECT.ADMIN', scope: { kind: 'PROJECT', id: 'CD93C749-0B40-5711-BFE7-BC33D832EFFA' }, expiresAt }), {
      ok: true,
      value: { kind: 'PROJECT', collection: 'projects', scopeUuid: 'cd93c7490b405711bfe7bc33d832effa', role: 'PROJECT.ADMIN', expiresAt },
    });
  });

  it('refuses an invalid date and collects every problem at once', () => {
    const checked = checkGrant({ role: 'PROJECT.ADMIN', scope: { kind: 'CUSTOMER', id: 'x' }, expiresAt: new Date(Number.NaN) });
    assert.deepEqual(checked.ok ? [] : checked.userErrors.map((e) => [e.field, e.code]), [
      [['scope', 'id'], 'INVALID'],
      [['role'], 'INVALID'],
      [['expiresAt'], 'INVALID'],
    ]);
  });
});
