import { isStaffOrSupport } from './context.js';
import { formatDateTime } from './datetime.js';
import type { RoleAssignmentRecord, TokenRecord, UserRecord } from './records.js';
import { roleByName } from './roles.js';
import type { WaldurState } from './state.js';

/** The 7.9.8 `User` schema's properties, in the serializer's order. */
export const USER_FIELDS = [
  'url',
  'uuid',
  'username',
  'slug',
  'full_name',
  'native_name',
  'job_title',
  'email',
  'phone_number',
  'organization',
  'civil_number',
  'description',
  'is_staff',
  'is_active',
  'is_support',
  'token',
  'token_lifetime',
  'token_expires_at',
  'registration_method',
  'date_joined',
  'agreement_date',
  'notifications_enabled',
  'preferred_language',
  'permissions',
  'requested_email',
  'affiliations',
  'first_name',
  'last_name',
  'birth_date',
  'identity_provider_name',
  'identity_provider_label',
  'identity_provider_management_url',
  'identity_provider_fields',
  'image',
  'identity_source',
  'has_active_session',
  'ip_address',
] as const;

/** Hidden from users who are neither staff nor support (`UserSerializer.get_fields`). */
const STAFF_ONLY_FIELDS = new Set(['is_active', 'is_staff', 'is_support', 'description', 'has_active_session']);

export interface UserView {
  viewer: UserRecord;
  /** Scheme, host and port the client used, for `url` (DRF's `build_absolute_uri`). */
  origin: string;
  /**
   * `_can_see_token`: only the user herself sees `token` and `token_lifetime`, and in a list
   * only when the page holds nobody but her.
   */
  showToken: boolean;
  /** Sparse fieldset from `?field=` (RestrictedSerializerMixin, GET only); undefined means all. */
  fields?: string[];
  /** Only `/api/users/me/` fills `ip_address` from the request. */
  ipAddress?: string | null;
}

export function fullName(user: UserRecord): string {
  return `${user.first_name} ${user.last_name}`.trim();
}

export function userUrl(origin: string, uuid: string): string {
  return `${origin}/api/users/${uuid}/`;
}

/** One user as `UserSerializer` renders it for this viewer. */
export function serializeUser(state: WaldurState, user: UserRecord, view: UserView): Record<string, unknown> {
  const token = state.tokenOf(user.uuid);
  const all: Record<(typeof USER_FIELDS)[number], unknown> = {
    url: userUrl(view.origin, user.uuid),
    uuid: user.uuid,
    username: user.username,
    slug: user.slug,
    full_name: fullName(user),
    native_name: user.native_name,
    job_title: user.job_title,
    email: user.email,
    phone_number: user.phone_number,
    organization: user.organization,
    civil_number: user.civil_number,
    description: user.description,
    is_staff: user.is_staff,
    is_active: user.is_active,
    is_support: user.is_support,
    token: token?.key ?? null,
    token_lifetime: user.token_lifetime,
    token_expires_at: tokenExpiresAt(user, token),
    registration_method: user.registration_method,
    date_joined: formatDateTime(user.date_joined),
    agreement_date: user.agreement_date === null ? null : formatDateTime(user.agreement_date),
    notifications_enabled: user.notifications_enabled,
    preferred_language: user.preferred_language,
    permissions: state.liveRoles((r) => r.user_uuid === user.uuid).map((r) => serializePermission(state, r)),
    requested_email: state.changeEmail.get(user.uuid)?.email ?? null,
    affiliations: user.affiliations,
    first_name: user.first_name,
    last_name: user.last_name,
    birth_date: user.birth_date,
    ...identityProvider(user.registration_method),
    image: user.image,
    identity_source: user.identity_source,
    has_active_session: token !== undefined,
    ip_address: view.ipAddress ?? null,
  };
  const out: Record<string, unknown> = {};
  for (const name of USER_FIELDS) {
    if (!isStaffOrSupport(view.viewer) && STAFF_ONLY_FIELDS.has(name)) continue;
    if (!view.showToken && (name === 'token' || name === 'token_lifetime')) continue;
    if (view.fields && !view.fields.includes(name)) continue;
    out[name] = all[name];
  }
  return out;
}

