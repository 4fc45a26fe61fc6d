import { UpstreamError } from '../../errors.js';
import type { NotificationPreference, Permission, PermissionLevel, RocksetUserDetails, UnifiedUser, UserStatus } from '../model.js';
import { parseRocksetTimestamp } from './timestamp.js';
import type { RocksetUnsubscribePreference, RocksetUser } from './wire.js';

/**
 * Rockset wire → unified model: pure functions, no I/O, no clock (PRODUCT.md section 2; the
 * Rockset rules of the adapter brief). The only failure is a `created_at` that is not an ISO-8601
 * date, which is UPSTREAM_BAD_RESPONSE naming the source and the field, not the value.
 */

/**
 * The built-in roles' levels (contracts/rockset README: the `roles` example names `admin`,
 * `member` and `read-only`). Names are matched exactly, as Rockset sends them. Any other name is
 * a custom role (`/v1/orgs/self/roles`), whose privileges the user API does not show: it is kept
 * as a permission at level NONE rather than guessed at or dropped.
 * A Map, so that a role called `constructor` cannot find Object.prototype's.
 */
export const ROCKSET_ROLE_LEVELS: ReadonlyMap<string, PermissionLevel> = new Map<string, PermissionLevel>([
  ['admin', 'ADMIN'],
  ['member', 'EDIT'],
  ['read-only', 'VIEW'],
]);

/** A role's normalized level; NONE for a custom or unknown role. */
export function toPermissionLevel(role: string): PermissionLevel {
  return ROCKSET_ROLE_LEVELS.get(role) ?? 'NONE';
}

/**
 * One permission per role, in the order sent, each over the whole organization (Rockset's
 * `/orgs/self`; the API names no org id). Rockset says nothing of who granted a role or when.
 */
export function toPermissions(roles: readonly string[], sourceName: string): Permission[] {
  return roles.map((role) => ({
    role,
    level: toPermissionLevel(role),
    scope: { kind: 'ORGANIZATION', id: null, name: null },
    expiresAt: null,
    grantedAt: null,
    grantedBy: null,
    source: sourceName,
  }));
}

/**
 * `state` "NEW / ACTIVE" is a free string: NEW (invited, has not signed in yet) is INVITED;
 * ACTIVE, a missing state and any state we do not know are ACTIVE. Rockset has no disabled
 * users: removing a user deletes it. The raw state stays in `details.state`.
 */
export function toUserStatus(state: string | null | undefined): UserStatus {
  return state === 'NEW' ? 'INVITED' : 'ACTIVE';
}

/** `created_at` as a Date; null when absent; UPSTREAM_BAD_RESPONSE when it is not an ISO-8601 date. */
export function toCreatedAt(raw: string | null | undefined, sourceName: string): Date | null {
  if (raw === null || raw === undefined) return null;
  const date = parseRocksetTimestamp(raw);
  if (date) return date;
  throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${sourceName}" sent a User whose created_at is not an ISO-8601 date`, {
    source: sourceName,
    retryable: false,
  });
}

/** First and last name joined by a space when either is non-blank, else the email (PRODUCT.md section 2). */
export function toDisplayName(firstName: string | null, lastName: string | null, email: string): string {
  const names = [firstName, lastName].map((n) => n?.trim() ?? '').filter((n) => n !== '');
  return names.length > 0 ? names.join(' ') : email;
}

/**
 * A Rockset `User` as a unified user. The native id is the email exactly as Rockset spells it
 * (`Grace@Example.com`): it is the `{user}` path key, and Rockset keeps the case it was given.
 * Rockset has no usernames. A NEW user usually comes without names (the go client: names "aren't
 * visible for privacy reasons, until the user has accepted the invite"), so its display name is
 * its email.
 */
export function toUser(wire: RocksetUser, sourceName: string): UnifiedUser {
  const firstName = wire.first_name ?? null;
  const lastName = wire.last_name ?? null;
  const roles = wire.roles ?? [];
  const details: RocksetUserDetails = {
    vendor: 'rockset',
    state: wire.state ?? null,
    roles: [...roles],
    createdAt: wire.created_at ?? null,
    firstName,
    lastName,
  };
  return {
    source: sourceName,
    nativeId: wire.email,
    email: wire.email,
    username: null,
    firstName,
    lastName,
    displayName: toDisplayName(firstName, lastName, wire.email),
    status: toUserStatus(wire.state),
    createdAt: toCreatedAt(wire.created_at, sourceName),
    permissions: toPermissions(roles, sourceName),
    details,
  };
}

/** The preferences as the model has them; fields other than `notificationType` are dropped. */
export function toNotificationPreferences(wire: readonly RocksetUnsubscribePreference[]): NotificationPreference[] {
  return wire.map((p) => ({ notificationType: p.notificationType }));
}
