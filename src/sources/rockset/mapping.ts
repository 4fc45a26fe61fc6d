import { UpstreamError } from '../../errors.js';
import { parseIsoInstant } from '../kit/iso-instant.js';
import type {
  NewUser,
  NotificationPreference,
  Permission,
  PermissionLevel,
  RocksetUserDetails,
  UnifiedUser,
  UserChanges,
  UserErrorInfo,
  UserStatus,
} from '../model.js';
import { ROCKSET_ROLES } from './roles.js';
import type { RocksetCreateUserRequest, RocksetUnsubscribePreference, RocksetUpdateUserRequest, RocksetUser } from './wire.js';

/**
 * Rockset wire → unified model, and the write inputs → wire requests: pure functions, no I/O, no
 * clock (PRODUCT.md section 2; the Rockset rules of the adapter brief). The only failure is a
 * `created_at` that is not an ISO-8601 date, which is UPSTREAM_BAD_RESPONSE naming the source
 * and the field, not the value.
 */

/**
 * The built-in roles' levels (contracts/rockset README: the `roles` example names `admin`,
 * `member` and `read-only`). Names are matched exactly, as Rockset sends them. Any other name is
 * a custom role (`/v1/orgs/self/roles`), whose privileges the user API does not show: it is kept
 * as a permission at level NONE rather than guessed at or dropped.
 * A Map, so that a role called `constructor` cannot find Object.prototype's.
 */
export const ROCKSET_ROLE_LEVELS: ReadonlyMap<string, PermissionLevel> = new Map(ROCKSET_ROLES.map((r) => [r.name, r.level]));

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
  // "ISO-8601 date." with no declared format (contracts/rockset README "Models"): a bare date is allowed.
  const ms = parseIsoInstant(raw, { allowDate: true });
  if (ms !== undefined) return new Date(ms);
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

/** A new user as `CreateUserRequest`; `roles` as given (the caller has checked it is non-empty). */
export function toCreateUserRequest(user: NewUser, roles: string[]): RocksetCreateUserRequest {
  return {
    email: user.email,
    roles,
    ...(user.firstName !== undefined && { first_name: user.firstName }),
    ...(user.lastName !== undefined && { last_name: user.lastName }),
  };
}

/** Changes as `UpdateUserRequest`: absent fields stay absent, so Rockset leaves them as they are. */
export function toUpdateUserRequest(changes: UserChanges, roles: string[] | undefined): RocksetUpdateUserRequest {
  return {
    ...(changes.firstName !== undefined && { first_name: changes.firstName }),
    ...(changes.lastName !== undefined && { last_name: changes.lastName }),
    ...(roles !== undefined && { roles }),
  };
}

/**
 * A 400 INVALIDINPUT as a userError (UPSTREAM_REJECTED). `fields` maps the wire names the
 * operation sends to input paths; the field is the one of those the message names first, else
 * null. Unsure: the message format is the simulator's (`Invalid input: roles names an unknown
 * role "x".`); the contract shows no real Rockset validation message, so this only looks for a
 * field name anywhere in it. The message itself is passed on (capped): Rockset's validation
 * messages name a field and at most the value sent for it, and no Rockset write carries a secret.
 */
export function toRejectionError(message: string | null, fields: ReadonlyMap<string, string[]>, sourceName: string): UserErrorInfo {
  let field: string[] | null = null;
  let at = Infinity;
  for (const [wire, path] of fields) {
    const found = message === null ? -1 : message.search(new RegExp(`(?<![\\w.@-])${wire}(?![\\w@-])`));
    if (found >= 0 && found < at) [field, at] = [path, found];
  }
  const text = message?.trim() ? message.trim().slice(0, 300) : `source "${sourceName}" refused the input (HTTP 400 INVALIDINPUT)`;
  return { field, code: 'INVALID', message: text };
}
