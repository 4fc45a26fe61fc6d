import { z } from 'zod/v4';

/**
 * Waldur 7.9.8's wire shapes (contracts/waldur/waldur-7.9.8-users-openapi.yaml), as sent.
 *
 * The schema's `User` and `Permission` have no `required` list, and the server leaves fields out
 * for some viewers (README "Who may do what": `is_active`, `is_staff`, `is_support`, `description`
 * for non-staff; `token`, `token_lifetime` for anyone but the user herself), so every property is
 * optional here except the identifiers nothing can be mapped without. `nullable` follows the spec.
 * Unknown properties pass through: 8.0.x adds fourteen to `User`.
 */

const optionalString = z.string().optional();
const nullableString = z.string().nullable().optional();

/** One entry of `User.permissions`. */
export const waldurPermissionSchema = z.looseObject({
  user_uuid: z.string(),
  user_name: optionalString,
  user_slug: optionalString,
  created: optionalString,
  expiration_time: nullableString,
  // `ReadOnlyField(source="created_by.…")`: absent, not null, when nobody is recorded.
  created_by_full_name: optionalString,
  created_by_username: optionalString,
  role_name: z.string(),
  role_description: optionalString,
  role_uuid: optionalString,
  scope_type: nullableString,
  scope_uuid: optionalString,
  scope_name: optionalString,
  customer_uuid: optionalString,
  customer_name: optionalString,
});
export type WaldurPermission = z.infer<typeof waldurPermissionSchema>;

/** Waldur 7.9.8 `User` (37 properties). */
export const waldurUserSchema = z.looseObject({
  url: optionalString,
  uuid: z.string(),
  username: z.string(),
  slug: optionalString,
  full_name: optionalString,
  native_name: optionalString,
  job_title: optionalString,
  email: optionalString,
  phone_number: optionalString,
  organization: optionalString,
  civil_number: nullableString,
  description: optionalString,
  is_staff: z.boolean().optional(),
  is_active: z.boolean().optional(),
  is_support: z.boolean().optional(),
  // A secret: parsed so the shape is checked, never copied to the unified user (mapping.ts).
  token: optionalString,
  token_lifetime: z.number().int().nullable().optional(),
  token_expires_at: nullableString,
  registration_method: optionalString,
  date_joined: optionalString,
  agreement_date: nullableString,
  notifications_enabled: z.boolean().optional(),
  preferred_language: optionalString,
  permissions: z.array(waldurPermissionSchema).optional(),
  requested_email: nullableString,
  // No type in the spec ("student, faculty, staff"): a JSON list in practice, kept as is.
  affiliations: z.unknown().optional(),
  first_name: optionalString,
  last_name: optionalString,
  birth_date: nullableString,
  identity_provider_name: optionalString,
  identity_provider_label: optionalString,
  identity_provider_management_url: optionalString,
  identity_provider_fields: z.array(z.string()).optional(),
  image: nullableString,
  identity_source: optionalString,
  has_active_session: z.boolean().optional(),
  ip_address: nullableString,
});
export type WaldurUser = z.infer<typeof waldurUserSchema>;

/** The body of `GET /api/users/`: a bare array (README "Pagination"). */
export const waldurUserListSchema = z.array(waldurUserSchema);

/** A row of `customers|projects/{uuid}/list_users/` (`UserRoleDetails`): only what the gateway reads. */
export const waldurScopeMemberSchema = z.looseObject({
  user_uuid: z.string(),
  role_name: z.string().optional(),
  expiration_time: z.string().nullable().optional(),
});
export const waldurScopeMemberListSchema = z.array(waldurScopeMemberSchema);
export type WaldurScopeMember = z.output<typeof waldurScopeMemberSchema>;

/** `UserAuthToken` from `GET /api/users/{uuid}/token/`; the spec marks all seven required. */
export const waldurUserAuthTokenSchema = z.looseObject({
  created: z.string(),
  user_first_name: z.string(),
  user_last_name: z.string(),
  user_username: z.string(),
  user_is_active: z.boolean(),
  user_token_lifetime: z.number().int().nullable(),
  token: z.string(),
});
export type WaldurUserAuthToken = z.infer<typeof waldurUserAuthTokenSchema>;

/**
 * The `UserRequest` / `PatchedUserRequest` properties the gateway writes (7.9.8 spec). `username`
 * and `email` are required on create and read-only afterwards (README "Who may do what").
 */
export interface WaldurUserWrite {
  username?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  native_name?: string;
  job_title?: string;
  organization?: string;
  phone_number?: string;
  description?: string;
  preferred_language?: string;
  notifications_enabled?: boolean;
  is_staff?: boolean;
  is_support?: boolean;
  is_active?: boolean;
}

/** `UserRoleCreateRequest` / `UpdateRequest` / `DeleteRequest`: a role name and the user's uuid. */
export interface WaldurRoleRequest {
  role: string;
  user: string;
  /** ISO 8601; null for a role that never expires. Left out: never expires (add_user). */
  expiration_time?: string | null;
}

/** The collections that carry `UserRoleMixin`'s actions, and those actions. */
export type WaldurRoleCollection = 'customers' | 'projects';
export type WaldurRoleAction = 'add_user' | 'update_user' | 'delete_user';
