import type { RoleGrant, UnifiedUser, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import { checkRoleGrant } from './input-rules.js';
import { toUser } from './mapping.js';
import { planGrant, planRevoke } from './role-changes.js';
import { changeRoles, type DqopsWriteDeps, LIMIT_EXCEEDED, notFound, readFresh, unlessMissing } from './write-steps.js';

/** Read-modify-write: a fresh `GET`, then the whole model `PUT` when the role is not already held. */
export function grantRole(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>> {
  return changeRoles(
    deps,
    ctx,
    nativeId,
    () => checkRoleGrant(grant, 'grant'),
    (current) => planGrant(nativeId, current, grant),
  );
}

/** Read-modify-write, as grantRole; a role not held is a userError with no PUT. */
export function revokeRole(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string, grant: RoleGrant): Promise<WriteResult<UnifiedUser>> {
  return changeRoles(
    deps,
    ctx,
    nativeId,
    () => checkRoleGrant(grant, 'revoke'),
    (current) => planRevoke(nativeId, current, grant),
  );
}

/** `PUT /api/users/{email}/password`, then `GET`; an unknown user's 500 is told apart from a real one. */
export async function changePassword(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string, password: string): Promise<WriteResult<UnifiedUser>> {
  if (nativeId === '') throw notFound(deps.source);
  const outcome = await unlessMissing(deps, ctx, nativeId, deps.writes.setPassword(ctx, nativeId, password));
  if (outcome === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
  if (outcome === 'rejected')
    return { ok: false, userErrors: [{ field: ['password'], code: 'INVALID', message: 'DQOps refused the password (HTTP 406): it must not be empty' }] };
  return { ok: true, value: toUser(await readFresh(deps, ctx, nativeId), deps.source) };
}

/** `PUT /api/mypassword`: the credential owner's password. */
export async function changeMyPassword(deps: DqopsWriteDeps, ctx: CallContext, password: string): Promise<WriteResult<UnifiedUser | null>> {
  if ((await deps.writes.setMyPassword(ctx, password)) === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
  // DQOps has no "who am I" endpoint (README), so the caller's user cannot be returned.
  return { ok: true, value: null };
}
