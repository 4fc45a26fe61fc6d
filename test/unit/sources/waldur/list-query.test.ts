import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toUserListQuery } from '../../../../src/sources/waldur/list-query.js';

describe('waldur list query', () => {
  it('sends no filter for an empty filter', () => {
    assert.deepEqual(toUserListQuery({}), {});
  });

  it('pushes query and email down, trimmed', () => {
    assert.deepEqual(toUserListQuery({ query: '  Hop ', email: ' Grace@EXAMPLE.com' }), { query: 'Hop', email: 'Grace@EXAMPLE.com' });
  });

  it('maps ACTIVE and INACTIVE to is_active', () => {
    assert.deepEqual(toUserListQuery({ status: 'ACTIVE' }), { is_active: 'true' });
    assert.deepEqual(toUserListQuery({ status: 'INACTIVE', query: 'lin' }), { query: 'lin', is_active: 'false' });
  });

  it('answers INVITED with null: Waldur users are never invited', () => {
    assert.equal(toUserListQuery({ status: 'INVITED', query: 'grace' }), null);
  });

  it('keeps role, blank text and text with NUL local', () => {
    assert.deepEqual(toUserListQuery({ role: 'PROJECT.ADMIN' }), {});
    assert.deepEqual(toUserListQuery({ query: '   ', email: '' }), {});
    assert.deepEqual(toUserListQuery({ query: 'a\u0000b', email: 'x\u0000@y' }), {});
  });
});
