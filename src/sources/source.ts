import type { UpstreamStats } from '../http/upstream-stats.js';
import type { NotificationPreference, SourceInfo, UnifiedUser, UserStatus, UserToken } from './model.js';

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


/** What one call needs besides its arguments: the credential to send, and where to count the call. */
export interface CallContext {
  /**
   * The vendor credential to send (the service secret, or the caller's own in forward mode). The
   * adapter puts it in the vendor's header format and never logs or echoes it.
   */
  readonly credential: string;
  readonly stats?: UpstreamStats;
  readonly signal?: AbortSignal;
}

/** Filters of `users` and `people`. All optional; all must hold. */
export interface UserFilter {
  /** Case-insensitive substring of email, username, first, last or display name. */
  query?: string;
  /** Case-insensitive exact email. */
  email?: string;
  status?: UserStatus;
  /** The vendor's role name, exact (case-insensitive), in any scope. */
  role?: string;
}

/** A window of a source that pages upstream, in the source's own order (by email). */
export interface ListWindow {
  offset: number;
  limit: number;
  /** What the adapter can push down to the vendor; the gateway filters again locally either way. */
  filter: UserFilter;
}

export interface UserPage {
  /** The users at [offset, offset + limit) of the vendor's filtered order; fewer at the end. */
  users: UnifiedUser[];
  /** How many users the vendor has for the pushed-down filter. */
  total: number;
}

interface AdapterBase {
  readonly info: SourceInfo;
  /** Resolves to null when the source has no user with that native id. */
  getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null>;
  /** Every user whose email equals `email` case-insensitively (usually zero or one). */
  findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]>;
  /** The user the credential belongs to. Throws UNSUPPORTED_BY_SOURCE without CURRENT_USER. */
  currentUser(ctx: CallContext): Promise<UnifiedUser>;
  /** Waldur's token of a user. Throws UNSUPPORTED_BY_SOURCE without READ_USER_TOKEN. */
  userToken(ctx: CallContext, nativeId: string): Promise<UserToken>;
  /** Rockset's preferences of the credential's owner. Throws UNSUPPORTED_BY_SOURCE without NOTIFICATION_PREFERENCES. */
  notificationPreferences(ctx: CallContext): Promise<NotificationPreference[]>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** A vendor whose list call returns every user at once (DQOps, Rockset). */
export interface ListAllAdapter extends AdapterBase {
  readonly listing: 'all';
  /** Every user, in any order. One upstream call. */
  listAllUsers(ctx: CallContext): Promise<UnifiedUser[]>;
}

/** A vendor that pages upstream (Waldur), ordered by email. */
export interface PagedAdapter extends AdapterBase {
  readonly listing: 'paged';
  /** Largest window one upstream call can return. */
  readonly maxPageSize: number;
  listUsersPage(ctx: CallContext, window: ListWindow): Promise<UserPage>;
}

/**
 * The adapter every vendor implements: wire calls and pure mapping behind one interface, no GraphQL.
 * Every method throws GatewayError/UpstreamError (never a raw undici or parse error), and makes
 * no upstream call for an operation outside `info.capabilities`.
 */
export type SourceAdapter = ListAllAdapter | PagedAdapter;
