import type { UnifiedUser } from '../sources/model.js';
import { userKey } from '../sources/user-order.js';

/**
 * A list-everything source's users, indexed once: in key order (for pages and cursors), by native
 * id and by lower-case email (maps, not scans). Frozen in spirit: shared by every request that
 * reads the same snapshot, so nothing may change it.
 */
export interface UserIndex {
  readonly users: readonly UnifiedUser[];
  /** `userKey` of each user, in the same (sorted) order. */
  readonly keys: readonly string[];
  readonly byId: ReadonlyMap<string, UnifiedUser>;
  readonly byEmail: ReadonlyMap<string, readonly UnifiedUser[]>;
}

export function indexUsers(list: readonly UnifiedUser[]): UserIndex {
  const keyed = list.map((user) => ({ key: userKey(user), user })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byId = new Map<string, UnifiedUser>();
  const byEmail = new Map<string, UnifiedUser[]>();
  for (const { user } of keyed) {
    byId.set(user.nativeId, user);
    const email = (user.email ?? '').toLowerCase();
    const same = byEmail.get(email);
    if (same) same.push(user);
    else byEmail.set(email, [user]);
  }
  return { users: keyed.map((k) => k.user), keys: keyed.map((k) => k.key), byId, byEmail };
}

/** The position of the first key greater than `after` (binary search). */
export function firstAfter(index: UserIndex, after: string | null): number {
  if (after === null) return 0;
  let lo = 0;
  let hi = index.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.keys[mid] ?? '') <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
