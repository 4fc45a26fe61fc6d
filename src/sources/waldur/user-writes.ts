import type { NewUser, UnifiedUser, UserChanges, UserErrorInfo, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import { toUserCreate, toUserPatch } from './input-rules.js';
import { USER_ORDERING, WALDUR_MAX_PAGE_SIZE } from './list-query.js';
import { refused, toUserErrors, USER_FIELD_PATHS } from './user-errors.js';
import { readUser, readWireUser, requireUserUuid, type WaldurWriteDeps } from './user-lookup.js';

/**
 * `POST /api/users/` (staff only; README "Who may do what"): one call, never retried. A missing
 * username is derived from the email (input-rules.ts `deriveUsername`). The 201 body is the whole
 * new user, so nothing is re-read. Waldur itself lets two users share an email; the gateway does
 * not (a duplicate email is TAKEN on every vendor), so one `GET /api/users/?email=` comes first.
 */
export async function createUser(deps: WaldurWriteDeps, ctx: CallContext, user: NewUser): Promise<WriteResult<UnifiedUser>> {
  const checked = toUserCreate(user);
  if (!checked.ok) return refused(checked.userErrors);
  const { body, derivedUsername } = checked.value;
  if (await emailTaken(deps, ctx, user.email)) {
    return refused([{ field: ['email'], code: 'TAKEN', message: `source "${deps.source}" already has a user with this email` }]);
  }
  const answer = await deps.client.writes.createUser(ctx, body);
  if (!answer.ok) {
    const errors = toUserErrors(answer.messages, { fields: USER_FIELD_PATHS });
    return refused(derivedUsername ? errors.map((e) => explainDerived(e, body.username ?? '')) : errors);
  }
  return { ok: true, value: deps.map(answer.value) };
}

/**
 * `PATCH /api/users/{uuid}/` with only the given fields (staff, or the user herself). Waldur
 * drops fields the credential may not write (`is_*`, `description` for non-staff) without a
 * word; the answer shows what it kept. No changes at all: one GET, as a PATCH `{}` would still
 * run Waldur's policy check ("User must agree with the policy.") and change nothing.
 */
export async function updateUser(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string, changes: UserChanges): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const checked = toUserPatch(changes);
  if (!checked.ok) return refused(checked.userErrors);
  if (Object.keys(checked.value).length === 0) return { ok: true, value: await readUser(deps, ctx, uuid) };
  const answer = await deps.client.writes.updateUser(ctx, uuid, checked.value);
  if (!answer.ok) return refused(toUserErrors(answer.messages, { fields: USER_FIELD_PATHS }));
  return { ok: true, value: deps.map(answer.value) };
}

/** `GET` (the user to return, as last seen), then `DELETE /api/users/{uuid}/` (staff only) → 204. */
export async function deleteUser(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const wire = await readWireUser(deps, ctx, uuid);
  await deps.client.writes.deleteUser(ctx, uuid);
  return { ok: true, value: deps.map(wire) };
}

/** The caller gave no username: say which one was tried and where it came from. */
function explainDerived(error: UserErrorInfo, username: string): UserErrorInfo {
  if (error.field?.[0] !== 'username') return error;
  // The caller gave no username: the one at fault is the email it was made from.
  return { ...error, field: ['email'], message: `${error.message} (the username ${JSON.stringify(username)} was derived from the email; give a username)` };
}

/** Whether a user with this email (any letter case) exists; Waldur's `email=` is icontains, so the exact match is picked here. */
async function emailTaken(deps: WaldurWriteDeps, ctx: CallContext, email: string): Promise<boolean> {
  const page = await deps.client.listUsers(ctx, { email: email.trim(), o: USER_ORDERING, page_size: WALDUR_MAX_PAGE_SIZE });
  return page.kind === 'page' && page.users.some((u) => (u.email ?? '').toLowerCase() === email.trim().toLowerCase());
}
