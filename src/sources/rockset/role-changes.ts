import { UpstreamError } from '../../errors.js';
import { type ChangePlan, readModifyWrite } from '../kit/read-modify-write.js';
import type { RoleGrant, UnifiedUser, WriteResult } from '../model.js';
import type { CallContext, ListAllAdapter } from '../source.js';
import type { RocksetClient } from './client.js';
import type { RocksetWriteClient } from './client-writes.js';
import { assertUserKey, checkRoleGrant, refused } from './input-rules.js';
import { toRejectionError, toUser } from './mapping.js';
import type { RocksetUser } from './wire.js';

// The update's `roles` is the only field a role change sends; a refusal of it is about `role`.
const ROLE_FIELDS = new Map([['roles', ['role']]]);

/**
 * grantRole and revokeRole as Rockset allows them: it has no grant endpoint, only the user update
 * whose `roles` replaces the whole list (issue 4: "roles list, read-modify-write through the update
 * POST"). Each change reads the user fresh (a GET of its own, never a shared or cached answer),
 * changes the list, and POSTs it whole; the bare `User` the update answers is the new state. The
 * gateway serializes writes per user, so no other change of this gateway can land in between;
 * one made outside it (Rockset's console) still can, and Rockset offers nothing to detect that.
 *
 * Calls: a grant or revoke that changes something is a GET and a POST; a grant of a role already
 * held, a revoke of one not held, and a revoke of the last role are the GET alone.
 */
export function createRoleChanges(name: string, client: RocksetClient, writes: RocksetWriteClient): Pick<ListAllAdapter, 'grantRole' | 'revokeRole'> {
  /** The user as Rockset has it now; NOT_FOUND (thrown) when it has no such user. */
  const readFresh = async (ctx: CallContext, nativeId: string): Promise<RocksetUser> => {
    const user = await client.getUser(ctx, nativeId, { fresh: true });
    if (user) return user;
    throw new UpstreamError('NOT_FOUND', `source "${name}" has no such user (HTTP 404)`, { source: name, httpStatus: 404, retryable: false });
  };

  const replaceRoles = async (ctx: CallContext, nativeId: string, roles: string[]): Promise<WriteResult<UnifiedUser>> => {
    const answer = await writes.updateUser(ctx, nativeId, { roles });
    if (!answer.ok) return refused([toRejectionError(answer.rejected.message, ROLE_FIELDS, name)]);
    return { ok: true, value: toUser(answer.value, name) };
  };

  const change = (ctx: CallContext, nativeId: string, grant: RoleGrant, plan: (roles: readonly string[]) => ChangePlan<string[]>) => {
    assertUserKey(name, nativeId);
    return readModifyWrite<RocksetUser, string[]>({
      check: () => checkRoleGrant(grant),
      read: () => readFresh(ctx, nativeId),
      plan: (current) => plan(current.roles ?? []),
      unchanged: (current) => toUser(current, name),
      write: (roles) => replaceRoles(ctx, nativeId, roles),
    });
  };

  return {
    grantRole: async (ctx, nativeId, grant) => change(ctx, nativeId, grant, (roles) => planGrant(roles, grant.role)),
    revokeRole: async (ctx, nativeId, grant) => change(ctx, nativeId, grant, (roles) => planRevoke(roles, grant.role)),
  };
}

/**
 * grantRole adds the role to the user's list. Already held (names match exactly, as Rockset's
 * do): no write, and the fresh user is the answer. A role the org does not have is Rockset's to
 * refuse (UPSTREAM_REJECTED on `role`): custom roles exist, so no list is kept here.
 */
export function planGrant(roles: readonly string[], role: string): ChangePlan<string[]> {
  return roles.includes(role) ? { kind: 'unchanged' } : { kind: 'write', model: [...roles, role] };
}

/**
 * revokeRole removes the role from the user's list. Not held: NOT_ALLOWED on `role`, no write.
 * The last role: NOT_ALLOWED on `role`, no write, because Rockset refuses an update whose `roles`
 * is empty (the simulator: 400 INVALIDINPUT "roles must name at least one role"; CreateUserRequest
 * requires roles too), and a refusal before the call says why better than the vendor's 400.
 */
export function planRevoke(roles: readonly string[], role: string): ChangePlan<string[]> {
  const quoted = JSON.stringify(role.slice(0, 100));
  if (!roles.includes(role)) {
    return refusedPlan(`the user does not hold role ${quoted}, so there is nothing to revoke`);
  }
  const remaining = roles.filter((r) => r !== role);
  if (remaining.length === 0) {
    return refusedPlan(`role ${quoted} is the user's only role, and a Rockset user keeps at least one: grant another role first, or delete the user`);
  }
  return { kind: 'write', model: remaining };
}

function refusedPlan(message: string): ChangePlan<string[]> {
  return { kind: 'refused', userErrors: [{ field: ['role'], code: 'NOT_ALLOWED', message }] };
}
