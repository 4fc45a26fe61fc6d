import { UpstreamError } from '../../errors.js';
import type { NewUser, RoleGrant, UserChanges, UserErrorInfo, WriteResult } from '../model.js';

/**
 * What Rockset accepts, checked before any call: pure functions that answer the userErrors of an
 * input (empty when it may be sent). Only Rockset's own rules are here; the gateway has already
 * checked emails, name lengths and dates (issue 4). Which role names exist is the org's business
 * (custom roles, `/v1/orgs/self/roles`), so an unknown name is left to Rockset to refuse.
 */

/**
 * Native ids that cannot name a Rockset user and would change which route `/users/{user}` hits:
 * `self` is the current-user route (contracts/rockset README: the two overlap), and empty or dot
 * segments are not a user either. Encoding `self` (`%73elf`) would not help, since a server may
 * decode before it routes. Every user's key is an email, so none of these is a user. Matched
 * case-insensitively: no email is `SELF` either.
 */
export const NOT_A_USER_KEY: ReadonlySet<string> = new Set(['', '.', '..', 'self']);

/** Whether a native id can name a user at all (see NOT_A_USER_KEY). */
export function isUserKey(nativeId: string): boolean {
  return !NOT_A_USER_KEY.has(nativeId.toLowerCase());
}

/** The NOT_FOUND a write throws, before any call, for a native id that cannot be a user. */
export function assertUserKey(source: string, nativeId: string): void {
  if (isUserKey(nativeId)) return;
  throw new UpstreamError('NOT_FOUND', `source "${source}" has no user with native id ${JSON.stringify(nativeId)}`, { source, retryable: false });
}

/** createUser: `roles` required and non-empty (CreateUserRequest marks it required); no usernames or other vendors' fields. */
export function checkNewUser(user: NewUser): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  if (user.username !== undefined) errors.push(notAllowed(['username'], 'Rockset users have no username; leave username out'));
  errors.push(...checkForeignFields(user));
  if (user.roles === undefined || user.roles.length === 0) {
    errors.push({
      field: ['roles'],
      code: 'REQUIRED',
      message: 'a new Rockset user needs at least one role (CreateUserRequest.roles is required), but got none',
    });
  } else {
    errors.push(...checkRoleNames(user.roles));
  }
  return errors;
}

/** updateUser: `roles`, when given, replaces the whole list and so cannot be empty. */
export function checkUserChanges(changes: UserChanges): UserErrorInfo[] {
  const errors = checkForeignFields(changes);
  if (changes.roles !== undefined) {
    if (changes.roles.length === 0) {
      errors.push({
        field: ['roles'],
        code: 'INVALID',
        message: 'roles replaces every role, and a Rockset user keeps at least one: name one or more, or leave roles out',
      });
    } else {
      errors.push(...checkRoleNames(changes.roles));
    }
  }
  return errors;
}

/**
 * grantRole/revokeRole: Rockset roles are organization-wide (`/orgs/self`, no org id) and never
 * expire. `expiresAt: null` means "never", which is what Rockset gives anyway, so only a date is
 * refused.
 */
export function checkRoleGrant(grant: RoleGrant): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  if (grant.role.trim() === '') errors.push({ field: ['role'], code: 'INVALID', message: 'role must be a Rockset role name, but got an empty string' });
  if (grant.scope.kind !== 'ORGANIZATION') {
    errors.push({
      field: ['scope', 'kind'],
      code: 'INVALID',
      message: `Rockset roles are organization-wide: scope.kind must be ORGANIZATION, but got: ${grant.scope.kind}`,
    });
  }
  if (grant.scope.id !== null && grant.scope.id !== undefined) {
    errors.push({
      field: ['scope', 'id'],
      code: 'INVALID',
      message: `Rockset names no organization id: scope.id must be null, but got: ${JSON.stringify(grant.scope.id.slice(0, 100))}`,
    });
  }
  if (grant.expiresAt !== undefined && grant.expiresAt !== null) {
    errors.push(notAllowed(['expiresAt'], 'Rockset roles do not expire; leave expiresAt out'));
  }
  return errors;
}

/** setNotificationPreferences: each type a non-blank name (UnsubscribePreference.notificationType is required). */
export function checkNotificationTypes(types: readonly string[]): UserErrorInfo[] {
  const blank = types.findIndex((t) => t.trim() === '');
  if (blank < 0) return [];
  return [{ field: ['notificationTypes'], code: 'INVALID', message: `notificationTypes must hold notification type names, but entry ${blank} is empty` }];
}

/** A write refused for the input's sake, before any call. */
export function refused<T>(userErrors: UserErrorInfo[]): WriteResult<T> {
  return { ok: false, userErrors };
}

/** The list without repeats, first occurrence kept (Rockset stores each role and type once). */
export function uniqueInOrder(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function checkRoleNames(roles: readonly string[]): UserErrorInfo[] {
  const blank = roles.findIndex((r) => r.trim() === '');
  if (blank < 0) return [];
  return [{ field: ['roles'], code: 'INVALID', message: `roles must hold Rockset role names, but entry ${blank} is empty` }];
}

/** DQOps's data-domain roles and Waldur's fields have no place in a Rockset user. */
function checkForeignFields(input: NewUser | UserChanges): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  if (input.dataDomainRoles !== undefined) errors.push(notAllowed(['dataDomainRoles'], 'Rockset has no data domains; leave dataDomainRoles out'));
  if (input.waldur !== undefined) errors.push(notAllowed(['waldur'], 'waldur fields do not apply to a Rockset user; leave waldur out'));
  return errors;
}

function notAllowed(field: string[], message: string): UserErrorInfo {
  return { field, code: 'NOT_ALLOWED', message };
}
