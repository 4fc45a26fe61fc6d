import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCreateUserRequest, toRejectionError, toUpdateUserRequest } from '../../../../src/sources/rockset/mapping.js';

const FIELDS = new Map([
  ['email', ['email']],
  ['roles', ['roles']],
  ['first_name', ['firstName']],
  ['last_name', ['lastName']],
]);

describe('Rockset mapping: writes', () => {
  it('builds a CreateUserRequest with names only when given', () => {
    assert.deepEqual(toCreateUserRequest({ email: 'a@example.com', roles: ['x', 'x'] }, ['x']), { email: 'a@example.com', roles: ['x'] });
    assert.deepEqual(toCreateUserRequest({ email: 'a@example.com', firstName: '', lastName: 'L' }, ['x']), {
      email: 'a@example.com',
      roles: ['x'],
      first_name: '',
      last_name: 'L',
    });
  });

  it('builds an UpdateUserRequest of the given fields only', () => {
    assert.deepEqual(toUpdateUserRequest({}, undefined), {});
    assert.deepEqual(toUpdateUserRequest({ firstName: 'F', roles: ['a', 'a'] }, ['a']), { first_name: 'F', roles: ['a'] });
  });

  it("names the field a Rockset validation message names first, in our input's terms", () => {
    const field = (message: string | null) => toRejectionError(message, FIELDS, 'rs').field;
    assert.deepEqual(field('Invalid input: roles names an unknown role "x".'), ['roles']);
    assert.deepEqual(field('Invalid input: first_name must be a string, but got a number.'), ['firstName']);
    assert.deepEqual(field('Invalid input: email must be a valid email address.'), ['email']);
    assert.deepEqual(field('last_name is too long; roles are fine'), ['lastName']);
  });

  it('does not take a field name inside an email or a dotted path for the field', () => {
    const field = (message: string) => toRejectionError(message, FIELDS, 'rs').field;
    assert.equal(field('User roles@example.com cannot be invited.'), null);
    assert.equal(field('Invalid input: data[0].roles is odd.'), null);
    assert.equal(field('Something went wrong.'), null);
  });

  it('passes the message on, capped, and says who refused when there is none', () => {
    assert.equal(toRejectionError(`Invalid input: roles ${'x'.repeat(400)}`, FIELDS, 'rs').message.length, 300);
    assert.deepEqual(toRejectionError(null, FIELDS, 'rs'), {
      field: null,
      code: 'INVALID',
      message: 'source "rs" refused the input (HTTP 400 INVALIDINPUT)',
    });
    assert.equal(toRejectionError('   ', FIELDS, 'rs').message, 'source "rs" refused the input (HTTP 400 INVALIDINPUT)');
  });
});
