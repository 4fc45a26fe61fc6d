import { Field, Int, ObjectType } from 'type-graphql';
import type { UserErrorCode as Code, UserErrorInfo } from '../sources/model.js';
import { UserErrorCodeEnum } from './error-codes.enum.js';

@ObjectType('UserError', {
  simpleResolvers: true,
  description:
    'Why a mutation did not apply: a problem with its input (nothing was sent), or the failure of the source it wrote to. One shape per fault whatever the vendor; the other mutations of the request are not affected.',
})
export class UserErrorType implements UserErrorInfo {
  @Field(() => [String], { nullable: true, description: 'The path of the field in `input`, e.g. ["scope", "id"]; null when no one field is at fault.' })
  field!: string[] | null;

  @Field(() => String, { description: 'What was wrong, in words for a person; never quotes a password, token or key.' })
  message!: string;

  @Field(() => UserErrorCodeEnum, { description: 'What was wrong, for a program to branch on.' })
  code!: Code;

  @Field(() => String, {
    nullable: true,
    description: 'The config name of the source that refused or failed; null for input refused before any source was chosen.',
  })
  source?: string;

  // `retryable` is a field resolver (user-error.resolver.ts): input problems leave it out.
  retryable?: boolean;

  @Field(() => Int, { nullable: true, description: "Seconds to wait before sending again, from the source's Retry-After." })
  retryAfter?: number;
}
