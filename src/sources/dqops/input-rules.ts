import type { DqopsDataDomainRole, NewUser, RoleGrant, UserChanges, UserErrorInfo } from '../model.js';
import { DQOPS_NO_ROLE } from './mapping.js';

/**
 * DQOps' own rules on write input, checked before any call (contracts/dqops README): pure
 * functions, each returning every userError it finds (none means the input may be sent).
 */

/** `DqoUserRole`, exactly as DQOps spells it (lower case). */
export const DQOPS_ROLE_NAMES: readonly string[] = ['admin', 'editor', 'operator', 'viewer', DQOPS_NO_ROLE];
/** The roles that grant something: `none` is the absence of a role. */
export const DQOPS_GRANTABLE_ROLES: readonly string[] = ['admin', 'editor', 'operator', 'viewer'];

/** A new user: no names (DQOps keeps none), at most one account role, valid data domain roles. */
export function checkNewUser(user: NewUser): UserErrorInfo[] {
  // The gateway checks emails; an empty one would address `/api/users/` (the list) on the pre-check.
  const email: UserErrorInfo[] = user.email === '' ? [{ field: ['email'], code: 'REQUIRED', message: "a DQOps user needs an email: it is the user's id" }] : [];
  return [
    ...email,
    ...checkNoNames(user, ['username', 'firstName', 'lastName']),
    ...checkAccountRoles(user.roles),
    ...checkDataDomainRoles(user.dataDomainRoles),
  ];
}

/** Changes to a user: only the account role and the data domain roles exist on DQOps. */
export function checkChanges(changes: UserChanges): UserErrorInfo[] {
  return [...checkNoNames(changes, ['firstName', 'lastName']), ...checkAccountRoles(changes.roles), ...checkDataDomainRoles(changes.dataDomainRoles)];
}

/**
 * A grant or revoke: the ACCOUNT scope (no id) or one DATA_DOMAIN (its name as the id), a role
 * that grants something, and no expiry (DQOps roles do not expire; a null expiry, "never", is
 * what DQOps does anyway and is accepted).
 */
export function checkRoleGrant(grant: RoleGrant, operation: 'grant' | 'revoke'): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  const { kind, id } = grant.scope;
  if (kind === 'ACCOUNT') {
    if (id !== null && id !== undefined)
      errors.push({
        field: ['scope', 'id'],
        code: 'INVALID',
        message: `must be null for the ACCOUNT scope (a DQOps user has one account role), but got: ${quote(id)}`,
      });
  } else if (kind === 'DATA_DOMAIN') {
    if (id === null || id === undefined || id === '')
      errors.push({ field: ['scope', 'id'], code: 'REQUIRED', message: 'the DATA_DOMAIN scope needs the data domain name as its id, e.g. "(default)"' });
  } else {
    errors.push({ field: ['scope', 'kind'], code: 'INVALID', message: `DQOps roles are in the ACCOUNT or DATA_DOMAIN scope, but got: ${kind}` });
  }
  if (grant.role === DQOPS_NO_ROLE) {
    const why = operation === 'grant' ? 'granting it takes access away: use revokeRole' : 'it is no role and cannot be revoked';
    errors.push({ field: ['role'], code: 'INVALID', message: `"${DQOPS_NO_ROLE}" is DQOps' absence of a role; ${why}` });
  } else if (!DQOPS_GRANTABLE_ROLES.includes(grant.role)) {
    errors.push({ field: ['role'], code: 'INVALID', message: `must be one of ${DQOPS_GRANTABLE_ROLES.join(', ')}, but got: ${quote(grant.role)}` });
  }
  if (grant.expiresAt !== undefined && grant.expiresAt !== null) {
    errors.push({ field: ['expiresAt'], code: 'NOT_ALLOWED', message: 'DQOps roles do not expire; leave expiresAt out' });
  }
  return errors;
}

/**
 * The account role a checked `roles` list asks for: absent or empty is `none` (never invent a
 * privilege), otherwise its one entry. Undefined when `roles` is absent and nothing should change.
 */
export function accountRoleOf(roles: readonly string[] | null | undefined): string | undefined {
  if (roles === undefined || roles === null) return undefined;
  return roles[0] ?? DQOPS_NO_ROLE;
}

/** A checked data domain list as DQOps' `dataDomainRoles` map. */
export function toDomainMap(roles: readonly DqopsDataDomainRole[]): Record<string, string> {
  return Object.fromEntries(roles.map(({ domain, role }) => [domain, role]));
}

function checkNoNames<T extends object>(input: T, fields: readonly (keyof T & string)[]): UserErrorInfo[] {
  const errors: UserErrorInfo[] = [];
  for (const field of fields) {
    // A null name asks for no name, which is what DQOps has: only a value is refused.
    if (input[field] !== undefined && input[field] !== null) {
      errors.push({
        field: [field],
        code: 'NOT_ALLOWED',
        message: `DQOps keeps no names: a DQOps user has only an email and roles, so ${field} cannot be set`,
      });
    }
  }
  // Only a waldur field with a value is refused: `waldur: {}` (or all nulls) asks for nothing.
  const waldur = (input as { waldur?: Record<string, unknown> | null }).waldur;
  if (waldur !== undefined && waldur !== null && Object.values(waldur).some((v) => v !== undefined && v !== null)) {
    errors.push({ field: ['waldur'], code: 'NOT_ALLOWED', message: 'waldur fields are for Waldur sources; a DQOps user has none of them' });
  }
  return errors;
}

function checkAccountRoles(roles: readonly string[] | null | undefined): UserErrorInfo[] {
  if (roles === undefined || roles === null) return [];
  if (roles.length > 1) {
    return [
      { field: ['roles'], code: 'INVALID', message: `a DQOps user has exactly one account role, but got ${roles.length}: ${roles.map(quote).join(', ')}` },
    ];
  }
  const role = roles[0];
  if (role !== undefined && !DQOPS_ROLE_NAMES.includes(role)) {
    return [{ field: ['roles'], code: 'INVALID', message: `the account role must be one of ${DQOPS_ROLE_NAMES.join(', ')}, but got: ${quote(role)}` }];
  }
  return [];
}

function checkDataDomainRoles(roles: readonly DqopsDataDomainRole[] | null | undefined): UserErrorInfo[] {
  if (roles === undefined || roles === null) return [];
  const errors: UserErrorInfo[] = [];
  const seen = new Set<string>();
  const field = ['dataDomainRoles'];
  for (const { domain, role } of roles) {
    if (domain === '') errors.push({ field, code: 'INVALID', message: 'a data domain name must not be empty (the root domain is "(default)")' });
    else if (seen.has(domain)) errors.push({ field, code: 'INVALID', message: `data domain ${quote(domain)} is named more than once` });
    seen.add(domain);
    if (!DQOPS_ROLE_NAMES.includes(role)) {
      errors.push({
        field,
        code: 'INVALID',
        message: `the role in data domain ${quote(domain)} must be one of ${DQOPS_ROLE_NAMES.join(', ')}, but got: ${quote(role)}`,
      });
    }
  }
  return errors;
}

/** A role or domain name for a message: JSON-quoted, and cut short (they are not secrets, just input). */
function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
