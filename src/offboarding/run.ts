import { GatewayError } from '../errors.js';
import { runWrite, type WriteContext } from '../mutations/run-write.js';
import type { UnifiedUser, WriteResult } from '../sources/model.js';
import type { CallContext, SourceAdapter } from '../sources/source.js';
import { alreadyDone, type OffboardStep } from './plan.js';

export type StepOutcome = 'DONE' | 'ALREADY_DONE' | 'FAILED' | 'SKIPPED_UNSUPPORTED' | 'OUTCOME_UNKNOWN';

export interface StepResult {
  step: OffboardStep;
  outcome: StepOutcome;
  /** The error code of a FAILED or OUTCOME_UNKNOWN step. */
  errorCode: string | null;
  /** Why a step was skipped or failed, in words. */
  note: string | null;
}

/**
 * Carries a plan out: sources in parallel, one step at a time within a source, each with its own
 * outcome; a failure never stops another source. Before each step the account is read fresh, and a
 * step whose effect is already there is ALREADY_DONE: running the plan again after a partial
 * failure finishes the rest without sending anything twice (nothing is retried: a POST whose answer
 * was lost is OUTCOME_UNKNOWN, and the next run's fresh read tells whether it landed). Every write
 * is audited by runWrite; the run ends with one summary event.
 */
export async function runOffboarding(ctx: WriteContext, email: string, steps: readonly OffboardStep[]): Promise<StepResult[]> {
  const bySource = new Map<string, OffboardStep[]>();
  for (const step of steps) bySource.set(step.source, [...(bySource.get(step.source) ?? []), step]);
  const results = new Map<OffboardStep, StepResult>();
  await Promise.all(
    [...bySource.values()].map(async (sourceSteps) => {
      let stopped = false;
      for (const step of sourceSteps) {
        // Steps of one source are in order (roles before deletion): after a failure the rest wait for the next run.
        if (stopped) {
          results.set(step, { step, outcome: 'FAILED', errorCode: 'NOT_RUN', note: 'not run: an earlier step of this source failed; run offboard again' });
          continue;
        }
        const result = await runStep(ctx, step);
        stopped = result.outcome === 'FAILED' || result.outcome === 'OUTCOME_UNKNOWN';
        results.set(step, result);
      }
    }),
  );
  const ordered = steps.map((s) => results.get(s) ?? { step: s, outcome: 'FAILED' as const, errorCode: 'INTERNAL', note: null });
  const counts: Record<string, number> = {};
  for (const r of ordered) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  ctx.logger.info(
    { audit: { caller: ctx.caller, operation: 'offboard', person: email.toLowerCase(), steps: ordered.length, outcomes: counts } },
    'offboarding',
  );
  return ordered;
}

async function runStep(ctx: WriteContext, step: OffboardStep): Promise<StepResult> {
  const work = step.work;
  if (work.kind === 'unsupported') return { step, outcome: 'SKIPPED_UNSUPPORTED', errorCode: 'UNSUPPORTED_BY_SOURCE', note: work.reason };
  try {
    // Fresh: what this request read before may be out of date after the steps before this one.
    ctx.loaders.invalidate(step.source);
    const now = await ctx.loaders.userById.load({ source: step.source, nativeId: step.nativeId });
    if (alreadyDone(step, now) || (work.kind === 'delete' && now === null)) return { step, outcome: 'ALREADY_DONE', errorCode: null, note: null };
    const outcome = await runWrite(ctx, {
      operation: `offboard ${step.action}`,
      source: step.source,
      nativeId: step.nativeId,
      call: (adapter, call) => vendorCall(adapter, call, step),
    });
    if (outcome.userErrors.length > 0)
      return { step, outcome: 'FAILED', errorCode: 'UPSTREAM_REJECTED', note: outcome.userErrors.map((e) => e.message).join('; ') };
    return { step, outcome: 'DONE', errorCode: null, note: null };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { step, outcome: err.code === 'OUTCOME_UNKNOWN' ? 'OUTCOME_UNKNOWN' : 'FAILED', errorCode: err.code, note: err.message };
  }
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
