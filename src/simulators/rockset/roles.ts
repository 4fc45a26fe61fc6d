/**
 * Rockset's built-in roles and the user-management privileges they carry.
 *
 * The privilege names are Rockset's own (`Privilege.ActionEnum` in `@rockset/client@0.9.2`
 * `dist/codegen/api.js`): INVITE_USER_GLOBAL, DELETE_USER_GLOBAL, LIST_USERS_GLOBAL,
 * GET_CURRENT_USER_GLOBAL, GRANT_REVOKE_ROLE_GLOBAL. Which built-in role holds which is not in
 * the contract; this follows Rockset's role documentation as we understand it: only `admin`
 * manages users, `member` and `read-only` may see them. Unverified against a live server.
 */
export const BUILT_IN_ROLES = ['admin', 'member', 'read-only'] as const;

export type Privilege = 'LIST_USERS_GLOBAL' | 'GET_CURRENT_USER_GLOBAL' | 'INVITE_USER_GLOBAL' | 'DELETE_USER_GLOBAL' | 'GRANT_REVOKE_ROLE_GLOBAL';

const READ: readonly Privilege[] = ['LIST_USERS_GLOBAL', 'GET_CURRENT_USER_GLOBAL'];

// A Map, not an object literal: a role called "constructor" must not find Object.prototype's.
const PRIVILEGES: ReadonlyMap<string, readonly Privilege[]> = new Map([
  ['admin', [...READ, 'INVITE_USER_GLOBAL', 'DELETE_USER_GLOBAL', 'GRANT_REVOKE_ROLE_GLOBAL']],
  ['member', READ],
  ['read-only', READ],
]);

/** Whether any of the roles grants the privilege; custom roles grant none here. */
export function rolesGrant(roles: readonly string[], privilege: Privilege): boolean {
  return roles.some((role) => PRIVILEGES.get(role)?.includes(privilege) ?? false);
}
