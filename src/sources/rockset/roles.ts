import type { RoleDefinition } from '../model.js';

/**
 * Rockset's built-in roles (contracts/rockset README: the `roles` example names `admin`, `member`
 * and `read-only`), each over the whole organization. Custom roles (`/v1/orgs/self/roles`) exist,
 * but the user API does not show their privileges; they read as level NONE and are not offered.
 */
export const ROCKSET_ROLES: readonly RoleDefinition[] = [
  { name: 'admin', level: 'ADMIN', scopeKinds: ['ORGANIZATION'], description: 'Manages the organization: users, API keys, integrations and every collection.' },
  { name: 'member', level: 'EDIT', scopeKinds: ['ORGANIZATION'], description: 'Creates and changes collections, workspaces and query lambdas.' },
  { name: 'read-only', level: 'VIEW', scopeKinds: ['ORGANIZATION'], description: 'Runs queries and reads collections; changes nothing.' },
];
