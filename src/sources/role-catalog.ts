import type { Vendor } from '../vendors.js';
import { DQOPS_ROLES } from './dqops/roles.js';
import type { RoleDefinition, ScopeKind } from './model.js';
import { ROCKSET_ROLES } from './rockset/roles.js';
import { WALDUR_ROLES } from './waldur/roles.js';

/** The roles each vendor grants: the same tables that map its role names to levels. */
export const ROLE_CATALOG: Readonly<Record<Vendor, readonly RoleDefinition[]>> = {
  dqops: DQOPS_ROLES,
  waldur: WALDUR_ROLES,
  rockset: ROCKSET_ROLES,
};

/**
 * Why `role` cannot be granted on `scope` of a `vendor` source, in words that name the valid
 * choices; undefined when it can.
 */
export function roleRefusal(vendor: Vendor, role: string, scope: ScopeKind): { field: 'role' | 'scope'; message: string } | undefined {
  const roles = ROLE_CATALOG[vendor];
  const found = roles.find((r) => r.name === role);
  if (!found) {
    const near = roles.find((r) => r.name.toLowerCase() === role.toLowerCase());
    const hint = near ? ` (did you mean ${JSON.stringify(near.name)}? role names are exact)` : '';
    return { field: 'role', message: `is not a role this source grants${hint}; one of ${roles.map((r) => r.name).join(', ')} (Source.roles)` };
  }
  if (!found.scopeKinds.includes(scope)) return { field: 'scope', message: `${found.name} is granted on ${found.scopeKinds.join(' or ')}, not ${scope}` };
  return undefined;
}
