import type { Capability } from '../source.js';

/**
 * DQOps instance API (contracts/dqops): four paths. There is no "who am I" endpoint, so no
 * CURRENT_USER; `PUT /api/mypassword` still changes the caller's own password.
 */
export const DQOPS_CAPABILITIES: readonly Capability[] = [
  'LIST_USERS',
  'GET_USER',
  'GET_USER_BY_EMAIL',
  'CREATE_USER',
  'UPDATE_USER',
  'DELETE_USER',
  'GRANT_ROLE',
  'REVOKE_ROLE',
  'CHANGE_PASSWORD',
  'CHANGE_MY_PASSWORD',
];
