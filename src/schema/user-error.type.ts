import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { UserErrorCode as Code, UserErrorInfo } from '../sources/model.js';

export const UserErrorCode = {
  INVALID: 'INVALID',
  REQUIRED: 'REQUIRED',
  TOO_LONG: 'TOO_LONG',
  NOT_ALLOWED: 'NOT_ALLOWED',
  TAKEN: 'TAKEN',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  UPSTREAM_REJECTED: 'UPSTREAM_REJECTED',
} as const satisfies Record<Code, Code>;

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  valuesConfig: {
    INVALID: { description: 'The value does not fit the rule the message names.' },
    REQUIRED: { description: 'The field must be given.' },
    TOO_LONG: { description: 'The value is longer than the message says is allowed.' },
    NOT_ALLOWED: { description: "The source's vendor has no such thing, or the change does not apply (a role not held)." },
    TAKEN: { description: 'Another user already has this value.' },
    LIMIT_EXCEEDED: { description: 'The source refused for a licence or quota limit.' },
    UPSTREAM_REJECTED: { description: "The source's own validation refused the value." },
  },
});

@ObjectType('UserError', { description: "Something wrong with the mutation's input. Nothing was changed." })
export class UserErrorType implements UserErrorInfo {
  @Field(() => [String], { nullable: true, description: 'The path of the field in `input`, e.g. ["scope", "id"]; null when no one field is at fault.' })
  field!: string[] | null;

  @Field(() => String)
  message!: string;

  @Field(() => UserErrorCode)
  code!: Code;
}
