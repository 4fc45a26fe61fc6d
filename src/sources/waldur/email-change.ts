import type { UnifiedUser, WriteResult } from '../model.js';
import type { CallContext } from '../source.js';
import { refused, toUserErrors, userError } from './user-errors.js';
import { canonicalUuid, readUser, requireUserUuid, type WaldurWriteDeps } from './user-lookup.js';

// Waldur's email change (README "Request bodies"): change_email stores a pending request and
// mails a code to the new address; confirm_email with that code moves the email; cancel drops
// the request. Each answers `{"detail": …}` or nothing, so the user is read again.

/**
 * EMAIL_CHANGE, step 1: `change_email` (staff or the user herself), then a re-read, whose
 * `details.requestedEmail` shows the pending address. Refusals: `{"email": [...]}` on `email`,
 * `{"detail": …}` (the identity provider owns the email) on no one field. Calls: 2.
 */
export async function requestEmailChange(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string, email: string): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const answer = await deps.client.writes.changeEmail(ctx, uuid, email);
  if (!answer.ok) return refused(toUserErrors(answer.messages, { fields: { email: ['email'] } }));
  return { ok: true, value: await readUser(deps, ctx, uuid) };
}

/**
 * EMAIL_CHANGE, step 2: `confirm_email {code}`. Waldur finds the user from the code and answers
 * no user, so the value is null. The code must be uuid-like (README) — checked before any call.
 * Refusals (bare arrays: "Request has expired.", and a 404 for a code nobody holds) go on `code`,
 * without quoting it: the code is a credential for the change. Calls: 1.
 */
export async function confirmEmailChange(deps: WaldurWriteDeps, ctx: CallContext, code: string): Promise<WriteResult<null>> {
  if (code.trim() === '') return refused([userError(['code'], 'is required: the code Waldur mailed to the new address', 'REQUIRED')]);
  if (!isUuidLike(code)) return refused([userError(['code'], 'must be the code Waldur mailed (a uuid: 32 hex digits, dashes allowed)', 'INVALID')]);
  const answer = await deps.client.writes.confirmEmail(ctx, code.trim());
  if (answer.ok) return { ok: true, value: null };
  if (answer.status === 404) return refused([userError(['code'], 'no pending email change has this code (already used, cancelled or replaced)', 'NOT_FOUND')]);
  return refused(toUserErrors(answer.messages, { fields: { code: ['code'] }, nonField: ['code'] }));
}

/**
 * EMAIL_CHANGE: `cancel_change_email` drops a pending change (Waldur answers 200 whether or not
 * one was pending), then a re-read: `details.requestedEmail` is null. Calls: 2.
 */
export async function cancelEmailChange(deps: WaldurWriteDeps, ctx: CallContext, nativeId: string): Promise<WriteResult<UnifiedUser>> {
  const uuid = requireUserUuid(deps.source, nativeId);
  const answer = await deps.client.writes.cancelChangeEmail(ctx, uuid);
  if (!answer.ok) return refused(toUserErrors(answer.messages, { fields: {} }));
  return { ok: true, value: await readUser(deps, ctx, uuid) };
}

/** Python's `uuid.UUID(text)` as `is_uuid_like` applies it, for the forms clients send. */
function isUuidLike(code: string): boolean {
  const text = code.trim();
  return canonicalUuid(text) !== undefined || canonicalUuid(text.replace(/^\{|\}$/g, '')) !== undefined;
}
