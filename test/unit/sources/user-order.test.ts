import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortByUserKey, userKey } from '../../../src/sources/user-order.js';

/** A deterministic pseudo-random sequence, so a failure names its case. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe('sortByUserKey', () => {
  it('orders like sorting by userKey, for small lists (insertion) and large ones, in place', () => {
    const random = lcg(7);
    const emails = ['Ada@example.com', 'ada@example.com', 'grace@example.com', 'Zed@x.org', 'b@x.org', null];
    for (let n = 0; n <= 20; n++) {
      for (let round = 0; round < 20; round++) {
        const users = Array.from({ length: n }, (_, i) => ({
          email: emails[Math.floor(random() * emails.length)] ?? null,
          source: ['dq', 'wa', 'rs'][Math.floor(random() * 3)] ?? 'dq',
          nativeId: `id${i}`,
        }));
        const expected = [...users].sort((a, b) => (userKey(a) < userKey(b) ? -1 : 1));
        const sorted = sortByUserKey(users);
        assert.equal(sorted, users, 'sorted in place');
        assert.deepEqual(sorted.map(userKey), expected.map(userKey), `n=${n} round=${round}`);
      }
    }
  });
});
