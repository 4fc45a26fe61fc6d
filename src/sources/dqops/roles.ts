import type { RoleDefinition } from '../model.js';

/**
 * `DqoUserRole` (contracts/dqops README: admin gets manage_account, edit, operate and view; editor
 * edit, operate and view; operator operate and view; viewer view). `none` is the absence of a
 * role, not one to grant: revoking sets it.
 */
export const DQOPS_ROLES: readonly RoleDefinition[] = [
  {
    name: 'admin',
    level: 'ADMIN',
    scopeKinds: ['ACCOUNT', 'DATA_DOMAIN'],
    description: 'Manages the account or domain and its users (manage_account, edit, operate, view).',
  },
  { name: 'editor', level: 'EDIT', scopeKinds: ['ACCOUNT', 'DATA_DOMAIN'], description: 'Changes connections, checks and schedules (edit, operate, view).' },
  {
    name: 'operator',
    level: 'OPERATE',
    scopeKinds: ['ACCOUNT', 'DATA_DOMAIN'],
    description: 'Runs checks and jobs; changes no configuration (operate, view).',
  },
  { name: 'viewer', level: 'VIEW', scopeKinds: ['ACCOUNT', 'DATA_DOMAIN'], description: 'Reads results and configuration (view).' },
];
