import type { ErrorCode } from '../errors.js';
import type { AbortLike } from '../http/cut-signal.js';
import type { HealthSnapshot } from '../http/source-health.js';
import type { UpstreamStats } from '../http/upstream-stats.js';
import type {
  NewUser,
  NotificationPreference,
  PermissionLevel,
  RoleGrant,
  ScopeKind,
  SourceInfo,
  UnifiedUser,
  UserChanges,
  UserStatus,
  UserToken,
  WriteResult,
} from './model.js';

// The vendor names and capabilities live in vendors.ts (model.ts needs them too); they are re-exported here.
export { CAPABILITIES, type Capability, VENDOR_NAMES, type Vendor } from '../vendors.js';

/** What one call needs besides its arguments: the credential to send, and where to count the call. */
export interface CallContext {
  /**
   * The vendor credential to send (the service secret, or the caller's own in forward mode). The
   * adapter puts it in the vendor's header format and never logs or echoes it.
   */
  readonly credential: string;
  readonly stats?: UpstreamStats;
  readonly signal?: AbortLike;
  /**
   * Set for writes: no GET may join an identical one already in flight, which the vendor may have
   * answered before an earlier write landed (a read-modify-write would then lose that write).
   */
  readonly fresh?: boolean;
  /** A background health probe: metrics count it apart from caller traffic. */
  readonly probe?: boolean;
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
  /** Holds a permission in this scope (any role); `id` absent: any scope of that kind. */
  scope?: { kind: ScopeKind; id?: string | null };
  /** Holds a permission of this level or higher, anywhere. */
  levelAtLeast?: PermissionLevel;
  /** Holds a permission that expires before this instant (Waldur grants carry an expiry). */
  expiresBefore?: Date;
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

/**
 * The writes; each names the capability it needs. Each one: answers `{ ok: false, userErrors }` for input the vendor's rules
 * refuse (checked before any call where the rule is known, mapped from the vendor's validation
 * answer otherwise); never retries a non-idempotent request (a lost answer is OUTCOME_UNKNOWN);
 * and returns the upstream's new state, re-read where the vendor answers with an empty body. Other
 * upstream failures throw UpstreamError (NOT_FOUND, UPSTREAM_FORBIDDEN, UPSTREAM_CONFLICT...).
 * Passwords and tokens never appear in an error or a userError message.
 */
export interface SourceWrites {
  /** CREATE_USER. */
  createUser(ctx: CallContext, user: NewUser): Promise<WriteResult<UnifiedUser>>;
  /** UPDATE_USER. Resolves NOT_FOUND (thrown) for an unknown user. */
  updateUser(ctx: CallContext, nativeId: string, changes: UserChanges): Promise<WriteResult<UnifiedUser>>;
  /** DELETE_USER. Resolves to the deleted user as it was last seen. */
  deleteUser(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>>;
  /**
   * GRANT_ROLE. Granting a role the user already holds changes only its expiry (Waldur `update_user`)
   * or does nothing. Read-modify-write vendors (DQOps, Rockset) read fresh state inside the call;
   * the gateway serializes writes per (source, user).
   */
  grantRole(ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>>;
  /** REVOKE_ROLE. Revoking a role the user does not hold is a userError (NOT_ALLOWED) with no write. */
  revokeRole(ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>>;
  /** CHANGE_PASSWORD: another user's password. */
  changePassword(ctx: CallContext, nativeId: string, password: string): Promise<WriteResult<UnifiedUser>>;
  /** CHANGE_MY_PASSWORD: the credential owner's password. Resolves to that user when the vendor can tell, else null. */
  changeMyPassword(ctx: CallContext, password: string): Promise<WriteResult<UnifiedUser | null>>;
  /** EMAIL_CHANGE: asks for a change; the vendor emails a code to the new address. */
  requestEmailChange(ctx: CallContext, nativeId: string, email: string): Promise<WriteResult<UnifiedUser>>;
  /** EMAIL_CHANGE: confirms with the emailed code; the vendor knows the user from the code. */
  confirmEmailChange(ctx: CallContext, code: string): Promise<WriteResult<null>>;
  /** EMAIL_CHANGE: drops a pending change. */
  cancelEmailChange(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>>;
  /** REFRESH_USER_TOKEN: a new token; the old one stops working. */
  refreshUserToken(ctx: CallContext, nativeId: string): Promise<WriteResult<UserToken>>;
  /** SYNC_REMOTE_USER: pulls the user's details from its identity provider. */
  syncRemoteUser(ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>>;
  /** NOTIFICATION_PREFERENCES: replaces the credential owner's unsubscribed notification types. */
  setNotificationPreferences(ctx: CallContext, notificationTypes: string[]): Promise<WriteResult<NotificationPreference[]>>;
}

/** The reads besides listing. */
export interface SourceReads {
  /** GET_USER. Resolves to null when the source has no user with that native id. */
  getUser(ctx: CallContext, nativeId: string): Promise<UnifiedUser | null>;
  /** GET_USER_BY_EMAIL. Every user whose email equals `email` case-insensitively (usually zero or one). */
  findUsersByEmail(ctx: CallContext, email: string): Promise<UnifiedUser[]>;
  /** CURRENT_USER. The user the credential belongs to. */
  currentUser(ctx: CallContext): Promise<UnifiedUser>;
  /** READ_USER_TOKEN. Waldur's token of a user. */
  userToken(ctx: CallContext, nativeId: string): Promise<UserToken>;
  /** NOTIFICATION_PREFERENCES. Rockset's preferences of the credential's owner. */
  notificationPreferences(ctx: CallContext): Promise<NotificationPreference[]>;
}

interface AdapterBase extends SourceReads, SourceWrites {
  readonly info: SourceInfo;
  /** Releases connections. */
  close(): Promise<void>;
  /** The source's health from its breaker and recent calls (no vendor call); absent for an adapter built without policies. */
  health?(): HealthSnapshot;
  /** Told the outcome of a background probe: a failed one makes the source DOWN until a call succeeds. */
  probed?(failure: ErrorCode | null): void;
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
  /**
   * Whether every window of this filter is cut from one whole read (Waldur's scope members: one
   * `list_users` pass, then each member): the loaders then read it once per request and cut the
   * windows themselves, whatever totals and pages the request asks for.
   */
  readsWhole?(filter: UserFilter): boolean;
}

/**
 * The adapter of a source: wire calls and pure mapping behind one interface, no GraphQL. Every
 * method throws GatewayError/UpstreamError (never a raw undici or parse error). A vendor writes
 * only the operations it has (VendorAdapter); capability-guard.ts makes the rest, and everything
 * outside `info.capabilities`, fail with UNSUPPORTED_BY_SOURCE before any call.
 */
export type SourceAdapter = ListAllAdapter | PagedAdapter;

/** The cheapest read that proves a source answers with a credential: one user of a paging source, the list of the others. */
export function listSomeUsers(adapter: SourceAdapter, ctx: CallContext): Promise<unknown> {
  return adapter.listing === 'paged' ? adapter.listUsersPage(ctx, { offset: 0, limit: 1, filter: {} }) : adapter.listAllUsers(ctx);
}
