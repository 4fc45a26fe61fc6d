import type { Capability } from '../source.js';

/** Waldur 7.9 `/api/users/` plus customer/project role actions (contracts/waldur): every operation but Rockset's preferences. */
export const WALDUR_CAPABILITIES: readonly Capability[] = [
  'LIST_USERS',
  'GET_USER',
  'GET_USER_BY_EMAIL',
  'CURRENT_USER',
  'CREATE_USER',
  'UPDATE_USER',
  'DELETE_USER',
  'GRANT_ROLE',
  'REVOKE_ROLE',
  'CHANGE_PASSWORD',
  'CHANGE_MY_PASSWORD',
  'EMAIL_CHANGE',
  'READ_USER_TOKEN',
  'REFRESH_USER_TOKEN',
  'SYNC_REMOTE_USER',
];
