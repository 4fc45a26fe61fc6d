import type { UnifiedUser, UserErrorInfo, WriteResult } from '../sources/model.js';
import type { CallContext, SourceAdapter } from '../sources/source.js';
import { rejectInput, runWrite, type WriteContext, type WriteOutcome } from './run-write.js';
import { InputChecks } from './validate-input.js';

/** The payload of the mutations that answer with the changed user. */
export type UserPayload = { user: UnifiedUser | null; userErrors: UserErrorInfo[] };

export const asUserPayload = (o: WriteOutcome<UnifiedUser | null>): UserPayload => ({ user: o.value, userErrors: o.userErrors });

export interface UserWriteSpec<T> {
  operation: string;
  /** The `userId` argument (a User.id). */
  userId: string;
  /** The mutation's own input checks, after the id's; `source` is the user's (from the id). */
  check?: (checks: InputChecks, source: string) => void;
  call(adapter: SourceAdapter, ctx: CallContext, nativeId: string): Promise<WriteResult<T>>;
}

/**
 * The scaffolding of every mutation on one user named by `userId`: decode the id, run the input
 * checks, refuse with userErrors (and an audit event) before any call, else run the write.
 */
export function writeOnUser<T>(ctx: WriteContext, spec: UserWriteSpec<T>): Promise<WriteOutcome<T>> {
  const checks = new InputChecks();
  const id = checks.userId(['userId'], spec.userId);
  if (id) spec.check?.(checks, id.source);
  if (!id || !checks.ok || !checks.source(['userId'], id.source, ctx))
    return Promise.resolve(rejectInput(ctx, spec.operation, id?.source ?? null, checks.errors));
  return runWrite(ctx, {
    operation: spec.operation,
    source: id.source,
    nativeId: id.nativeId,
    subjectField: ['userId'],
    call: (adapter, call) => spec.call(adapter, call, id.nativeId),
  });
}
