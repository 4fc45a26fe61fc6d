import { UpstreamError } from '../../errors.js';
import type { DqopsDataDomainRole, DqopsUserDetails, Permission, PermissionLevel, UnifiedUser } from '../model.js';
import { DQOPS_ROLES } from './roles.js';
import type { DqopsUserRolesModel } from './wire.js';

/**
 * Pure functions from DQOps wire shapes to the unified model (PRODUCT.md section 2). No I/O, no
 * clock: DQOps sends no dates, so every date is null.
 */

/** DQOps' "no access" role: on an account or a domain it is not a permission (contracts/dqops README). */
export const DQOPS_NO_ROLE = 'none';

/**
 * `DqoUserRole` → level, by the authorities each role gets (contracts/dqops README: admin gets
 * manage_account, editor edit, operator operate, viewer view). Any other name is NONE.
 */
export const DQOPS_LEVELS: Readonly<Record<string, PermissionLevel>> = Object.fromEntries(DQOPS_ROLES.map((r) => [r.name, r.level]));

/** The level of a DQOps role name, exact as DQOps spells it (lower case); unknown names are NONE. */
export function toLevel(role: string): PermissionLevel {
  return (Object.hasOwn(DQOPS_LEVELS, role) ? DQOPS_LEVELS[role] : undefined) ?? 'NONE';
}

/**
 * One user. DQOps identifies users by email, so the email as sent is the native id; a user
 * without one cannot be addressed, and is UPSTREAM_BAD_RESPONSE. `where` names it in the message.
 */
export function toUser(wire: DqopsUserRolesModel, source: string, where = 'user'): UnifiedUser {
  const email = wire.email;
  if (email === undefined || email === null || email === '') {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${source}" sent a ${where} without an email, which DQOps uses as the user's id`, {
      source,
      retryable: false,
    });
  }
  return {
    source,
    nativeId: email,
    email,
    username: null,
    firstName: null,
    lastName: null,
    displayName: email,
    status: 'ACTIVE',
    createdAt: null,
    permissions: toPermissions(wire, source),
    details: toDetails(wire),
  };
}

/** Every user of a list, in the order sent; a user without an email is named by its index. */
export function toUsers(wires: readonly DqopsUserRolesModel[], source: string): UnifiedUser[] {
  return wires.map((wire, i) => toUser(wire, source, `user at [${i}]`));
}

/**
 * The account role (ACCOUNT scope), then each data domain role (DATA_DOMAIN scope, id and name
 * both the domain, `(default)` included) by domain. `none` and a missing role are left out.
 */
export function toPermissions(wire: DqopsUserRolesModel, source: string): Permission[] {
  const permissions: Permission[] = [];
  const accountRole = wire.accountRole;
  if (accountRole !== undefined && accountRole !== null && accountRole !== DQOPS_NO_ROLE) {
    permissions.push(permission(accountRole, { kind: 'ACCOUNT', id: null, name: null }, source));
  }
  for (const { domain, role } of toDataDomainRoles(wire)) {
    if (role === DQOPS_NO_ROLE) continue;
    permissions.push(permission(role, { kind: 'DATA_DOMAIN', id: domain, name: domain }, source));
  }
  return permissions;
}

/** Every field of `DqoUserRolesModel` but the email (which is on the user itself). */
export function toDetails(wire: DqopsUserRolesModel): DqopsUserDetails {
  return {
    vendor: 'dqops',
    accountRole: wire.accountRole ?? DQOPS_NO_ROLE,
    dataDomainRoles: toDataDomainRoles(wire),
  };
}

/**
 * The domain map as a list sorted by domain (UTF-16 code units, as Java's `compareTo` sorts),
 * `none` entries kept as sent. A null role grants nothing, like `none`, and is reported as `none`
 * (an assumption: DQOps' own server never sends one).
 */
export function toDataDomainRoles(wire: DqopsUserRolesModel): DqopsDataDomainRole[] {
  return Object.entries(wire.dataDomainRoles ?? {})
    .map(([domain, role]) => ({ domain, role: role ?? DQOPS_NO_ROLE }))
    .sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

function permission(role: string, scope: Permission['scope'], source: string): Permission {
  return { role, level: toLevel(role), scope, expiresAt: null, grantedAt: null, grantedBy: null, source };
}
