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
