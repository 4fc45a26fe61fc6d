import { normalizeUuid } from './identifiers.js';

export type ScopeType = 'customer' | 'project';

/** A Waldur system role (`waldur_core.permissions.models.Role` with is_system_role). */
export interface WaldurRole {
  name: string;
  uuid: string;
  /** The model the role applies to (`role.content_type`). */
  scopeType: ScopeType;
  description: string;
  /** Whether holding the role lets a user grant, update and revoke roles in its scope. */
  managesRoles: boolean;
}

// The six system roles the gateway maps (contracts/waldur README, `UserRoleCreateRequest.role`).
// Waldur creates them in a data migration with random UUIDs; fixed ones keep the simulator
// deterministic. The descriptions are our best reading of Waldur's UI labels, not copied
// from a running server (unsure).
// Role management: the default permission sets give CUSTOMER.OWNER the customer's
// CREATE/UPDATE/DELETE_*_PERMISSION (which also covers its projects, see permissions.ts)
// and PROJECT.MANAGER the project ones; the other roles grant none of them.
const SYSTEM_ROLES: readonly WaldurRole[] = [
  { name: 'CUSTOMER.OWNER', uuid: 'a5e8d5d1c6a04b0d9a1f1f0c5d3b2e01', scopeType: 'customer', description: 'Organization owner', managesRoles: true },
  { name: 'CUSTOMER.MANAGER', uuid: 'b2c1f3e4a5d64c7e8f9a0b1c2d3e4f02', scopeType: 'customer', description: 'Service provider manager', managesRoles: false },
  { name: 'CUSTOMER.SUPPORT', uuid: 'c3d2e4f5a6b74d8e9fa0b1c2d3e4f503', scopeType: 'customer', description: 'Organization support', managesRoles: false },
  { name: 'PROJECT.ADMIN', uuid: 'd4e3f5a6b7c84e9fa0b1c2d3e4f5a604', scopeType: 'project', description: 'Project administrator', managesRoles: false },
  { name: 'PROJECT.MANAGER', uuid: 'e5f4a6b7c8d94fa0b1c2d3e4f5a6b705', scopeType: 'project', description: 'Project manager', managesRoles: true },
  { name: 'PROJECT.MEMBER', uuid: 'f6a5b7c8d9e04ab1c2d3e4f5a6b7c806', scopeType: 'project', description: 'Project member', managesRoles: false },
];

/** `UserRoleMutateSerializer.validate_role`: a UUID-like value is a role UUID, anything else a name. */
export function findRole(value: string): WaldurRole | undefined {
  const uuid = normalizeUuid(value);
  if (uuid !== undefined) return SYSTEM_ROLES.find((r) => r.uuid === uuid);
  return SYSTEM_ROLES.find((r) => r.name === value);
}

export function roleByName(name: string): WaldurRole | undefined {
  return SYSTEM_ROLES.find((r) => r.name === name);
}
