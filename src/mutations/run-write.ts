import { GatewayError, UpstreamError } from '../errors.js';
import type { AbortLike } from '../http/cut-signal.js';
import type { RequestLoaders } from '../loaders/create-loaders.js';
import type { UserErrorInfo, WriteResult } from '../sources/model.js';
import type { CallContext, SourceAdapter } from '../sources/source.js';
import { LockUnavailable, type StateStore } from '../state/state-store.js';

/** What a write needs from the request, and no more (the GraphQL context is one). */
export interface WriteContext {
  /** The adapter of a source the caller may use; throws the GatewayError otherwise. */
  runtime(source: string): { readonly adapter: SourceAdapter };
  callContext(source: string): CallContext;
  /** Writes to one (source, user) run one at a time, across requests and (with Redis) replicas. */
  readonly locks: Pick<StateStore, 'withLock'>;
  /** How long a write may hold its account's lock, and wait for it (the request's deadline). */
  readonly lockTiming: { ttlMs: number; waitMs: number };
  /** The request's deadline: waiting for a lock ends with it. */
  deadline?(): AbortLike;
  readonly loaders: RequestLoaders;
  /** Where audit events go (pino's `info`). */
  readonly logger: { info(event: object, message: string): void };
  /** Who is calling, as the audit log names them. */
  readonly caller: string;
  /** Where a source's failure is noted for the request log and metrics. */
  readonly report?: { sourceErrors: [string, string][] };
}

export interface WriteSpec<T> {
  /** The mutation's name, for errors and the audit log. */
  operation: string;
  source: string;
  /** The user written; null for the credential's own account. */
  nativeId: string | null;
  /** The input field naming that user (`['userId']`), where a NOT_FOUND is put. */
  subjectField?: string[];
  call(adapter: SourceAdapter, ctx: CallContext): Promise<WriteResult<T>>;
}

export interface WriteOutcome<T> {
  value: T | null;
  userErrors: UserErrorInfo[];
}

/**
 * Runs one write: serializes writes per (source, user), makes later reads in the request see the
 * change, and writes one audit event whatever happens. An unsupported operation is refused by the
 * adapter's capability guard (capability-guard.ts) before any call. Input problems and every
 * failure of the source come back as userErrors on the mutation's own payload (PRODUCT.md
 * section 4: failures stay in their field), so one failing mutation never nulls the others;
 * anything else (a bug, a caller outside the source) still throws. Nothing here retries: a lost
 * answer to a POST stays OUTCOME_UNKNOWN.
 */
export async function runWrite<T>(ctx: WriteContext, spec: WriteSpec<T>): Promise<WriteOutcome<T>> {
  const runtime = ctx.runtime(spec.source);
  try {
    const lockKey = `${spec.source}\u0000${spec.nativeId ?? '\u0000self'}`;
    const lock = { ...ctx.lockTiming, ...(ctx.deadline ? { signal: ctx.deadline() } : {}) };
    const result = await ctx.locks.withLock(lockKey, lock, () => spec.call(runtime.adapter, { ...ctx.callContext(spec.source), fresh: true }));
    ctx.loaders.invalidate(spec.source);
    if (result.ok) {
      audit(ctx, spec, 'applied');
      return { value: result.value, userErrors: [] };
    }
    const userErrors = result.userErrors.map((e) => ({ ...e, source: spec.source }));
    audit(ctx, spec, 'rejected', userErrors);
    return { value: null, userErrors };
  } catch (err) {
    if (err instanceof LockUnavailable) {
      // Nothing was sent: the account's lock was held too long by another write, or could not be taken at all.
      audit(ctx, spec, 'LOCKED');
      return {
        value: null,
        userErrors: [{ field: null, code: 'LOCKED', message: `${err.message}; nothing was sent`, source: spec.source, retryable: true, retryAfter: 1 }],
      };
    }
    // Even a failed or unknown write may have changed something upstream; an unsupported one (the
    // adapter's capability guard refused it) sent nothing.
    if (!(err instanceof UpstreamError && err.code === 'UNSUPPORTED_BY_SOURCE')) ctx.loaders.invalidate(spec.source);
    audit(ctx, spec, err instanceof GatewayError ? err.code : 'INTERNAL_ERROR', undefined, err);
    if (err instanceof UpstreamError) {
      ctx.report?.sourceErrors.push([err.source, err.code]);
      return { value: null, userErrors: [sourceFailure(err, spec.subjectField ?? null)] };
    }
    throw err;
  }
}

/** A source's failure as the userError of the one mutation it belongs to. */
export function sourceFailure(err: UpstreamError, subjectField: string[] | null): UserErrorInfo {
  const failure: UserErrorInfo = {
    field: err.code === 'NOT_FOUND' ? subjectField : null,
    message: err.message,
    code: err.code,
    source: err.source,
    retryable: err.retryable,
  };
  if (err.retryAfterMs !== undefined) failure.retryAfter = Math.ceil(err.retryAfterMs / 1000);
  return failure;
}

/** Input refused before any upstream call: no lock, no call, one audit event. */
export function rejectInput<T>(ctx: WriteContext, operation: string, source: string | null, userErrors: UserErrorInfo[]): WriteOutcome<T> {
  auditEvent(ctx, { operation, source, user: null, outcome: 'rejected', userErrorFields: userErrors.map((e) => e.field?.join('.') ?? null) });
  return { value: null, userErrors };
}

function audit(ctx: WriteContext, spec: WriteSpec<unknown>, outcome: string, userErrors?: UserErrorInfo[], err?: unknown): void {
  auditEvent(ctx, {
    operation: spec.operation,
    source: spec.source,
    user: spec.nativeId,
    outcome,
    ...(userErrors ? { userErrorFields: userErrors.map((e) => e.field?.join('.') ?? null) } : {}),
    ...(err instanceof UpstreamError && err.httpStatus !== undefined ? { upstreamStatus: err.httpStatus } : {}),
  });
}

/**
 * One line per mutation: who, what, which source and user, the outcome. Never the input: it can
 * hold a password, a code or a token; the fields of refused input are named, not their values.
 */
function auditEvent(ctx: WriteContext, event: Record<string, unknown>): void {
  ctx.logger.info({ audit: { caller: ctx.caller, ...event } }, 'mutation');
}
