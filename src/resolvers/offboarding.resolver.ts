import type { GraphQLResolveInfo } from 'graphql';
import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { GatewayError, inArgument, UpstreamError } from '../errors.js';
import { encodeUserId } from '../ids/global-id.js';
import { rejectInput, sourceFailure } from '../mutations/run-write.js';
import { InputChecks } from '../mutations/validate-input.js';
import { alreadyDone, describeStep, type OffboardAction, type OffboardStep, planAccount } from '../offboarding/plan.js';
import { type PlanClaims, type SignedStep, stepIdentity } from '../offboarding/plan-token.js';
import { accountKey, type PlannedStep, type RunDeps, runOffboarding, type StepResult } from '../offboarding/run.js';
import { lookupCost } from '../schema/cost.js';
import { MUTATION_INPUT as INPUT } from '../schema/mutation-payloads.type.js';
import { OffboardAction as ActionEnum, OffboardInput, OffboardingPlanType, OffboardPayloadType, type OffboardStepType } from '../schema/offboarding.type.js';
import type { UnifiedUser, UserErrorInfo } from '../sources/model.js';
import { sortByUserKey } from '../sources/user-order.js';
import { pathOf } from './found.js';

/** The accounts one email has in the sources asked, and the sources that could not be read. */
interface AccountsRead {
  accounts: UnifiedUser[];
  failures: Map<string, GatewayError>;
}

type PlanView = { email: string; planId: string | null; steps: OffboardStepType[]; userErrors: UserErrorInfo[] };
type OffboardView = { email: string; steps: OffboardStepType[]; userErrors: UserErrorInfo[] };

/**
 * Offboarding: a plan to check first (no write), then that plan carried out. The plan id is signed
 * (offboarding/plan-token.ts) and bound to its caller and person, and offboard re-reads the person
 * and runs only the signed steps that the fresh plan still has: an edited, expired or borrowed
 * plan id sends nothing, and every word of the answer describes the fresh plan. Administrators only.
 */
