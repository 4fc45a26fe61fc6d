import { UpstreamError } from '../../errors.js';
import type { UnifiedUser, UserToken, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import { toUserToken } from './mapping.js';
import { refused, toUserErrors } from './user-errors.js';
import { canonicalUuid, readUser, requireUserUuid, type WaldurWriteDeps } from './user-lookup.js';

/**
 * CHANGE_PASSWORD: `change_password` (staff only: 403 UPSTREAM_FORBIDDEN for anyone else, even
 * on herself; README "Request bodies"), then a re-read, as the answer is `{"status": "password set"}`.
 * Refusals name `password` with a message that cannot quote it (user-errors.ts). Calls: 2.
 */
export async function changePassword(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string, password: string): Promise<WriteResult<UnifiedUser>> {
  return setPassword(deps, ctx, requireUserUuid(deps.source, nativeId), password);
}

/**
 * CHANGE_MY_PASSWORD: Waldur has no "my password" action, so `GET /api/users/me/` gives the
 * credential owner's uuid and `change_password` runs on it; being staff-only, it works for a
 * staff credential only (403 otherwise). Calls: 3 (me, change_password, re-read).
 */
export async function changeMyPassword(deps: WaldurWriteDeps, ctx: CallContext, password: string): Promise<WriteResult<UnifiedUser | null>> {
  const me = await deps.client.currentUser(ctx);
  const uuid = canonicalUuid(me.uuid);
  if (uuid === undefined) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${deps.source}" answered users_me_retrieve with a uuid that is not one`, {
      source: deps.source,
      retryable: false,
    });
  }
  return setPassword(deps, ctx, uuid, password);
}

/**
 * REFRESH_USER_TOKEN: `refresh_token` (staff only) → the new `UserAuthToken`; the old token stops
 * working at once. The token is returned to the caller only: never logged, never in an error
 * (wire.ts's parse errors name key paths, not values). Calls: 1.
 */
export async function refreshUserToken(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string): Promise<WriteResult<UserToken>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  return { ok: true, value: toUserToken(await deps.client.writes.refreshToken(ctx, uuid), deps.source) };
}

/**
 * SYNC_REMOTE_USER: `pull_remote_user` (an eduTEAMS account), then a re-read. Waldur refuses
 * other accounts with a bare-array ValidationError, which becomes a userError on no one field.
 * Calls: 2, or 1 when refused.
 */
export async function syncRemoteUser(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const answer = await deps.client.writes.pullRemoteUser(ctx, uuid);
  if (!answer.ok) return refused(toUserErrors(answer.messages, { fields: {} }));
  return { ok: true, value: await readUser(deps, ctx, uuid) };
}

async function setPassword(deps: WaldurWriteDeps, ctx: CallContext, uuid: string, password: string): Promise<WriteResult<UnifiedUser>> {
  const answer = await deps.client.writes.changePassword(ctx, uuid, password);
  if (!answer.ok) return refused(toUserErrors(answer.messages, { fields: { new_password: ['password'] }, nonField: ['password'], secret: true }));
  return { ok: true, value: await readUser(deps, ctx, uuid) };
}
