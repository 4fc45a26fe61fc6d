import type { Capability } from '../source.js';

/** Rockset `/v1/orgs/self/users` (contracts/rockset): no passwords, tokens or email changes in its API. */
export const ROCKSET_CAPABILITIES: readonly Capability[] = [
  'LIST_USERS',
  'GET_USER',
  'GET_USER_BY_EMAIL',
  'CURRENT_USER',
  'CREATE_USER',
  'UPDATE_USER',
  'DELETE_USER',
  'GRANT_ROLE',
  'REVOKE_ROLE',
  'NOTIFICATION_PREFERENCES',
];
