import type { ChangePlan } from '../kit/read-modify-write.js';
import type { DqopsDataDomainRole, RoleGrant, UserChanges, UserErrorInfo } from '../model.js';
import { accountRoleOf, toDomainMap } from './input-rules.js';
import { DQOPS_NO_ROLE } from './mapping.js';
import type { DqopsUserRolesModel, DqopsUserRolesWrite } from './wire.js';

/**
 * The read-modify-write step of DQOps role changes, as pure functions: from the user just read
 * with `GET /api/users/{email}` and a checked input, the full model to `PUT` (the PUT replaces the
 * whole model: contracts/dqops README), nothing to do, or a refusal that needed the user's state.
 */
export type RolePlan = ChangePlan<DqopsUserRolesWrite>;

/**
 * The user as a write model. `email` is the native id the user was read by, so the body's email
 * equals the path's exactly (the controller answers 406 otherwise). A null role is `none`.
 */
export function currentModel(email: string, wire: DqopsUserRolesModel): DqopsUserRolesWrite {
  const dataDomainRoles: Record<string, string> = {};
  for (const [domain, role] of Object.entries(wire.dataDomainRoles ?? {})) dataDomainRoles[domain] = role ?? DQOPS_NO_ROLE;
  return { email, accountRole: wire.accountRole ?? DQOPS_NO_ROLE, dataDomainRoles };
}

/**
 * updateUser: `roles` sets the account role, `dataDomainRoles` replaces every domain role. A domain
 * the instance does not list is refused: DQOps fills every local domain into the read model
 * (README), and what the real server does with an unknown one is not documented (the simulator
 * drops it silently, so the write would seem to succeed).
 */
export function planChanges(email: string, wire: DqopsUserRolesModel, changes: UserChanges): RolePlan {
  const current = currentModel(email, wire);
  const next: DqopsUserRolesWrite = { ...current, accountRole: accountRoleOf(changes.roles) ?? current.accountRole };
  if (changes.dataDomainRoles !== undefined && changes.dataDomainRoles !== null) {
    const unknown = unknownDomains(current, changes.dataDomainRoles);
    if (unknown.length > 0) {
      return refuse(
        ['dataDomainRoles'],
        'INVALID',
        `this DQOps instance has no data domain ${unknown.map((d) => JSON.stringify(d)).join(', ')} (it has ${knownDomains(current)})`,
      );
    }
    next.dataDomainRoles = toDomainMap(changes.dataDomainRoles);
  }
  return sameRoles(current, next) ? { kind: 'unchanged' } : { kind: 'write', model: next };
}

/** grantRole (checked with checkRoleGrant): the account role, or one domain's role, becomes `grant.role`. */
export function planGrant(email: string, wire: DqopsUserRolesModel, grant: RoleGrant): RolePlan {
  const current = currentModel(email, wire);
  if (grant.scope.kind === 'ACCOUNT') {
    return current.accountRole === grant.role ? { kind: 'unchanged' } : { kind: 'write', model: { ...current, accountRole: grant.role } };
  }
  const domain = grant.scope.id ?? '';
  if (!Object.hasOwn(current.dataDomainRoles, domain)) {
    return refuse(['scope', 'id'], 'INVALID', `this DQOps instance has no data domain ${JSON.stringify(domain)} (it has ${knownDomains(current)})`);
  }
  if (current.dataDomainRoles[domain] === grant.role) return { kind: 'unchanged' };
  return { kind: 'write', model: { ...current, dataDomainRoles: { ...current.dataDomainRoles, [domain]: grant.role } } };
}

/**
 * revokeRole (checked with checkRoleGrant): only the role the user holds in that scope can be
 * revoked. The account role becomes `none`; a domain role is left out of the PUT (DQOps drops
 * `none` entries on write, so the other domains' `none` entries may stay in).
 */
export function planRevoke(email: string, wire: DqopsUserRolesModel, grant: RoleGrant): RolePlan {
  const current = currentModel(email, wire);
  if (grant.scope.kind === 'ACCOUNT') {
    if (current.accountRole !== grant.role) {
      return refuse(
        ['role'],
        'NOT_ALLOWED',
        `the user's account role is ${JSON.stringify(current.accountRole)}, not ${JSON.stringify(grant.role)}: nothing to revoke`,
      );
    }
    return { kind: 'write', model: { ...current, accountRole: DQOPS_NO_ROLE } };
  }
  const domain = grant.scope.id ?? '';
  const held = (Object.hasOwn(current.dataDomainRoles, domain) ? current.dataDomainRoles[domain] : undefined) ?? DQOPS_NO_ROLE;
  if (held !== grant.role) {
    return refuse(
      ['role'],
      'NOT_ALLOWED',
      `the user's role in data domain ${JSON.stringify(domain)} is ${JSON.stringify(held)}, not ${JSON.stringify(grant.role)}: nothing to revoke`,
    );
  }
  const dataDomainRoles = { ...current.dataDomainRoles };
  delete dataDomainRoles[domain];
  return { kind: 'write', model: { ...current, dataDomainRoles } };
}

/** Same account role and the same real (not `none`) domain roles. */
function sameRoles(a: DqopsUserRolesWrite, b: DqopsUserRolesWrite): boolean {
  const real = (m: DqopsUserRolesWrite) =>
    Object.entries(m.dataDomainRoles)
      .filter(([, role]) => role !== DQOPS_NO_ROLE)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return a.accountRole === b.accountRole && JSON.stringify(real(a)) === JSON.stringify(real(b));
}

function unknownDomains(current: DqopsUserRolesWrite, roles: readonly DqopsDataDomainRole[]): string[] {
  return roles.map((r) => r.domain).filter((domain) => !Object.hasOwn(current.dataDomainRoles, domain));
}

function knownDomains(current: DqopsUserRolesWrite): string {
  const domains = Object.keys(current.dataDomainRoles);
  return domains.length === 0 ? 'none listed' : domains.map((d) => JSON.stringify(d)).join(', ');
}

function refuse(field: string[], code: UserErrorInfo['code'], message: string): RolePlan {
  return { kind: 'refused', userErrors: [{ field, code, message }] };
}
