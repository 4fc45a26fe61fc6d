import type { RoleGrant, UnifiedUser, UserErrorInfo, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import type { WaldurWriteAnswer } from './client-writes.js';
import type { Checked } from './input-rules.js';
import { toScope } from './permissions.js';
import { refused, toUserErrors, userError } from './user-errors.js';
import { canonicalUuid, readUser, readWireUser, requireUserUuid, type WaldurWriteDeps } from './user-lookup.js';
import type { WaldurPermission, WaldurRoleCollection, WaldurRoleRequest, WaldurUser } from './wire.js';

/** Waldur's two role-bearing scopes (README "Request bodies": `CUSTOMER.*` and `PROJECT.*` role names). */
const SCOPES = {
  CUSTOMER: { collection: 'customers', prefix: 'CUSTOMER.', noun: 'customer' },
  PROJECT: { collection: 'projects', prefix: 'PROJECT.', noun: 'project' },
} as const;

interface CheckedGrant {
  kind: keyof typeof SCOPES;
  collection: WaldurRoleCollection;
  scopeUuid: string;
  role: string;
  /** undefined: not given (leave an existing expiry alone); null: never expires. */
  expiresAt: Date | null | undefined;
}

/**
 * GRANT_ROLE. Reads the user first: a role she already holds in that scope gets `update_user`
 * with the new expiry, or no write at all when no expiry was given; otherwise `add_user` (201).
 * The user is read again afterwards, as the role actions answer only `{expiration_time}`.
 * Calls: 3 (GET, POST, GET), or 1 when the role is held and no expiry was given.
 */
export async function grantRole(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const checked = checkGrant(grant);
  if (!checked.ok) return refused(checked.userErrors);
  const g = checked.value;
  const wire = await readWireUser(deps, ctx, uuid);
  const held = heldPermission(wire, g) !== undefined;
  if (held && g.expiresAt === undefined) return { ok: true, value: deps.map(wire) };
  const body: WaldurRoleRequest = { role: g.role, user: uuid };
  // Absent on add_user means "never expires"; update_user is only sent with an expiry given.
  if (g.expiresAt !== undefined) body.expiration_time = g.expiresAt === null ? null : g.expiresAt.toISOString();
  const answer = await deps.client.writes.changeRole(ctx, g.collection, g.scopeUuid, held ? 'update_user' : 'add_user', body);
  if (!answer.ok) return refused(roleErrors(answer, g));
  return { ok: true, value: await readUser(deps, ctx, uuid) };
}

/**
 * REVOKE_ROLE. Reads the user first: a role she does not hold in that scope is NOT_ALLOWED with no
 * write (Waldur's delete_user would answer 200 anyway). Else `delete_user`, then a re-read.
 * Calls: 3, or 1 when the role is not held.
 */
export async function revokeRole(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const checked = checkGrant(grant);
  if (!checked.ok) return refused(checked.userErrors);
  const g = checked.value;
  const wire = await readWireUser(deps, ctx, uuid);
  if (heldPermission(wire, g) === undefined) {
    return refused([userError(['role'], `the user does not hold ${g.role} in ${SCOPES[g.kind].noun} ${g.scopeUuid}`, 'NOT_ALLOWED')]);
  }
  const answer = await deps.client.writes.changeRole(ctx, g.collection, g.scopeUuid, 'delete_user', { role: g.role, user: uuid });
  if (!answer.ok) return refused(roleErrors(answer, g));
  return { ok: true, value: await readUser(deps, ctx, uuid) };
}

/** Waldur's rules that need no call: a customer or project scope with a uuid, and a role of that scope's kind. */
export function checkGrant(grant: RoleGrant): Checked<CheckedGrant> {
  const errors: UserErrorInfo[] = [];
  const kind = grant.scope.kind === 'CUSTOMER' || grant.scope.kind === 'PROJECT' ? grant.scope.kind : undefined;
  if (kind === undefined) {
    const hint = grant.scope.kind === 'SYSTEM' ? ' (staff and support are the user fields waldur.isStaff and waldur.isSupport)' : '';
    errors.push(userError(['scope', 'kind'], `must be CUSTOMER or PROJECT for Waldur, but got: ${grant.scope.kind}${hint}`, 'INVALID'));
  }
  const id = grant.scope.id;
  const missing = id === null || id === undefined || id === '';
  const scopeUuid = missing ? undefined : canonicalUuid(id);
  // The id and the role are judged against a customer or a project only.
  if (kind !== undefined) {
    const { noun, prefix } = SCOPES[kind];
    if (missing) errors.push(userError(['scope', 'id'], `is required: the uuid of the Waldur ${noun}`, 'REQUIRED'));
    else if (scopeUuid === undefined)
      errors.push(userError(['scope', 'id'], `must be a Waldur ${noun} uuid (32 hex digits, dashes allowed), but got: ${JSON.stringify(id)}`, 'INVALID'));
    if (!grant.role.startsWith(prefix))
      errors.push(userError(['role'], `must be a ${prefix}* role on a ${noun}, but got: ${JSON.stringify(grant.role)}`, 'INVALID'));
  }
  if (grant.expiresAt instanceof Date && Number.isNaN(grant.expiresAt.getTime())) errors.push(userError(['expiresAt'], 'must be a valid date', 'INVALID'));
  if (errors.length > 0 || kind === undefined || scopeUuid === undefined) return { ok: false, userErrors: errors };
  return { ok: true, value: { kind, collection: SCOPES[kind].collection, scopeUuid, role: grant.role, expiresAt: grant.expiresAt } };
}

/** The user's live grant of that role on that very scope (`permissions[]` lists live grants only). */
function heldPermission(wire: WaldurUser, g: CheckedGrant): WaldurPermission | undefined {
  return (wire.permissions ?? []).find((p) => {
    if (p.role_name !== g.role) return false;
    const scope = toScope(p);
    return scope.kind === g.kind && scope.id !== null && canonicalUuid(scope.id) === g.scopeUuid;
  });
}

/**
 * permissions/serializers.py refusals: field errors on `role` / `expiration_time`, and non-field
 * texts, two of which are about the role. A DRF 404 is the scope: missing, or hidden from the credential.
 */
function roleErrors(answer: Extract<WaldurWriteAnswer<null>, { ok: false }>, g: CheckedGrant): UserErrorInfo[] {
  if (answer.status === 404) {
    return [userError(['scope', 'id'], `source has no ${SCOPES[g.kind].noun} ${g.scopeUuid}, or the credential cannot see it`, 'NOT_FOUND')];
  }
  return toUserErrors(answer.messages, {
    fields: { role: ['role'], expiration_time: ['expiresAt'] },
    messages: {
      'Role is not valid for this scope.': ['role'],
      'User has already the same role in this scope.': ['role'],
    },
  });
}
