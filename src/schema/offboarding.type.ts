import { EmailAddressResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { UserErrorCode } from '../error-codes.js';
import type { OffboardAction as Action } from '../offboarding/plan.js';
import type { StepOutcome as Outcome } from '../offboarding/run.js';
import type { UserErrorInfo } from '../sources/model.js';
import { UserErrorCodeEnum } from './error-codes.enum.js';
import { SourceType } from './source.type.js';
import { UserErrorType } from './user-error.type.js';

export const OffboardAction = { REVOKE_ROLES: 'REVOKE_ROLES', DEACTIVATE: 'DEACTIVATE', DELETE: 'DELETE' } as const satisfies Record<Action, Action>;
registerEnumType(OffboardAction, {
  name: 'OffboardAction',
  description: 'What offboarding takes away; the steps of each action run in this order within an account.',
  valuesConfig: {
    REVOKE_ROLES: { description: 'Take every role away, one step per role.' },
    DEACTIVATE: { description: 'Deactivate the account (Waldur); flagged unsupported where the vendor has no such thing.' },
    DELETE: { description: 'Delete the account.' },
  },
});

export const StepOutcome = {
  DONE: 'DONE',
  ALREADY_DONE: 'ALREADY_DONE',
  FAILED: 'FAILED',
  NOT_RUN: 'NOT_RUN',
  SKIPPED_UNSUPPORTED: 'SKIPPED_UNSUPPORTED',
  SKIPPED_STALE: 'SKIPPED_STALE',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
} as const satisfies Record<Outcome, Outcome>;
registerEnumType(StepOutcome, {
  name: 'OffboardStepOutcome',
  description: 'What became of one step when offboard ran; the summary audit event counts each.',
  valuesConfig: {
    DONE: { description: 'Applied now.' },
    ALREADY_DONE: { description: 'The fresh read showed its effect in place already (a run after a partial failure, or a change made by hand).' },
    FAILED: { description: 'The vendor refused or failed; see errorCode. Run offboard again to finish.' },
    NOT_RUN: { description: 'Not sent, because an earlier step of the same source failed; see errorCode. Run offboard again to finish.' },
    SKIPPED_UNSUPPORTED: { description: 'The vendor cannot do this; see note.' },
    SKIPPED_STALE: {
      description: 'In the signed plan, but the account no longer matches it (the role was changed, not removed); nothing was sent. Plan again.',
    },
    OUTCOME_UNKNOWN: { description: 'A write whose answer never came: run offboard again, which reads before it writes.' },
  },
});

@ObjectType('OffboardStep', { simpleResolvers: true, description: 'One step of taking one account’s access away.' })
export class OffboardStepType {
  @Field(() => SourceType, { description: 'The source that holds the account.' }) source!: SourceType;
  @Field(() => ID, { description: 'The account (User.id).' }) userId!: string;
  @Field(() => OffboardAction, { description: 'The action this step belongs to.' }) action!: Action;
  @Field(() => String, { description: 'e.g. "revoke editor on DATA_DOMAIN datalake"; always made from the fresh plan, never taken from a planId.' })
  description!: string;
  @Field(() => String, { description: 'The vendor call it maps to.' }) operation!: string;
  @Field(() => Boolean, { description: 'False where the vendor cannot do this step (see note).' }) supported!: boolean;
  @Field(() => StepOutcome, { nullable: true, description: 'Null in a plan; set by offboard.' }) outcome!: Outcome | null;
  @Field(() => UserErrorCodeEnum, { nullable: true, description: 'Why the step FAILED, was OUTCOME_UNKNOWN or NOT_RUN (the failure behind it).' })
  errorCode!: UserErrorCode | null;
  @Field(() => String, { nullable: true, description: 'Why the step was skipped, failed or not run, in words.' }) note!: string | null;
}

@ObjectType('OffboardingPlan', { simpleResolvers: true, description: 'The steps that would take one person’s access away, for offboard to carry out.' })
export class OffboardingPlanType {
  @Field(() => String, { description: 'The person, lower-cased.' }) email!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Opaque and signed: pass it to offboard to carry out these steps (and again, to finish after a failure). Only for the caller it was made for, until it expires (auth.planTtlSeconds). Null when userErrors says why there is no plan.',
  })
  planId!: string | null;
  @Field(() => [OffboardStepType], { description: 'Per account, in order; accounts of different sources run in parallel.' }) steps!: OffboardStepType[];
  @Field(() => [UserErrorType], {
    description:
      'Why there is no plan: NOT_FOUND when no source that answered has the person, a source code when the one that has them could not be read, LIMIT_EXCEEDED past limits.maxOffboardSteps.',
  })
  userErrors!: UserErrorInfo[];
}

@InputType('OffboardInput', { description: "What to take away from whom: a fresh plan, or a planId's steps re-checked against fresh state." })
export class OffboardInput {
  @Field(() => EmailAddressResolver, { description: 'The person; with planId, the one the plan was made for.' }) email!: string;
  @Field(() => [OffboardAction], { description: 'What to take away; with planId, at least the plan’s actions.' }) actions!: Action[];
  @Field(() => [String], { nullable: true, description: 'Only these sources; absent: every source you may use.' }) sources?: string[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A planOffboarding planId: only its steps that the fresh plan still has are run; the others are ALREADY_DONE or SKIPPED_STALE. A planId that was changed, expired, or made for another caller or email is refused with nothing sent.',
  })
  planId?: string | null;
}

@ObjectType('OffboardPayload', { simpleResolvers: true, description: 'What offboard did, step by step, or userErrors saying why it did nothing.' })
export class OffboardPayloadType {
  @Field(() => String, { description: 'The person, lower-cased.' }) email!: string;
  @Field(() => [OffboardStepType], { description: 'Each step with its outcome, in plan order.' }) steps!: OffboardStepType[];
  @Field(() => [UserErrorType], { description: 'Why nothing was run: a refused planId, an unknown person, too many steps.' })
  userErrors!: UserErrorInfo[];
}
