import { EXPIRATION_TIME_FORMATS_MESSAGE, parseDrfDateTime } from './datetime.js';
import { charField, expectObject, type FieldResult, REQUIRED, uuidField } from './fields.js';
import type { Scope, UserRecord } from './records.js';
import { findRole, roleByName, type WaldurRole } from './roles.js';
import type { WaldurState } from './state.js';

export type RoleAction = 'add' | 'update' | 'delete';

export interface RoleRequest {
  role: WaldurRole;
  user: UserRecord;
  /** Epoch ms, or null for a permanent role (also what an absent field means). */
  expirationTime: number | null;
}

export type RoleRequestResult =
  | { ok: true; value: RoleRequest }
  | { ok: false; kind: 'invalid'; errors: Record<string, string[]> }
  | { ok: false; kind: 'forbidden' };

/**
 * permissions/serializers.py `UserRole{Create,Update,Delete}Serializer`. Field errors come
 * first and stop there; then `validate()`: a caller with the permission on the scope's
 * customer may do anything, else the permission on the scope itself is needed (403), and
 * then nobody changes their own role below the customer. Create also refuses a role the
 * user already holds there and a role of the other scope type.
 */
export function validateRoleRequest(state: WaldurState, viewer: UserRecord, scope: Scope, data: unknown, action: RoleAction): RoleRequestResult {
  const body = expectObject(data);
  if (!body.ok) return invalid({ non_field_errors: [body.error] });
  const errors: Record<string, string[]> = {};
  const role = roleField(body.value);
  if (!role.ok) errors['role'] = [role.error];
  const user = userField(state, body.value);
  if (!user.ok) errors['user'] = [user.error];
  const expiration = expirationField(state, body.value['expiration_time']);
  if (!expiration.ok) errors['expiration_time'] = [expiration.error];
  if (!role.ok || !user.ok || !expiration.ok) return invalid(errors);
  const value: RoleRequest = { role: role.value, user: user.value, expirationTime: expiration.value };
  return checkScope(state, viewer, scope, value, action);
}

function checkScope(state: WaldurState, viewer: UserRecord, scope: Scope, value: RoleRequest, action: RoleAction): RoleRequestResult {
  const { role, user } = value;
  const customerUuid = scope.type === 'customer' ? scope.record.uuid : scope.record.customer_uuid;
  if (!managesRoles(state, viewer, 'customer', customerUuid)) {
    if (!managesRoles(state, viewer, scope.type, scope.record.uuid)) return { ok: false, kind: 'forbidden' };
    if (user.uuid === viewer.uuid && scope.type !== 'customer') return invalid({ non_field_errors: ['User can not manage own role.'] });
  }
  if (action === 'add') {
    const held = state.liveRoles((r) => r.user_uuid === user.uuid && r.role === role.name && r.scope_uuid === scope.record.uuid);
    if (held.length > 0) return invalid({ non_field_errors: ['User has already the same role in this scope.'] });
    if (role.scopeType !== scope.type) return invalid({ non_field_errors: ['Role is not valid for this scope.'] });
  }
  return { ok: true, value };
}

function roleField(body: Record<string, unknown>): FieldResult<WaldurRole> {
  if (!('role' in body)) return { ok: false, error: REQUIRED };
  const text = charField(body['role'], { allowBlank: false });
  if (!text.ok) return { ok: false, error: text.error };
  const role = findRole(text.value as string);
  return role ? { ok: true, value: role } : { ok: false, error: 'Role is not found.' };
}

/** `User.objects` is Waldur's active-user manager: an inactive user is "not found" too. */
function userField(state: WaldurState, body: Record<string, unknown>): FieldResult<UserRecord> {
  if (!('user' in body)) return { ok: false, error: REQUIRED };
  const uuid = uuidField(body['user']);
  if (!uuid.ok) return { ok: false, error: uuid.error };
  const user = state.users.get(uuid.value);
  return user?.is_active ? { ok: true, value: user } : { ok: false, error: 'User is not found.' };
}

/** Optional and nullable; `YYYY-MM-DD` or ISO 8601; not in the past. */
function expirationField(state: WaldurState, raw: unknown): FieldResult<number | null> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  const parsed = parseDrfDateTime(raw);
  if (parsed === undefined) return { ok: false, error: EXPIRATION_TIME_FORMATS_MESSAGE };
  if (parsed < state.now()) return { ok: false, error: 'Expiration time should be greater than current time.' };
  return { ok: true, value: parsed };
}

/**
 * `has_permission(request, CREATE/UPDATE/DELETE_<SCOPE>_PERMISSION, scope)`: staff always;
 * otherwise a live grant on that very scope whose role carries the permission.
 */
function managesRoles(state: WaldurState, viewer: UserRecord, type: 'customer' | 'project', uuid: string): boolean {
  if (viewer.is_staff) return true;
  return state
    .liveRoles((r) => r.user_uuid === viewer.uuid && r.scope_type === type && r.scope_uuid === uuid)
    .some((r) => roleByName(r.role)?.managesRoles === true);
}

function invalid(errors: Record<string, string[]>): RoleRequestResult {
  return { ok: false, kind: 'invalid', errors };
}
