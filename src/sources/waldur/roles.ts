import type { RoleDefinition } from '../model.js';

/**
 * Waldur's system roles of customers and projects (contracts/waldur README "Request bodies": the
 * six role names; a role of another scope type is refused with "Role is not valid for this
 * scope."). `staff` and `support` are user flags (`updateUser` with `waldur.isStaff`), not roles
 * to grant, so they are not here; they still show as SYSTEM permissions.
 */
export const WALDUR_ROLES: readonly RoleDefinition[] = [
  {
    name: 'CUSTOMER.OWNER',
    level: 'OWNER',
    scopeKinds: ['CUSTOMER'],
    description: 'Owns the organization: everything in it, its members and projects included.',
  },
  { name: 'CUSTOMER.MANAGER', level: 'ADMIN', scopeKinds: ['CUSTOMER'], description: "Manages the organization's projects and their members." },
  { name: 'CUSTOMER.SUPPORT', level: 'VIEW', scopeKinds: ['CUSTOMER'], description: 'Reads everything in the organization, to help its users.' },
  { name: 'PROJECT.ADMIN', level: 'ADMIN', scopeKinds: ['PROJECT'], description: 'Administers the project: its resources and its members.' },
  { name: 'PROJECT.MANAGER', level: 'ADMIN', scopeKinds: ['PROJECT'], description: "Manages the project's members and orders resources." },
  { name: 'PROJECT.MEMBER', level: 'OPERATE', scopeKinds: ['PROJECT'], description: "Uses the project's resources." },
];
