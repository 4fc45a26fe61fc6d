import type { UserErrorCode } from '../error-codes.js';
import { runWrite, type WriteContext } from '../mutations/run-write.js';
import type { UnifiedUser, WriteResult } from '../sources/model.js';
import type { CallContext, SourceAdapter } from '../sources/source.js';
import { alreadyDone, type OffboardStep } from './plan.js';

export type StepOutcome = 'DONE' | 'ALREADY_DONE' | 'FAILED' | 'NOT_RUN' | 'SKIPPED_UNSUPPORTED' | 'SKIPPED_STALE' | 'OUTCOME_UNKNOWN';

export interface StepResult {
  step: OffboardStep;
  outcome: StepOutcome;
  /** Why a step FAILED, was OUTCOME_UNKNOWN or NOT_RUN: the code of the failure behind it. */
  errorCode: UserErrorCode | null;
  /** Why a step was skipped or failed, in words. */
  note: string | null;
}

/** A step to run, or one whose outcome was settled before the run (a signed step the fresh plan no longer has). */
export interface PlannedStep {
  step: OffboardStep;
  settled?: { outcome: 'ALREADY_DONE' | 'SKIPPED_STALE' | 'NOT_RUN'; errorCode?: UserErrorCode; note: string };
}

/** What a run needs besides the writes: the accounts as read fresh, and a way to read one again. */
export interface RunDeps extends WriteContext {
  /** The account as the vendor has it now, read past every cache of the request. */
  reread(source: string, nativeId: string): Promise<UnifiedUser | null>;
}

/** The key of an account in the run's view of the accounts. */
export const accountKey = (source: string, nativeId: string): string => `${source}\u0000${nativeId}`;

/**
 * Carries a plan out: sources in parallel, one step at a time within a source, each with its own
 * outcome; a failure never stops another source. Each account was read once before the run
 * (`accounts`, null for one that is gone); each write's answer is its new state, so no step reads
 * again, except to tell after a refusal whether the step's effect is there anyway (ALREADY_DONE).
 * After a failure, the source's remaining steps are NOT_RUN (what its vendor cannot do is still
 * SKIPPED_UNSUPPORTED): running the plan again finishes them, and what the first run did reads as
 * ALREADY_DONE. Nothing is retried: a POST whose answer was lost is OUTCOME_UNKNOWN. Every write is
 * audited by runWrite; the run ends with one summary event counting each outcome.
 */
export async function runOffboarding(
  ctx: RunDeps,
  email: string,
  planned: readonly PlannedStep[],
  accounts: Map<string, UnifiedUser | null>,
): Promise<StepResult[]> {
  const bySource = new Map<string, PlannedStep[]>();
  for (const p of planned) bySource.set(p.step.source, [...(bySource.get(p.step.source) ?? []), p]);
  const results = new Map<PlannedStep, StepResult>();
  await Promise.all(
    [...bySource.values()].map(async (sourceSteps) => {
      let failure: StepResult | null = null;
      for (const p of sourceSteps) {
        const { step } = p;
        let result: StepResult;
        if (p.settled) result = { step, outcome: p.settled.outcome, errorCode: p.settled.errorCode ?? null, note: p.settled.note };
        else if (step.work.kind === 'unsupported')
          result = { step, outcome: 'SKIPPED_UNSUPPORTED', errorCode: 'UNSUPPORTED_BY_SOURCE', note: step.work.reason };
        else if (failure) {
          const note = `not run: "${failure.step.description}" failed before it (${failure.errorCode}); run offboard again`;
          result = { step, outcome: 'NOT_RUN', errorCode: failure.errorCode, note };
        } else {
          result = await runStep(ctx, step, accounts);
          if (result.outcome === 'FAILED' || result.outcome === 'OUTCOME_UNKNOWN') failure = result;
        }
        results.set(p, result);
      }
    }),
  );
  const ordered = planned.map((p) => {
    const result = results.get(p);
    if (!result) throw new Error('every planned step has a result');
    return result;
  });
  const outcomes: Partial<Record<StepOutcome, number>> = {};
  for (const r of ordered) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  ctx.logger.info({ audit: { caller: ctx.caller, operation: 'offboard', person: email.toLowerCase(), steps: ordered.length, outcomes } }, 'offboarding');
  return ordered;
}

async function runStep(ctx: RunDeps, step: OffboardStep, accounts: Map<string, UnifiedUser | null>): Promise<StepResult> {
  const key = accountKey(step.source, step.nativeId);
  if (alreadyDone(step, accounts.get(key) ?? null)) return { step, outcome: 'ALREADY_DONE', errorCode: null, note: null };
  const outcome = await runWrite(ctx, {
    operation: `offboard ${step.action}`,
    source: step.source,
    nativeId: step.nativeId,
    call: (adapter, call) => vendorCall(adapter, call, step),
  });
  const [first] = outcome.userErrors;
  if (!first) {
    accounts.set(key, step.work.kind === 'delete' ? null : (outcome.value ?? null));
    return { step, outcome: 'DONE', errorCode: null, note: null };
  }
  const note = outcome.userErrors.map((e) => e.message).join('; ');
  if (first.code === 'OUTCOME_UNKNOWN') return { step, outcome: 'OUTCOME_UNKNOWN', errorCode: first.code, note };
  // Refused: maybe because the effect is there already (revoked by hand meanwhile, deleted by
  // someone else). One fresh read tells; a source that cannot be read leaves the step FAILED.
  const now = await ctx.reread(step.source, step.nativeId).catch(() => undefined);
  if (now !== undefined) {
    accounts.set(key, now);
    if (alreadyDone(step, now)) return { step, outcome: 'ALREADY_DONE', errorCode: null, note: null };
  }
  return { step, outcome: 'FAILED', errorCode: first.code, note };
}

function vendorCall(adapter: SourceAdapter, call: CallContext, step: OffboardStep): Promise<WriteResult<UnifiedUser>> {
  const work = step.work;
  switch (work.kind) {
    case 'revoke':
      return adapter.revokeRole(call, step.nativeId, work.grant);
    case 'flags':
      return adapter.updateUser(call, step.nativeId, { waldur: { [work.flag]: false } });
    case 'deactivate':
      return adapter.updateUser(call, step.nativeId, { waldur: { isActive: false } });
    case 'delete':
      return adapter.deleteUser(call, step.nativeId);
    case 'unsupported':
      throw new Error('an unsupported step is never sent');
  }
}
