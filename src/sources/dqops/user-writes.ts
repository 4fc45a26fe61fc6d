import { UpstreamError } from '../../errors.js';
import type { NewUser, UnifiedUser, UserChanges, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import { accountRoleOf, checkChanges, checkNewUser, toDomainMap } from './input-rules.js';
import { DQOPS_NO_ROLE, toUser } from './mapping.js';
import { planChanges } from './role-changes.js';
import type { DqopsUserRolesWrite } from './wire.js';
import { changeRoles, type DqopsWriteDeps, LIMIT_EXCEEDED, notFound, readFresh } from './write-steps.js';

/** `GET` (taken?), `POST /api/users`, then `GET` the new user: DQOps answers the POST with an empty body. */
export async function createUser(deps: DqopsWriteDeps, ctx: CallContext, user: NewUser): Promise<WriteResult<UnifiedUser>> {
  const userErrors = checkNewUser(user);
  if (userErrors.length > 0) return { ok: false, userErrors };
  // contracts/dqops README: DQOps answers a duplicate with 403 (the cloud's 4xx), which reads
  // as access denied; look first. A user created by someone else between this GET and the
  // POST still ends in UPSTREAM_FORBIDDEN.
  if ((await deps.client.getUser(ctx, user.email)) !== null) {
    return { ok: false, userErrors: [{ field: ['email'], code: 'TAKEN', message: 'this DQOps account already has a user with this email' }] };
  }
  const model: DqopsUserRolesWrite = {
    email: user.email,
    accountRole: accountRoleOf(user.roles) ?? DQOPS_NO_ROLE,
    dataDomainRoles: toDomainMap(user.dataDomainRoles ?? []),
  };
  const outcome = await deps.writes.createUser(ctx, model);
  if (outcome === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
  if (outcome === 'rejected')
    return {
      ok: false,
      userErrors: [{ field: ['email'], code: 'INVALID', message: 'DQOps refused the new user (HTTP 406): its email is empty or missing' }],
    };
  const created = await deps.client.getUser(ctx, user.email);
  if (created === null) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${deps.source}" answered 201 to creating a user but then had no such user`, {
      source: deps.source,
      httpStatus: 404,
      retryable: false,
    });
  }
  return { ok: true, value: toUser(created, deps.source) };
}

/** `GET`, then `PUT /api/users/{email}` with the whole model when something changes, then `GET`. */
export function updateUser(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string, changes: UserChanges): Promise<WriteResult<UnifiedUser>> {
  // Read first: the PUT replaces the whole model, and its answer for an unknown user is a 500.
  return changeRoles(
    deps,
    ctx,
    nativeId,
    () => checkChanges(changes),
    (current) => planChanges(nativeId, current, changes),
  );
}

/** `GET` (the user as last seen, which is the answer), then `DELETE /api/users/{email}`. */
export async function deleteUser(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
  const lastSeen = toUser(await readFresh(deps, ctx, nativeId), deps.source);
  if (!(await deps.writes.deleteUser(ctx, nativeId))) throw notFound(deps.source);
  return { ok: true, value: lastSeen };
}