@Resolver()
export class OffboardingResolver {
  @Authorized<Role>('admin')
  @Query(() => OffboardingPlanType, { complexity: lookupCost, description: "The steps that would take this person's access away everywhere; writes nothing." })
  async planOffboarding(
    @Arg('email', () => EmailAddressResolver, { description: 'The person, in any letter case.' }) email: string,
    @Arg('actions', () => [ActionEnum], { description: 'What to take away.' }) actions: OffboardAction[],
    @Arg('sources', () => [String], { nullable: true, description: 'Only these sources; absent: every source you may use.' }) sources: string[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PlanView> {
    const person = email.toLowerCase();
    if (sources) for (const name of sources) inArgument('sources', () => ctx.runtime(name));
    const read = await readAccounts(ctx, person, sources);
    // A source that could not be read is an error beside a plan of the others' steps; with no
    // account found anywhere, it is the userError that says why there is no plan.
    if (read.accounts.length > 0) for (const failure of read.failures.values()) ctx.partial.add(failure, pathOf(info));
    const wanted = new Set(actions);
    const steps = planFor(ctx, read.accounts, wanted);
    const refusal = noPlan(ctx, read, steps, ['email']);
    if (refusal) return { email: person, planId: null, steps: [], userErrors: [refusal] };
    const claims: PlanClaims = { caller: ctx.caller, email: person, actions: [...wanted], sources: sources ?? null, steps: steps.map(signedStep) };
    return { email: person, planId: ctx.offboarding.signer.sign(claims), steps: steps.map((s) => view(ctx, s, null)), userErrors: [] };
  }

  @Authorized<Role>('admin')
  @Mutation(() => OffboardPayloadType, {
    nullable: true,
    description:
      "Takes a person's access away everywhere: steps per source in parallel, one at a time within a source, each with its outcome. Run again to finish after a failure.",
  })
  async offboard(@Arg('input', () => OffboardInput, { description: INPUT }) input: OffboardInput, @Ctx() ctx: GatewayContext): Promise<OffboardView> {
    const person = input.email.toLowerCase();
    const refuse = (errors: UserErrorInfo[]): OffboardView => ({ email: person, steps: [], userErrors: rejectInput(ctx, 'offboard', null, errors).userErrors });
    const checks = new InputChecks();
    for (const [i, name] of (input.sources ?? []).entries()) checks.source(['sources', String(i)], name, ctx);
    if (!checks.ok) return refuse(checks.errors);
    let claims: PlanClaims | undefined;
    if (input.planId) {
      const verdict = ctx.offboarding.signer.verify(input.planId, { caller: ctx.caller, email: person });
      if (!verdict.ok) return refuse([{ field: ['planId'], code: verdict.code, message: `planId ${verdict.message}` }]);
      claims = verdict.claims;
      const refusal = planIdRefusal(ctx, claims, input);
      if (refusal) return refuse([refusal]);
    }
    const sources = narrow(claims?.sources ?? null, input.sources ?? null);
    // Fresh: nothing read before (by this request or, through the shared snapshots, by others) decides a write.
    for (const source of ctx.sources) if (!sources || sources.includes(source.name)) ctx.loaders.invalidate(source.name);
    const read = await readAccounts(ctx, person, sources);
    const fresh = planFor(ctx, read.accounts, new Set(claims?.actions ?? input.actions));
    const accounts = new Map<string, UnifiedUser | null>(read.accounts.map((a) => [accountKey(a.source, a.nativeId), a]));
    let planned: PlannedStep[];
    if (claims) {
      planned = await reconcile(ctx, claims.steps, fresh, read, accounts);
    } else {
      const refusal = noPlan(ctx, read, fresh, ['email']);
      if (refusal) return refuse([refusal]);
      planned = fresh.map((step) => ({ step }));
    }
    const deps: RunDeps = { ...ctx, reread: (source, nativeId) => reread(ctx, source, nativeId) };
    const results = await runOffboarding(deps, person, planned, accounts);
    return { email: person, steps: results.map((r) => view(ctx, r.step, r)), userErrors: [] };
  }
}

/** Every account with this email in the sources asked (all the caller may use when null), and which sources failed. */
async function readAccounts(ctx: GatewayContext, email: string, sources: readonly string[] | null): Promise<AccountsRead> {
  const failures = new Map<string, GatewayError>();
  const names = ctx.sources.map((s) => s.name).filter((name) => !sources || sources.includes(name));
  const found = await Promise.all(
    names.map(async (source) => {
      try {
        return await ctx.loaders.usersByEmail.load({ source, email });
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        failures.set(source, err);
        return [];
      }
    }),
  );
  // The gateway's order (lower-case email, then source), so a plan reads the same every time.
  return { accounts: sortByUserKey(found.flat()), failures };
}

function planFor(ctx: GatewayContext, accounts: readonly UnifiedUser[], actions: ReadonlySet<OffboardAction>): OffboardStep[] {
  return accounts.flatMap((account) => planAccount(account, ctx.runtime(account.source).info.vendor, actions));
}

/**
 * Why there is no plan to run: nobody to offboard (NOT_FOUND; or, where a source could not be
 * read, that source's failure, so "not found" and "could not look" differ), or more steps than
 * limits.maxOffboardSteps. Undefined when there is a plan.
 */
function noPlan(ctx: GatewayContext, read: AccountsRead, steps: readonly OffboardStep[], field: string[]): UserErrorInfo | undefined {
  if (read.accounts.length === 0) {
    const [failed] = read.failures.values();
    if (failed instanceof UpstreamError) {
      const failure = sourceFailure(failed, null);
      const unread = [...read.failures.keys()].join(', ');
      return { ...failure, field, message: `no account found in the sources that answered, and ${unread} could not be read: ${failed.message}` };
    }
    return { field, code: 'NOT_FOUND', message: 'no source you may use has an account with this email' };
  }
  if (steps.length > ctx.offboarding.maxSteps) {
    return {
      field: null,
      code: 'LIMIT_EXCEEDED',
      message: `the plan has ${steps.length} steps, more than limits.maxOffboardSteps (${ctx.offboarding.maxSteps})`,
    };
  }
  return undefined;
}

/** A verified plan that still cannot run here: too long, outside the actions or sources asked, or naming a source no longer configured. */
function planIdRefusal(ctx: GatewayContext, claims: PlanClaims, input: OffboardInput): UserErrorInfo | undefined {
  if (claims.steps.length > ctx.offboarding.maxSteps) {
    return {
      field: ['planId'],
      code: 'LIMIT_EXCEEDED',
      message: `the plan has ${claims.steps.length} steps, more than limits.maxOffboardSteps (${ctx.offboarding.maxSteps})`,
    };
  }
  if (claims.steps.some((s) => !input.actions.includes(s.action) || (input.sources && !input.sources.includes(s.source)))) {
    return { field: ['planId'], code: 'INVALID', message: 'planId holds steps outside these actions or sources' };
  }
  const checks = new InputChecks();
  for (const source of new Set(claims.steps.map((s) => s.source))) checks.source(['planId'], source, ctx);
  return checks.errors[0];
}

/**
 * The signed steps, each matched against the fresh plan: a step the fresh plan has runs as the
 * fresh plan describes it; one it lacks is ALREADY_DONE when its effect is there (the role is
 * gone, the account deleted) and SKIPPED_STALE otherwise; one of a source that could not be read is
 * NOT_RUN. Steps of the fresh plan that the signed plan lacks are reported SKIPPED_STALE and not
 * run: nobody checked them.
 */
async function reconcile(
  ctx: GatewayContext,
  signed: readonly SignedStep[],
  fresh: readonly OffboardStep[],
  read: AccountsRead,
  accounts: Map<string, UnifiedUser | null>,
): Promise<PlannedStep[]> {
  const byIdentity = new Map(fresh.map((step) => [stepIdentity(step), step]));
  const planned: PlannedStep[] = [];
  for (const s of signed) {
    const match = byIdentity.get(stepIdentity(s));
    if (match) {
      planned.push({ step: match });
      continue;
    }
    const step = describeStep(s, ctx.runtime(s.source).info.vendor, s.action, s.work);
    if (step.work.kind === 'unsupported') {
      // Nothing to send whatever the account's state: the run reports it SKIPPED_UNSUPPORTED.
      planned.push({ step });
      continue;
    }
    const failure = read.failures.get(s.source);
    if (failure) {
      const errorCode = failure instanceof UpstreamError ? failure.code : 'UPSTREAM_UNAVAILABLE';
      planned.push({ step, settled: { outcome: 'NOT_RUN', errorCode, note: `not run: the account could not be read (${failure.message})` } });
      continue;
    }
    const key = accountKey(s.source, s.nativeId);
    if (!accounts.has(key)) {
      // Not found by email: deleted (done), or now under another email (no longer this person's).
      const now = await reread(ctx, s.source, s.nativeId).catch((err: unknown) => (err instanceof GatewayError ? err : Promise.reject(err)));
      if (now instanceof GatewayError) {
        const errorCode = now instanceof UpstreamError ? now.code : 'UPSTREAM_UNAVAILABLE';
        planned.push({ step, settled: { outcome: 'NOT_RUN', errorCode, note: `not run: the account could not be read (${now.message})` } });
        continue;
      }
      if (now) {
        planned.push({ step, settled: { outcome: 'SKIPPED_STALE', note: 'the account no longer has this email; nothing was sent. Plan again.' } });
        continue;
      }
      accounts.set(key, null);
    }
    planned.push(
      alreadyDone(step, accounts.get(key) ?? null)
        ? { step, settled: { outcome: 'ALREADY_DONE', note: 'the fresh read shows it done already' } }
        : { step, settled: { outcome: 'SKIPPED_STALE', note: 'the account no longer matches the plan; nothing was sent. Plan again.' } },
    );
  }
  // What the fresh plan has that nobody planned (a role granted since): shown, never run.
  const signedIds = new Set(signed.map(stepIdentity));
  for (const step of fresh) {
    if (!signedIds.has(stepIdentity(step)) && step.work.kind !== 'unsupported') {
      planned.push({
        step,
        settled: { outcome: 'SKIPPED_STALE', note: 'not in the plan (the account changed since it was made); nothing was sent. Plan again.' },
      });
    }
  }
  return planned;
}

/** The account as the vendor has it now, past the request's loaders and the shared snapshots. */
function reread(ctx: GatewayContext, source: string, nativeId: string): Promise<UnifiedUser | null> {
  ctx.loaders.invalidate(source);
  return ctx.loaders.userById.load({ source, nativeId });
}

function signedStep(step: OffboardStep): SignedStep {
  return { source: step.source, nativeId: step.nativeId, action: step.action, work: step.work };
}

/** The sources both lists allow; null when neither limits them. */
function narrow(a: readonly string[] | null, b: readonly string[] | null): string[] | null {
  if (!a) return b ? [...b] : null;
  return b ? a.filter((name) => b.includes(name)) : [...a];
}

function view(ctx: GatewayContext, step: OffboardStep, result: StepResult | null): OffboardStepType {
  return {
    source: ctx.runtime(step.source).info,
    userId: encodeUserId(step.source, step.nativeId),
    action: step.action,
    description: step.description,
    operation: step.operation,
    supported: step.work.kind !== 'unsupported',
    outcome: result?.outcome ?? null,
    errorCode: result?.errorCode ?? null,
    note: result?.note ?? (step.work.kind === 'unsupported' ? step.work.reason : null),
  };
}
