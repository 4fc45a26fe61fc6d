import type { UserErrorCode } from '../error-codes.js';
import type { Capability, Vendor } from '../vendors.js';

/**
 * The unified model: plain TypeScript, no decorators, no GraphQL. Adapters map wire types to
 * these; schema classes `implements` them so the compiler catches drift.
 */

/** A configured upstream instance as the rest of the gateway sees it (no credentials). */
export interface SourceInfo {
  /** The config id; unique; what clients name in queries. */
  readonly name: string;
  readonly vendor: Vendor;
  readonly url: string;
  readonly capabilities: readonly Capability[];
}

/** A role a source grants: what `grantRole` accepts for it, and what `Source.roles` lists. */
export interface RoleDefinition {
  /** The vendor's own name, exactly as it is sent: `editor`, `PROJECT.ADMIN`, `read-only`. */
  readonly name: string;
  readonly level: PermissionLevel;
  /** The scopes it can be granted on. */
  readonly scopeKinds: readonly ScopeKind[];
  readonly description: string;
}

export type UserStatus = 'ACTIVE' | 'INVITED' | 'INACTIVE';
export type PermissionLevel = 'NONE' | 'VIEW' | 'OPERATE' | 'EDIT' | 'ADMIN' | 'OWNER';
export type ScopeKind = 'ACCOUNT' | 'DATA_DOMAIN' | 'ORGANIZATION' | 'CUSTOMER' | 'PROJECT' | 'SYSTEM';

export interface PermissionScope {
  kind: ScopeKind;
  /** The vendor's id of the scope (Waldur customer/project uuid, DQOps domain name); null for a whole account. */
  id: string | null;
  name: string | null;
}

export interface Permission {
  /** The vendor's own role name: `editor`, `PROJECT.ADMIN`, `read-only`, `staff`. */
  role: string;
  level: PermissionLevel;
  scope: PermissionScope;
  expiresAt: Date | null;
  grantedAt: Date | null;
  /** Who granted it, as the vendor names them (a username), when it says. */
  grantedBy: string | null;
  /** The source's config name. */
  source: string;
}

export interface DqopsDataDomainRole {
  /** `(default)` is the root data domain. */
  domain: string;
  /** `admin`, `editor`, `operator`, `viewer` or `none`, as DQOps sends it. */
  role: string;
}

/** Every field of DQOps's `DqoUserRolesModel`. */
export interface DqopsUserDetails {
  vendor: 'dqops';
  accountRole: string;
  dataDomainRoles: DqopsDataDomainRole[];
}

/** One entry of Waldur's `User.permissions`, field for field. */
export interface WaldurPermissionDetails {
  userUuid: string;
  userName: string | null;
  userSlug: string | null;
  created: Date | null;
  expirationTime: Date | null;
  createdByFullName: string | null;
  createdByUsername: string | null;
  roleName: string;
  roleDescription: string | null;
  roleUuid: string | null;
  scopeType: string | null;
  scopeUuid: string | null;
  scopeName: string | null;
  customerUuid: string | null;
  customerName: string | null;
}

/**
 * Every documented field of Waldur 7.9's `User` but `token`: a token is a secret, returned only by
 * the `userToken` query and `refreshUserToken`.
 */
export interface WaldurUserDetails {
  vendor: 'waldur';
  url: string | null;
  uuid: string;
  username: string;
  slug: string | null;
  fullName: string | null;
  nativeName: string | null;
  jobTitle: string | null;
  email: string | null;
  phoneNumber: string | null;
  organization: string | null;
  civilNumber: string | null;
  description: string | null;
  isStaff: boolean | null;
  isActive: boolean | null;
  isSupport: boolean | null;
  tokenLifetime: number | null;
  tokenExpiresAt: Date | null;
  registrationMethod: string | null;
  dateJoined: Date | null;
  agreementDate: Date | null;
  notificationsEnabled: boolean | null;
  preferredLanguage: string | null;
  permissions: WaldurPermissionDetails[];
  requestedEmail: string | null;
  /** Free-form in the spec (no type), passed on as JSON. */
  affiliations: unknown;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  identityProviderName: string | null;
  identityProviderLabel: string | null;
  identityProviderManagementUrl: string | null;
  identityProviderFields: string[];
  image: string | null;
  identitySource: string | null;
  hasActiveSession: boolean | null;
  ipAddress: string | null;
}

