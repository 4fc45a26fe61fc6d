import type { Permission, PermissionLevel, PermissionScope, WaldurPermissionDetails } from '../model.js';
import { toDate } from './datetime.js';
import { WALDUR_ROLES } from './roles.js';
import type { WaldurPermission, WaldurUser } from './wire.js';

/**
 * Waldur's system roles (README "Request bodies": the six role names of customers and projects)
 * on the unified scale (PRODUCT.md section 2). A role missing here maps to NONE and is kept.
 */
export const WALDUR_ROLE_LEVELS: Readonly<Record<string, PermissionLevel>> = Object.fromEntries(WALDUR_ROLES.map((r) => [r.name, r.level]));

/** The level of a Waldur role name, exactly as Waldur spells it; NONE when unknown. */
export function levelOfRole(roleName: string): PermissionLevel {
  return (Object.hasOwn(WALDUR_ROLE_LEVELS, roleName) ? WALDUR_ROLE_LEVELS[roleName] : undefined) ?? 'NONE';
}

/**
 * Every permission of a Waldur user: `is_staff` and `is_support` as SYSTEM-wide roles first
 * (absent flags, hidden from non-staff viewers, give none), then each `permissions[]` entry.
 */
export function toPermissions(user: WaldurUser, source: string): Permission[] {
  const system = (role: string, level: PermissionLevel): Permission => ({
    role,
    level,
    scope: { kind: 'SYSTEM', id: null, name: null },
    expiresAt: null,
    grantedAt: null,
    grantedBy: null,
    source,
  });
  const out: Permission[] = [];
  if (user.is_staff === true) out.push(system('staff', 'OWNER'));
  if (user.is_support === true) out.push(system('support', 'VIEW'));
  for (const [i, entry] of (user.permissions ?? []).entries()) out.push(toPermission(entry, `permissions[${i}]`, source));
  return out;
}

/** One `permissions[]` entry; `path` names it in errors. */
export function toPermission(entry: WaldurPermission, path: string, source: string): Permission {
  return {
    role: entry.role_name,
    level: levelOfRole(entry.role_name),
    scope: toScope(entry),
    expiresAt: toDate(entry.expiration_time, `${path}.expiration_time`, source),
    grantedAt: toDate(entry.created, `${path}.created`, source),
    // PRODUCT.md section 2: the grantor's username, else the full name; DRF leaves both out, or
    // sends "", when nobody is recorded.
    grantedBy: nonEmpty(entry.created_by_username) ?? nonEmpty(entry.created_by_full_name),
    source,
  };
}

/**
 * `scope_type` is the scope's model name. `customer` and `project` map directly; when it is null
 * or another model, the role name's prefix decides. A role on any other model (an offering, a
 * call for proposals…) has no unified scope kind: it is placed in the customer that contains it
 * (`customer_uuid`/`customer_name`), where its NONE level grants nothing, and the details keep
 * the real scope.
 */
export function toScope(entry: WaldurPermission): PermissionScope {
  const kind = scopeKindOf(entry.scope_type, entry.role_name);
  if (kind === undefined) return { kind: 'CUSTOMER', id: nonEmpty(entry.customer_uuid), name: nonEmpty(entry.customer_name) };
  return { kind, id: nonEmpty(entry.scope_uuid), name: nonEmpty(entry.scope_name) };
}

function scopeKindOf(scopeType: string | null | undefined, roleName: string): 'CUSTOMER' | 'PROJECT' | undefined {
  if (scopeType === 'customer') return 'CUSTOMER';
  if (scopeType === 'project') return 'PROJECT';
  if (scopeType !== null && scopeType !== undefined && scopeType !== '') return undefined;
  if (roleName.startsWith('CUSTOMER.')) return 'CUSTOMER';
  if (roleName.startsWith('PROJECT.')) return 'PROJECT';
  return undefined;
}

/** `Permission`, field for field, for `WaldurUserDetails.permissions`. */
export function toPermissionDetails(entry: WaldurPermission, path: string, source: string): WaldurPermissionDetails {
  return {
    userUuid: entry.user_uuid,
    userName: entry.user_name ?? null,
    userSlug: entry.user_slug ?? null,
    created: toDate(entry.created, `${path}.created`, source),
    expirationTime: toDate(entry.expiration_time, `${path}.expiration_time`, source),
    createdByFullName: entry.created_by_full_name ?? null,
    createdByUsername: entry.created_by_username ?? null,
    roleName: entry.role_name,
    roleDescription: entry.role_description ?? null,
    roleUuid: entry.role_uuid ?? null,
    scopeType: entry.scope_type ?? null,
    scopeUuid: entry.scope_uuid ?? null,
    scopeName: entry.scope_name ?? null,
    customerUuid: entry.customer_uuid ?? null,
    customerName: entry.customer_name ?? null,
  };
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