/** `get_token_expires_at`: token creation plus lifetime, null without either. */
function tokenExpiresAt(user: UserRecord, token: TokenRecord | undefined): string | null {
  if (!token || !user.token_lifetime) return null;
  return formatDateTime(token.created + user.token_lifetime * 1000);
}

/** `Permission` entries of `User.permissions`: one per active grant, oldest first. */
function serializePermission(state: WaldurState, role: RoleAssignmentRecord): Record<string, unknown> {
  const user = state.users.get(role.user_uuid);
  const { scope_name, customer_uuid, customer_name } = scopeNames(state, role);
  return {
    user_uuid: role.user_uuid,
    user_name: user ? fullName(user) : '',
    user_slug: user?.slug ?? '',
    created: formatDateTime(role.created),
    expiration_time: role.expiration_time === null ? null : formatDateTime(role.expiration_time),
    ...creatorFields(state, role, (by) => ({ created_by_full_name: fullName(by), created_by_username: by.username })),
    role_name: role.role,
    role_description: roleByName(role.role)?.description ?? '',
    role_uuid: roleByName(role.role)?.uuid,
    scope_type: role.scope_type,
    scope_uuid: role.scope_uuid,
    scope_name,
    customer_uuid,
    customer_name,
  };
}

/** `UserRoleDetails`, the items of `list_users`. */
export function serializeUserRole(state: WaldurState, role: RoleAssignmentRecord): Record<string, unknown> {
  const user = state.users.get(role.user_uuid);
  return {
    uuid: role.uuid,
    created: formatDateTime(role.created),
    expiration_time: role.expiration_time === null ? null : formatDateTime(role.expiration_time),
    role_name: role.role,
    role_uuid: roleByName(role.role)?.uuid,
    user_email: user?.email,
    user_full_name: user ? fullName(user) : '',
    user_username: user?.username,
    user_uuid: role.user_uuid,
    user_image: user?.image ?? null,
    ...creatorFields(state, role, (by) => ({ created_by_full_name: fullName(by), created_by_uuid: by.uuid })),
  };
}

/** `UserAuthToken` for `token/` and `refresh_token/`. */
export function serializeAuthToken(user: UserRecord, token: TokenRecord): Record<string, unknown> {
  return {
    created: formatDateTime(token.created),
    user_first_name: user.first_name,
    user_last_name: user.last_name,
    user_username: user.username,
    user_is_active: user.is_active,
    user_token_lifetime: user.token_lifetime,
    token: token.key,
  };
}

/**
 * `created_by_*` are `ReadOnlyField(source="created_by.…")`: without a creator DRF skips them,
 * so the keys are absent rather than null.
 */
function creatorFields(state: WaldurState, role: RoleAssignmentRecord, pick: (by: UserRecord) => Record<string, string>): Record<string, string> {
  const by = role.created_by_uuid === null ? undefined : state.users.get(role.created_by_uuid);
  return by ? pick(by) : {};
}

function scopeNames(state: WaldurState, role: RoleAssignmentRecord): { scope_name: string; customer_uuid: string; customer_name: string } {
  if (role.scope_type === 'customer') {
    const customer = state.customers.get(role.scope_uuid);
    return { scope_name: customer?.name ?? '', customer_uuid: role.scope_uuid, customer_name: customer?.name ?? '' };
  }
  const project = state.projects.get(role.scope_uuid);
  const customer = project && state.customers.get(project.customer_uuid);
  return { scope_name: project?.name ?? '', customer_uuid: project?.customer_uuid ?? '', customer_name: customer?.name ?? '' };
}

/**
 * structure/utils.py `get_identity_provider_*`. Local accounts use WALDUR_CORE's LOCAL_IDP_*
 * settings (defaults assumed: "Local DB", no management URL, no protected fields); a social
 * provider such as eduTEAMS reads an IdentityProvider row the simulator does not have, so "".
 */
function identityProvider(
  method: string,
): Record<'identity_provider_name' | 'identity_provider_label' | 'identity_provider_management_url' | 'identity_provider_fields', unknown> {
  const local = method === 'default';
  return {
    identity_provider_name: local ? 'Local DB' : '',
    identity_provider_label: local ? 'Local DB' : '',
    identity_provider_management_url: '',
    identity_provider_fields: [],
  };
}