/** Every field of Rockset's `User` (names and dates are also on the unified user). */
export interface RocksetUserDetails {
  vendor: 'rockset';
  /** `NEW` (invited, not signed in yet) or `ACTIVE`, as Rockset sends it. */
  state: string | null;
  roles: string[];
  /** As sent: an ISO-8601 string with no declared format. */
  createdAt: string | null;
  firstName: string | null;
  lastName: string | null;
}

export type UserDetails = DqopsUserDetails | WaldurUserDetails | RocksetUserDetails;

/** One account in one source. */
export interface UnifiedUser {
  /** The source's config name. */
  source: string;
  /** Email for DQOps and Rockset (as the vendor spells it), uuid for Waldur. */
  nativeId: string;
  email: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Names when there are any, else the email, else the native id. */
  displayName: string;
  status: UserStatus;
  createdAt: Date | null;
  /** Normalized; DQOps `none` entries are not permissions and are left out. */
  permissions: Permission[];
  details: UserDetails;
}

/** Waldur's `UserAuthToken`; the token is a secret returned to the caller who asked for it only. */
export interface UserToken {
  token: string;
  created: Date | null;
  lifetimeSeconds: number | null;
  /** created + lifetime when both are known. */
  expiresAt: Date | null;
}

/** Rockset's `UnsubscribePreference`: a notification type the user has unsubscribed from. */
export interface NotificationPreference {
  notificationType: string;
}

// ---------------------------------------------------------------------------------------------
// Writes. The gateway has checked what every vendor shares (emails, password length, dates in the
// future) before an adapter sees these; the adapter checks its own vendor's rules (role names,
// scopes, username pattern) before any upstream call.

/** Waldur-only user fields, camelCase of the vendor's `UserRequest`. */
export interface WaldurUserFields {
  nativeName?: string;
  jobTitle?: string;
  organization?: string;
  phoneNumber?: string;
  description?: string;
  preferredLanguage?: string;
  notificationsEnabled?: boolean;
  isStaff?: boolean;
  isSupport?: boolean;
  isActive?: boolean;
}

export interface NewUser {
  email: string;
  /** Waldur: required upstream; derived from the email when absent. Others: none. */
  username?: string;
  firstName?: string;
  lastName?: string;
  /** Rockset: the roles (required). DQOps: exactly one, the account role. Waldur: not accepted (grant scoped roles). */
  roles?: string[];
  /** DQOps only. */
  dataDomainRoles?: DqopsDataDomainRole[];
  waldur?: WaldurUserFields;
}

/** Fields to change; absent ones stay as they are. Emails do not change here (see requestEmailChange). */
export interface UserChanges {
  firstName?: string;
  lastName?: string;
  /** Replaces every role: Rockset's roles; DQOps's account role (exactly one). Waldur: not accepted. */
  roles?: string[];
  /** DQOps only: replaces the data-domain roles. */
  dataDomainRoles?: DqopsDataDomainRole[];
  waldur?: WaldurUserFields;
}

/** A role in a scope, as grantRole and revokeRole name it. */
export interface RoleGrant {
  /** The vendor's role name. */
  role: string;
  scope: { kind: ScopeKind; id: string | null };
  /** Waldur only: when the grant ends; null for never. Absent leaves an existing grant's expiry alone. */
  expiresAt?: Date | null;
}

export type { UserErrorCode } from '../error-codes.js';

/**
 * Something wrong with the caller's input, named by its path in the mutation's `input`, or the
 * failure of the one source the mutation wrote to (PRODUCT.md section 4: failures stay in their field).
 */
export interface UserErrorInfo {
  /** e.g. `['password']`, `['scope', 'id']`; null when no one field is at fault. */
  field: string[] | null;
  message: string;
  code: UserErrorCode;
  /** The source that refused or failed; absent for input the gateway refused before choosing one. */
  source?: string;
  /** Whether the same mutation may succeed if sent again later (absent: false). */
  retryable?: boolean;
  /** Seconds to wait first, from the source's Retry-After. */
  retryAfter?: number;
}

/** A write either happened (with the upstream's new state) or was refused for the input's sake. */
export type WriteResult<T> = { ok: true; value: T } | { ok: false; userErrors: UserErrorInfo[] };
