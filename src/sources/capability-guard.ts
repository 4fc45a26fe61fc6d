import { unsupportedBySource } from '../errors.js';
import type { Capability, ListAllAdapter, PagedAdapter, SourceAdapter, SourceReads, SourceWrites } from './source.js';

/** The operations a vendor may leave out; a listing it must have. */
type OptionalOperation = keyof SourceReads | keyof SourceWrites;
type Operation = OptionalOperation | 'listAllUsers' | 'listUsersPage';

/** Every operation of an adapter and the capability a source must declare for it: the one table. */
export const OPERATION_CAPABILITY = {
  listAllUsers: 'LIST_USERS',
  listUsersPage: 'LIST_USERS',
  getUser: 'GET_USER',
  findUsersByEmail: 'GET_USER_BY_EMAIL',
  currentUser: 'CURRENT_USER',
  userToken: 'READ_USER_TOKEN',
  notificationPreferences: 'NOTIFICATION_PREFERENCES',
  createUser: 'CREATE_USER',
  updateUser: 'UPDATE_USER',
  deleteUser: 'DELETE_USER',
  grantRole: 'GRANT_ROLE',
  revokeRole: 'REVOKE_ROLE',
  changePassword: 'CHANGE_PASSWORD',
  changeMyPassword: 'CHANGE_MY_PASSWORD',
  requestEmailChange: 'EMAIL_CHANGE',
  confirmEmailChange: 'EMAIL_CHANGE',
  cancelEmailChange: 'EMAIL_CHANGE',
  refreshUserToken: 'REFRESH_USER_TOKEN',
  syncRemoteUser: 'SYNC_REMOTE_USER',
  setNotificationPreferences: 'NOTIFICATION_PREFERENCES',
} as const satisfies Record<Operation, Capability>;

/** The listing operation of each kind of adapter. */
const LISTING = { all: 'listAllUsers', paged: 'listUsersPage' } as const;

/**
 * What a vendor writes: its listing and the operations it has endpoints for. The rest are left
 * out, not stubbed; guardCapabilities supplies them.
 */
export type VendorAdapter<A extends SourceAdapter> = Omit<A, OptionalOperation> & Partial<Pick<A, OptionalOperation>>;

type AnyOperation = (...args: never[]) => Promise<unknown>;

/**
 * The adapter every caller gets: each operation the source declares goes straight to the vendor's
 * method; every other operation rejects with UNSUPPORTED_BY_SOURCE and no call, by any path (the
 * resolvers, the writes, offboarding, the probes). The check is made once, here, at construction,
 * so a call costs nothing extra.
 *
 * Throws at construction when the source declares a capability the vendor has no method for: a
 * wiring mistake, found at start rather than on the first query.
 */
export function guardCapabilities(vendor: VendorAdapter<ListAllAdapter>): ListAllAdapter;
export function guardCapabilities(vendor: VendorAdapter<PagedAdapter>): PagedAdapter;
export function guardCapabilities(vendor: VendorAdapter<ListAllAdapter> | VendorAdapter<PagedAdapter>): SourceAdapter {
  const { info } = vendor;
  const otherListing = LISTING[vendor.listing === 'all' ? 'paged' : 'all'];
  const operations = (Object.keys(OPERATION_CAPABILITY) as Operation[]).filter((op) => op !== otherListing);
  // Indexed by name: the table above is what ties each name to its signature.
  const methods = vendor as unknown as Partial<Record<Operation, AnyOperation>>;

  const lacking = info.capabilities.filter((capability) => operations.some((op) => OPERATION_CAPABILITY[op] === capability && methods[op] === undefined));
  if (lacking.length > 0) throw new TypeError(`source "${info.name}": ${info.vendor} does not offer ${[...new Set(lacking)].join(', ')}`);

  const declared = new Set(info.capabilities);
  const guarded: Partial<Record<Operation, AnyOperation>> = {};
  for (const op of operations) {
    const method = methods[op];
    guarded[op] =
      method !== undefined && declared.has(OPERATION_CAPABILITY[op]) ? method.bind(vendor) : () => Promise.reject(unsupportedBySource(info.name, op));
  }
  // Every operation of this listing is now present: what SourceAdapter promises.
  return { ...vendor, ...guarded } as unknown as SourceAdapter;
}
