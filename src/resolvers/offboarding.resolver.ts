import type { GraphQLResolveInfo } from 'graphql';
import { EmailAddressResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Role } from '../config/config-schema.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { encodeUserId } from '../ids/global-id.js';
import { OFFBOARD_ACTIONS, type OffboardAction, type OffboardStep, planAccount } from '../offboarding/plan.js';
import { decodePlanId, encodePlanId } from '../offboarding/plan-id.js';
import { runOffboarding, type StepResult } from '../offboarding/run.js';
import { lookupCost } from '../schema/cost.js';
import { OffboardAction as ActionEnum, OffboardInput, OffboardingPlanType, OffboardPayloadType, type OffboardStepType } from '../schema/offboarding.type.js';
import { pathOf } from './found.js';
import { accountsOf } from './person.resolver.js';

/** Offboarding: a plan to check first (no write), then the same plan carried out. Administrators only. */
@Resolver()
export class OffboardingResolver {
  @Authorized<Role>('admin')
  @Query(() => OffboardingPlanType, { complexity: lookupCost, description: "The steps that would take this person's access away everywhere; writes nothing." })
  async planOffboarding(
    @Arg('email', () => EmailAddressResolver) email: string,
    @Arg('actions', () => [ActionEnum]) actions: OffboardAction[],
    @Arg('sources', () => [String], { nullable: true }) sources: string[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<{ email: string; planId: string; steps: OffboardStepType[] }> {
    const steps = await plan(ctx, email, actions, sources, pathOf(info));
    return { email: email.toLowerCase(), planId: encodePlanId(email.toLowerCase(), steps), steps: steps.map((s) => view(ctx, s, null)) };
  }

  @Authorized<Role>('admin')
  @Mutation(() => OffboardPayloadType, {
    description:
      "Takes a person's access away everywhere: steps per source in parallel, one at a time within a source, each with its outcome. Run again to finish after a failure.",
  })
  async offboard(
    @Arg('input', () => OffboardInput) input: OffboardInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<{ email: string; steps: OffboardStepType[]; userErrors: [] }> {
    const steps = input.planId ? fromPlan(ctx, input) : await plan(ctx, input.email, input.actions, input.sources ?? null, pathOf(info));
    const results = await runOffboarding(ctx, input.email, steps);
    return { email: input.email.toLowerCase(), steps: results.map((r) => view(ctx, r.step, r)), userErrors: [] };
  }
}

/** A source that cannot be read now adds its error at `path` and has no steps in the plan. */
async function plan(
  ctx: GatewayContext,
  email: string,
  actions: readonly OffboardAction[],
  sources: readonly string[] | null,
  path: (string | number)[],
): Promise<OffboardStep[]> {
  if (sources) for (const name of sources) ctx.runtime(name);
  const wanted = new Set(actions.filter((a) => (OFFBOARD_ACTIONS as readonly string[]).includes(a)));
  const accounts = (await accountsOf(ctx, email.toLowerCase(), path)).filter((a) => !sources || sources.includes(a.source));
  return accounts.flatMap((account) => planAccount(account, ctx.runtime(account.source).info.vendor, wanted));
}

/** The steps of a plan id, each on a source the caller may use, and within the actions and sources asked. */
function fromPlan(ctx: GatewayContext, input: OffboardInput): OffboardStep[] {
  const steps = decodePlanId(input.planId ?? '', input.email);
  for (const step of steps) {
    ctx.runtime(step.source);
    if (!input.actions.includes(step.action) || (input.sources && !input.sources.includes(step.source))) {
      throw badUserInput('planId: the plan holds steps outside these actions or sources');
    }
  }
  return steps;
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
