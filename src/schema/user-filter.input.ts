import { DateTimeResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import type { PermissionLevel as Level, UserStatus as Status } from '../sources/model.js';
import type { UserFilter } from '../sources/source.js';
import { PermissionScopeInput } from './access-mutation.inputs.js';
import { PermissionLevel, UserStatus } from './enums.js';

@InputType('LevelFilter', { description: 'A permission level and every level above it.' })
export class LevelFilterInput {
  @Field(() => PermissionLevel, { description: 'This level or a higher one (OWNER > ADMIN > EDIT > OPERATE > VIEW).' })
  atLeast!: Level;
}

@InputType('UserFilter', { description: 'All given conditions must hold.' })
export class UserFilterInput {
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of email, username, first, last or display name (at most 200 characters).' })
  query?: string;

  @Field(() => String, { nullable: true, description: 'Case-insensitive exact email.' })
  email?: string;

  @Field(() => UserStatus, { description: 'Only users with this status.', nullable: true })
  status?: Status;

  @Field(() => String, { nullable: true, description: 'A vendor role name (`editor`, `PROJECT.ADMIN`, `read-only`, `staff`), case-insensitive, in any scope.' })
  role?: string;

  @Field(() => PermissionScopeInput, {
    nullable: true,
    description: "Members of a scope: users holding any role in it (Waldur customers and projects are asked with the scope's list_users).",
  })
  scope?: PermissionScopeInput | null;

  @Field(() => LevelFilterInput, { nullable: true, description: 'Users holding a permission of at least this level, anywhere.' })
  level?: LevelFilterInput | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Users holding a grant that expires before this instant (Waldur grants expire).' })
  expiresBefore?: Date | null;
}

/** The model's filter from the GraphQL input. */
export function toUserFilter(input: UserFilterInput | null): UserFilter {
  if (!input) return {};
  const { scope, level, expiresBefore, ...plain } = input;
  return {
    ...plain,
    ...(scope ? { scope: { kind: scope.kind, id: scope.id ?? null } } : {}),
    ...(level ? { levelAtLeast: level.atLeast } : {}),
    ...(expiresBefore ? { expiresBefore } : {}),
  };
}
