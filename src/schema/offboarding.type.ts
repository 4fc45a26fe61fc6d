import { EmailAddressResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { OffboardAction as Action } from '../offboarding/plan.js';
import type { StepOutcome as Outcome } from '../offboarding/run.js';
import { SourceType } from './source.type.js';
import { UserErrorType } from './user-error.type.js';

export const OffboardAction = { REVOKE_ROLES: 'REVOKE_ROLES', DEACTIVATE: 'DEACTIVATE', DELETE: 'DELETE' } as const satisfies Record<Action, Action>;
registerEnumType(OffboardAction, {
  name: 'OffboardAction',
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
  SKIPPED_UNSUPPORTED: 'SKIPPED_UNSUPPORTED',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
} as const satisfies Record<Outcome, Outcome>;
registerEnumType(StepOutcome, {
  name: 'OffboardStepOutcome',
  valuesConfig: {
    DONE: { description: 'Applied now.' },
    ALREADY_DONE: { description: 'The fresh read showed it in place already (a run after a partial failure).' },
    FAILED: { description: 'The vendor refused or failed; see errorCode. Run offboard again to finish.' },
    SKIPPED_UNSUPPORTED: { description: 'The vendor cannot do this; see note.' },
    OUTCOME_UNKNOWN: { description: 'A write whose answer never came: run offboard again, which reads before it writes.' },
  },
});

@ObjectType('OffboardStep', { description: 'One step of taking one account’s access away.' })
export class OffboardStepType {
  @Field(() => SourceType) source!: SourceType;
  @Field(() => ID, { description: 'The account (User.id).' }) userId!: string;
  @Field(() => OffboardAction) action!: Action;
  @Field(() => String, { description: 'e.g. "revoke editor on DATA_DOMAIN datalake".' }) description!: string;
  @Field(() => String, { description: 'The vendor call it maps to.' }) operation!: string;
  @Field(() => Boolean, { description: 'False where the vendor cannot do this step (see note).' }) supported!: boolean;
  @Field(() => StepOutcome, { nullable: true, description: 'Null in a plan; set by offboard.' }) outcome!: Outcome | null;
  @Field(() => String, { nullable: true }) errorCode!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('OffboardingPlan')
export class OffboardingPlanType {
  @Field(() => String) email!: string;
  @Field(() => String, { description: 'Pass to offboard to carry out exactly these steps (and again, to finish after a failure).' }) planId!: string;
  @Field(() => [OffboardStepType], { description: 'Per account, in order; accounts of different sources run in parallel.' }) steps!: OffboardStepType[];
}

@InputType('OffboardInput')
export class OffboardInput {
  @Field(() => EmailAddressResolver) email!: string;
  @Field(() => [OffboardAction]) actions!: Action[];
  @Field(() => [String], { nullable: true, description: 'Only these sources; absent: every source you may use.' }) sources?: string[] | null;
  @Field(() => String, { nullable: true, description: 'A planOffboarding planId: its steps are run (actions and sources then only have to match the plan).' })
  planId?: string | null;
}

@ObjectType('OffboardPayload')
export class OffboardPayloadType {
  @Field(() => String) email!: string;
  @Field(() => [OffboardStepType]) steps!: OffboardStepType[];
  @Field(() => [UserErrorType]) userErrors!: UserErrorType[];
}
