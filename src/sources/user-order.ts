import type { PermissionLevel, UnifiedUser } from './model.js';
import type { UserFilter } from './source.js';

/**
 * The one order of every list: lower-case email, then source name, then native id. NUL separates
 * the parts so that no email can sort between two parts of another key. Users with no email sort
 * first (empty email).
 */
export function userKey(user: Pick<UnifiedUser, 'email' | 'source' | 'nativeId'>): string {
  return `${(user.email ?? '').toLowerCase()}\u0000${user.source}\u0000${user.nativeId}`;
}

/**
 * Sorts users in key order, in place, and returns them. The lists sorted per request hold a person's
 * few accounts: those skip Array#sort (which copies its input on every call) and compute each key
 * once rather than twice per comparison.
 */
export function sortByUserKey<T extends Pick<UnifiedUser, 'email' | 'source' | 'nativeId'>>(users: T[]): T[] {
  if (users.length < 2) return users;
  const keys = users.map(userKey);
  if (users.length <= 8) {
    for (let i = 1; i < users.length; i++) {
      const user = users[i] as T;
      const key = keys[i] as string;
      let j = i - 1;
      for (; j >= 0 && (keys[j] as string) > key; j--) {
        users[j + 1] = users[j] as T;
        keys[j + 1] = keys[j] as string;
      }
      users[j + 1] = user;
      keys[j + 1] = key;
    }
    return users;
  }
  const order = keys.map((key, i) => ({ key, user: users[i] as T })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < order.length; i++) users[i] = (order[i] as { user: T }).user;
  return users;
}

/** The email part of a key. */
export function keyEmail(key: string): string {
  return key.slice(0, key.indexOf('\u0000'));
}

/** A key greater than every key of this email, in every source. */
export function afterEmail(email: string): string {
  return `${email.toLowerCase()}\u0000\uffff`;
}

/** Whether a user passes every condition of the filter (the gateway's exact semantics). */
export function matchesFilter(user: UnifiedUser, filter: UserFilter): boolean {
  if (filter.status !== undefined && user.status !== filter.status) return false;
  if (filter.email !== undefined && (user.email ?? '').toLowerCase() !== filter.email.toLowerCase()) return false;
  if (filter.role !== undefined) {
    const role = filter.role.toLowerCase();
    if (!user.permissions.some((p) => p.role.toLowerCase() === role)) return false;
  }
  if (filter.query !== undefined) {
    const q = filter.query.toLowerCase();
    const fields = [user.email, user.username, user.firstName, user.lastName, user.displayName];
    if (!fields.some((f) => f?.toLowerCase().includes(q))) return false;
  }
  const { scope, levelAtLeast, expiresBefore } = filter;
  if (scope !== undefined && !user.permissions.some((p) => p.scope.kind === scope.kind && (scope.id == null || p.scope.id === scope.id))) return false;
  if (levelAtLeast !== undefined && !user.permissions.some((p) => LEVEL_RANK[p.level] >= LEVEL_RANK[levelAtLeast])) return false;
  if (expiresBefore !== undefined && !user.permissions.some((p) => p.expiresAt !== null && p.expiresAt < expiresBefore)) return false;
  return true;
}

/** Permission levels from least to most. */
export const LEVEL_RANK: Readonly<Record<PermissionLevel, number>> = { NONE: 0, VIEW: 1, OPERATE: 2, EDIT: 3, ADMIN: 4, OWNER: 5 };

export function isEmptyFilter(filter: UserFilter): boolean {
  return (
    filter.query === undefined &&
    filter.email === undefined &&
    filter.status === undefined &&
    filter.role === undefined &&
    filter.scope === undefined &&
    filter.levelAtLeast === undefined &&
    filter.expiresBefore === undefined
  );
}
