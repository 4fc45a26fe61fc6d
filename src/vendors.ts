/**
 * What every vendor adapter shares: the vendor names and the operations a source may support.
 * A source declares its capabilities once; an operation outside them fails for that source with
 * UNSUPPORTED_BY_SOURCE and no upstream call (PRODUCT.md section 2).
 */
export const VENDOR_NAMES = ['dqops', 'waldur', 'rockset'] as const;
export type Vendor = (typeof VENDOR_NAMES)[number];

export const CAPABILITIES = [
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
  'NOTIFICATION_PREFERENCES',
] as const;
export type Capability = (typeof CAPABILITIES)[number];
