import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WindowCoverage } from '../../../src/loaders/window-coverage.js';
import type { UnifiedUser } from '../../../src/sources/model.js';

function user(email: string, nativeId = email): UnifiedUser {
  return {
    source: 'w',
    nativeId,
    email,
    username: null,
    firstName: null,
    lastName: null,
    displayName: email,
    status: 'ACTIVE',
    createdAt: null,
    permissions: [],
    details: { vendor: 'rockset', state: null, roles: [], createdAt: null, firstName: null, lastName: null },
  };
}

describe('WindowCoverage', () => {
  it('answers every email from a complete listing, absent ones with []', () => {
    const c = new WindowCoverage();
    c.record('w', [user('b@x.org'), user('a@x.org')], true);
    assert.deepEqual(
      c.lookup('w', 'A@X.org')?.map((u) => u.nativeId),
      ['a@x.org'],
    );
    assert.deepEqual(c.lookup('w', 'zzz@x.org'), []);
    assert.equal(c.lookup('other', 'a@x.org'), undefined);
  });

  it('answers from a partial window only strictly between its first and last email', () => {
    const c = new WindowCoverage();
    c.record('w', [user('b@x.org'), user('d@x.org'), user('f@x.org')], false);
    assert.deepEqual(c.lookup('w', 'c@x.org'), []);
    assert.deepEqual(c.lookup('w', 'd@x.org')?.length, 1);
    // The edges may have neighbours with the same email just outside the window.
    assert.equal(c.lookup('w', 'b@x.org'), undefined);
    assert.equal(c.lookup('w', 'f@x.org'), undefined);
    assert.equal(c.lookup('w', 'a@x.org'), undefined);
    assert.equal(c.lookup('w', 'g@x.org'), undefined);
  });

  it('answers for the first email and anything before it when the window started at offset 0', () => {
    const c = new WindowCoverage();
    c.record('w', [user('b@x.org', '1'), user('b@x.org', '2'), user('d@x.org'), user('f@x.org')], false, true);
    assert.deepEqual(
      c.lookup('w', 'B@x.org')?.map((u) => u.nativeId),
      ['1', '2'],
    );
    assert.deepEqual(c.lookup('w', 'a@x.org'), []);
    // The last email may still have accounts past the window.
    assert.equal(c.lookup('w', 'f@x.org'), undefined);
    assert.equal(c.lookup('w', 'g@x.org'), undefined);
  });

  it("trusts no partial window that came back out of the gateway's order (another collation)", () => {
    const c = new WindowCoverage();
    // ICU-like collation puts "a_b" before "a-b"; code points put "-" (0x2d) before "_" (0x5f).
    c.record('w', [user('a_a@x.org'), user('a-b@x.org'), user('a.c@x.org'), user('z@x.org')], false);
    assert.equal(c.lookup('w', 'm@x.org'), undefined);
    c.record('w', [user('a_a@x.org'), user('a-b@x.org'), user('a.c@x.org'), user('z@x.org')], false, true);
    assert.equal(c.lookup('w', 'a_a@x.org'), undefined);
  });

  it('keeps one entry per native id when windows overlap', () => {
    const c = new WindowCoverage();
    c.record('w', [user('a@x.org', '1'), user('a@x.org', '2')], true);
    c.record('w', [user('a@x.org', '1')], true);
    assert.deepEqual(
      c.lookup('w', 'a@x.org')?.map((u) => u.nativeId),
      ['1', '2'],
    );
  });
});
