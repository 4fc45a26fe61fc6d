import type { UnifiedUser, UserStatus, UserToken, WaldurUserDetails } from '../model.js';
import { toDate } from './datetime.js';
import { toPermissionDetails, toPermissions } from './permissions.js';
import type { WaldurUser, WaldurUserAuthToken } from './wire.js';

export { levelOfRole, toPermissions, WALDUR_ROLE_LEVELS } from './permissions.js';

/**
 * Pure functions from Waldur's wire shapes to the unified model (PRODUCT.md section 2). No I/O,
 * no clock. A date that is not ISO 8601 throws UPSTREAM_BAD_RESPONSE naming the field.
 * `token` is never copied: it is a secret, read only through `toUserToken`.
 */

/** A Waldur `User` as the unified user of source `source`; nativeId is the uuid as sent. */
export function toUser(wire: WaldurUser, source: string): UnifiedUser {
  return {
    source,
    nativeId: wire.uuid,
    // Kept exactly as sent (letter case included); the gateway compares case-insensitively.
    email: wire.email ?? null,
    username: wire.username,
    firstName: wire.first_name ?? null,
    lastName: wire.last_name ?? null,
    displayName: displayNameOf(wire),
    status: statusOf(wire),
    createdAt: toDate(wire.date_joined, 'date_joined', source),
    permissions: toPermissions(wire, source),
    details: toDetails(wire, source),
  };
}

/** First and last name joined by a space when either is non-empty, else full_name, else email, else the uuid. */
export function displayNameOf(wire: WaldurUser): string {
  const names = [wire.first_name ?? '', wire.last_name ?? ''].filter((n) => n !== '');
  if (names.length > 0) return names.join(' ');
  return wire.full_name || wire.email || wire.uuid;
}

/**
 * `is_active` decides. Waldur hides it from viewers who are neither staff nor support, and those
 * viewers only ever see active users (README "Who may do what"; visibility rules in
 * structure/filters.py), so an absent flag means ACTIVE. Waldur has no invited state on users.
 */
export function statusOf(wire: WaldurUser): UserStatus {
  return wire.is_active === false ? 'INACTIVE' : 'ACTIVE';
}

/** Every field of the 7.9.8 `User` but `token`, camel-cased; absent fields are null (lists empty). */
export function toDetails(wire: WaldurUser, source: string): WaldurUserDetails {
  return {
    vendor: 'waldur',
    url: wire.url ?? null,
    uuid: wire.uuid,
    username: wire.username,
    slug: wire.slug ?? null,
    fullName: wire.full_name ?? null,
    nativeName: wire.native_name ?? null,
    jobTitle: wire.job_title ?? null,
    email: wire.email ?? null,
    phoneNumber: wire.phone_number ?? null,
    organization: wire.organization ?? null,
    civilNumber: wire.civil_number ?? null,
    description: wire.description ?? null,
    isStaff: wire.is_staff ?? null,
    isActive: wire.is_active ?? null,
    isSupport: wire.is_support ?? null,
    tokenLifetime: wire.token_lifetime ?? null,
    tokenExpiresAt: toDate(wire.token_expires_at, 'token_expires_at', source),
    registrationMethod: wire.registration_method ?? null,
    dateJoined: toDate(wire.date_joined, 'date_joined', source),
    agreementDate: toDate(wire.agreement_date, 'agreement_date', source),
    notificationsEnabled: wire.notifications_enabled ?? null,
    preferredLanguage: wire.preferred_language ?? null,
    permissions: (wire.permissions ?? []).map((p, i) => toPermissionDetails(p, `permissions[${i}]`, source)),
    requestedEmail: wire.requested_email ?? null,
    affiliations: wire.affiliations ?? null,
    firstName: wire.first_name ?? null,
    lastName: wire.last_name ?? null,
    // A `date` (YYYY-MM-DD) with no time zone: kept as the text Waldur sent.
    birthDate: wire.birth_date ?? null,
    identityProviderName: wire.identity_provider_name ?? null,
    identityProviderLabel: wire.identity_provider_label ?? null,
    identityProviderManagementUrl: wire.identity_provider_management_url ?? null,
    identityProviderFields: wire.identity_provider_fields ?? [],
    image: wire.image ?? null,
    identitySource: wire.identity_source ?? null,
    hasActiveSession: wire.has_active_session ?? null,
    ipAddress: wire.ip_address ?? null,
  };
}

/** `UserAuthToken` as a UserToken: expiresAt is created + user_token_lifetime, null without a lifetime. */
export function toUserToken(wire: WaldurUserAuthToken, source: string): UserToken {
  const created = toDate(wire.created, 'created', source);
  const lifetimeSeconds = wire.user_token_lifetime;
  const expiresAt = created !== null && lifetimeSeconds !== null ? new Date(created.getTime() + lifetimeSeconds * 1000) : null;
  return { token: wire.token, created, lifetimeSeconds, expiresAt };
}
