import { UpstreamError } from '../../errors.js';
import { readModifyWrite } from '../kit/read-modify-write.js';
import type { UnifiedUser, UserErrorInfo, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import type { DqopsClient } from './client.js';
import type { DqopsWriteClient, DqopsWriteOutcome } from './client-writes.js';
import { toUser } from './mapping.js';
import type { RolePlan } from './role-changes.js';
import type { DqopsUserRolesModel } from './wire.js';

/** What every DQOps write needs: the source's name, its read client and its write client. */
export interface DqopsWriteDeps {
  source: string;
  client: DqopsClient;
  writes: DqopsWriteClient;
}

export const LIMIT_EXCEEDED: UserErrorInfo = { field: null, code: 'LIMIT_EXCEEDED', message: "the DQOps account's user limit is reached (HTTP 400)" };

export function notFound(source: string, cause?: unknown): UpstreamError {
  return new UpstreamError('NOT_FOUND', `source "${source}" has no user with that email`, { source, httpStatus: 404, retryable: false, cause });
}

/** GET /api/users/{email}; a missing user (or an empty id, which would address the list) is NOT_FOUND. */
export async function readFresh(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string): Promise<DqopsUserRolesModel> {
  const wire = nativeId === '' ? null : await deps.client.getUser(ctx, nativeId);
  if (wire === null) throw notFound(deps.source);
  return wire;
}

/**
 * An update or password change of an unknown user is an uncaught exception upstream: a 500, not
 * a 404 (contracts/dqops README). On a 500 one GET tells the two apart; when that GET fails too,
 * the original error stands.
 */
export async function unlessMissing(deps: DqopsWriteDeps, ctx: CallContext, nativeId: string, write: Promise<DqopsWriteOutcome>): Promise<DqopsWriteOutcome> {
  try {
    return await write;
  } catch (err) {
    if (!(err instanceof UpstreamError) || err.code !== 'UPSTREAM_UNAVAILABLE' || err.httpStatus !== 500) throw err;
    let exists: boolean;
    try {
      exists = (await deps.client.getUser(ctx, nativeId)) !== null;
    } catch {
      throw err;
    }
    throw exists ? err : notFound(deps.source, err);
  }
}

/**
 * A DQOps role change: read the user fresh, plan the whole model from it (role-changes.ts), and
 * `PUT` it only when something changes, then read the user again (DQOps answers the PUT with an
 * empty body). An unknown user is NOT_FOUND whichever step finds out.
 */
export function changeRoles(
  deps: DqopsWriteDeps,
  ctx: CallContext,
  nativeId: string,
  check: () => UserErrorInfo[],
  plan: (current: DqopsUserRolesModel) => RolePlan,
): Promise<WriteResult<UnifiedUser>> {
  return readModifyWrite({
    check,
    read: () => readFresh(deps, ctx, nativeId),
    plan,
    unchanged: (current) => toUser(current, deps.source),
    write: async (model) => {
      const outcome = await unlessMissing(deps, ctx, nativeId, deps.writes.updateUser(ctx, nativeId, model));
      if (outcome === 'limit') return { ok: false, userErrors: [LIMIT_EXCEEDED] };
      return { ok: true, value: toUser(await readFresh(deps, ctx, nativeId), deps.source) };
    },
  });
}
